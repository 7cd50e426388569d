"""``POST /api/messages``: Teams activities in, the bot's steps run, answers go out later.

The HTTP answer comes fast (Teams gives up after 15 s and re-delivers; we aim for well
under 2 s). A 1:1 message is answered once its step has committed, when that takes less
than ``TURN_BUDGET`` (it nearly always does: the step is a few database writes), so a
crash before the answer makes Teams deliver it again and nothing is lost; a slower step
goes on in the background. Channel messages are answered at once and scanned in the
background. Card actions are answered inline with the updated card when the bot decides
in time, else with a short message while the work finishes and the card is updated in
place afterwards. Everything the bot sends goes through its outbox, not from here.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from aiohttp import web

from bot.services.messages import ActionOutcome, CardAction, ConversationRef, Incoming
from bot.teams import dialogs
from bot.teams.activities import (
    BadActivityError,
    TeamsActivity,
    bot_was_added,
    parse_activity,
    references_for,
    to_card_action,
    to_incoming,
)
from bot.teams.background import Background, SeenIds, incident_id
from bot.teams.connector import BotConnector
from bot.teams.dialogs import DIALOG_INVOKES
from bot.teams.notifier import ReferenceStore, remember
from bot.teams.places import learn_names
from bot.teams.render import card_for, invoke_card_response, invoke_message_response, to_activity
from bot.teams.security import inbound_problem

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
MAX_DEPTH = 32
INVOKE_BUDGET = 1.5
"""Seconds a card action may take before the clicker gets "working on it" instead."""
TURN_BUDGET = 2.0
"""Seconds a 1:1 message's step may take before it is answered and finished later."""

KNOWN_IGNORED = frozenset(
    {
        "messageReaction",
        "messageDelete",
        "typing",
        "installationUpdate",
        "event",
        "endOfConversation",
        "contactRelationUpdate",
        "deleteUserData",
    }
)
SORRY = "Sorry, something went wrong on our side. If it matters, quote incident {id} to the DPO."
WORKING = "Working on it: the card will update in a moment."


class BotPort(Protocol):
    """What the transport needs from ``bot.services.bot.CareGuardBot``."""

    async def on_message(self, incoming: Incoming) -> None: ...

    async def on_card_action(self, action: CardAction) -> ActionOutcome: ...

    async def on_install(self, ref: ConversationRef) -> None: ...

    async def on_places(self, names: Mapping[str, str]) -> None: ...


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


async def read_body(request: web.Request) -> Mapping[str, Any] | web.Response:
    """The JSON object in the request, or the 4xx answer explaining what is wrong."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _error(413, "body larger than 1 MiB")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > MAX_BODY:
                return _error(413, "body larger than 1 MiB")
            chunks.append(chunk)
    except (ConnectionError, asyncio.IncompleteReadError):
        return _error(400, "body could not be read")
    raw = b"".join(chunks)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return _error(400, "body is not valid JSON")
    if not isinstance(body, dict):
        return _error(400, "body is not a JSON object")
    if _too_deep(body):
        return _error(400, "body is nested too deeply")
    return body


def delivery_key(activity: TeamsActivity) -> str:
    """What makes a delivery the same delivery again.

    An edit (``messageUpdate``) carries the id of the message it changes, so every edit
    of one message has the same id: the edited text tells a new edit from a re-delivery.
    """
    key = f"{activity.type}|{activity.conversation_id}|{activity.id}"
    if activity.type == "messageUpdate":
        text = activity.raw.get("text")
        digest = hashlib.sha256(str(text).encode("utf-8", "replace")).hexdigest()[:16]
        key = f"{key}|{digest}"
    return key


class TeamsTransport:
    """Turns Teams activities into bot calls and the bot's answers into Teams sends.

    Args:
        bot: The front-end-neutral bot.
        connector: Bot Connector client (a late card action's update of the pressed card).
        store: Conversation references (saved on every activity that teaches one).
        background: Where work after the HTTP answer runs.
    """

    def __init__(
        self,
        bot: BotPort,
        connector: BotConnector,
        store: ReferenceStore,
        background: Background,
    ) -> None:
        self._bot = bot
        self._connector = connector
        self._store = store
        self.background = background
        self._seen = SeenIds()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The ``POST /api/messages`` handler."""
        body = await read_body(request)
        if isinstance(body, web.Response):
            return body
        try:
            activity = parse_activity(body)
        except BadActivityError as exc:
            return _error(400, str(exc))
        # Before anything is stored, sent or believed (the sender's identity included).
        problem = inbound_problem(request, activity.service_url)
        if problem is not None:
            log.warning("activity refused: %s", problem)
            return web.json_response({"error": "unauthorised"}, status=401)
        if activity.type == "invoke":
            return await self._invoke(activity)
        if activity.type not in ("message", "messageUpdate", "conversationUpdate"):
            if activity.type in KNOWN_IGNORED:
                return web.Response(status=200)
            return _error(400, "unsupported activity type")
        if activity.id is not None and not self._seen.first_time(delivery_key(activity))[0]:
            return web.Response(status=200)  # a re-delivery: already being handled
        turn = self._turn(activity)
        if activity.type == "message" and activity.conversation_type == "personal":
            outcome = await self.background.within(
                "1:1 turn", turn, key=activity.conversation_id, budget=TURN_BUDGET
            )
            if outcome == "failed":
                # Nothing was committed (the bot answers its own failures with an apology,
                # so this is the transport's own work, e.g. storing the reference): Teams
                # delivers the activity again on a 5xx instead of dropping it.
                self._seen.forget(delivery_key(activity))
                return web.json_response({"error": "try again"}, status=503)
            return web.Response(status=200 if outcome == "done" else 202)
        self.background.start(f"{activity.type} turn", turn, key=activity.conversation_id)
        return web.Response(status=202)

    async def _turn(self, activity: TeamsActivity) -> None:
        refs = references_for(activity) if activity.service_url else []
        await remember(self._store, refs)
        if activity.type == "conversationUpdate":
            if bot_was_added(activity):
                for ref in refs:
                    await self._bot.on_install(ref)
            names = await learn_names(self._connector, activity)
            if names:
                await self._bot.on_places(names)
            return
        await self._bot.on_message(to_incoming(activity))

    async def _invoke(self, activity: TeamsActivity) -> web.Response:
        if activity.name in DIALOG_INVOKES:
            return await self._dialog(activity)
        if activity.name != "adaptiveCard/action":
            return web.json_response(
                invoke_message_response("CareGuard does not handle this action."), status=200
            )
        action = to_card_action(activity)
        if action is None:
            return web.json_response(
                invoke_message_response("That button did not send what CareGuard expected."),
                status=200,
            )
        key = f"invoke|{activity.conversation_id}|{activity.id}" if activity.id else None
        if key is not None:
            first, answer = self._seen.first_time(key)
            if not first:
                return web.json_response(answer or invoke_message_response(WORKING), status=200)
        answer = await self._card_action(activity, action)
        if key is not None:
            self._seen.set(key, answer)
        return web.json_response(answer, status=200)

    async def _dialog(self, activity: TeamsActivity) -> web.Response:
        key = f"{activity.name}|{activity.conversation_id}|{activity.id}" if activity.id else None
        if key is not None:
            first, seen = self._seen.first_time(key)
            if not first:  # a re-delivery: the same answer again, nothing run twice
                return web.json_response(seen or dialogs.close_with(WORKING), status=200)
        answer = await dialogs.answer(self._bot, activity)
        if key is not None:
            self._seen.set(key, answer)
        return web.json_response(answer, status=200)

    async def _card_action(self, activity: TeamsActivity, action: CardAction) -> dict[str, Any]:
        work = asyncio.ensure_future(self._bot.on_card_action(action))
        try:
            outcome = await asyncio.wait_for(asyncio.shield(work), INVOKE_BUDGET)
        except TimeoutError:
            self.background.start("late card action", self._finish_late(activity, work))
            return invoke_message_response(WORKING)
        except Exception as exc:
            incident = incident_id()
            log.error("card action failed: %s (incident %s)", type(exc).__name__, incident)
            return invoke_message_response(SORRY.format(id=incident))
        return self._answer(activity, outcome)

    def _answer(self, activity: TeamsActivity, outcome: ActionOutcome) -> dict[str, Any]:
        # The alert card is updated for everyone by the bot's outbox; the clicker's copy
        # is replaced by this answer.
        card = card_for(outcome.updated) if outcome.updated is not None else None
        if card is None:
            return invoke_message_response(outcome.toast)
        return invoke_card_response(card)

    async def _finish_late(
        self, activity: TeamsActivity, work: asyncio.Future[ActionOutcome]
    ) -> None:
        outcome = await work
        if outcome.updated is not None:
            await self._update_pressed(activity, outcome)

    async def _update_pressed(self, activity: TeamsActivity, outcome: ActionOutcome) -> None:
        pressed = activity.raw.get("replyToId")
        if not isinstance(pressed, str) or not activity.service_url or outcome.updated is None:
            return
        await self._connector.update(
            activity.service_url, activity.conversation_id, pressed, to_activity(outcome.updated)
        )
