"""``POST /api/messages``: Teams activities in, the bot's answers out.

The HTTP answer comes first and fast (Teams gives up after 15 s and re-delivers; we
aim for well under 2 s): messages are acknowledged at once and handled in the
background, where the detector scan and any sends happen. Card actions are answered
inline with the updated card when the bot decides in time, else with a short message
while the work finishes and the card is updated in place afterwards.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from aiohttp import web

from bot.services.messages import (
    ActionOutcome,
    CardAction,
    Channel,
    ConversationRef,
    Delivery,
    Incoming,
    Private,
    Text,
)
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
from bot.teams.notifier import ReferenceStore, TeamsNotifier, remember
from bot.teams.render import card_for, invoke_card_response, invoke_message_response, to_activity

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
MAX_DEPTH = 32
INVOKE_BUDGET = 1.5
"""Seconds a card action may take before the clicker gets "working on it" instead."""

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

    async def on_message(self, incoming: Incoming) -> list[Delivery]: ...

    async def on_card_action(self, action: CardAction) -> ActionOutcome: ...

    async def on_install(self, ref: ConversationRef) -> list[Delivery]: ...


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


def service_url_matches_token(request: web.Request, activity: TeamsActivity) -> bool:
    """The Bot Framework token names the service URL it was issued for; they must agree.

    Otherwise a valid token could carry an activity that sends our replies elsewhere.
    Anonymous (development) requests have no claims and pass.
    """
    claims = getattr(request.get("claims_identity"), "claims", None)
    claimed = claims.get("serviceurl") if isinstance(claims, Mapping) else None
    if not isinstance(claimed, str) or not activity.service_url:
        return True
    return claimed.rstrip("/").casefold() == activity.service_url.rstrip("/").casefold()


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
        connector: Bot Connector client for replies and card updates.
        store: Conversation references (saved on every activity that teaches one).
        notifier: Proactive sends (private messages, channel posts).
        background: Where work after the HTTP answer runs.
    """

    def __init__(
        self,
        bot: BotPort,
        connector: BotConnector,
        store: ReferenceStore,
        notifier: TeamsNotifier,
        background: Background,
    ) -> None:
        self._bot = bot
        self._connector = connector
        self._store = store
        self._notifier = notifier
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
        if not service_url_matches_token(request, activity):
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
        self.background.start(f"{activity.type} turn", turn, key=activity.conversation_id)
        return web.Response(status=202)

    async def _turn(self, activity: TeamsActivity) -> None:
        refs = references_for(activity) if activity.service_url else []
        await remember(self._store, refs)
        if activity.type == "conversationUpdate":
            if bot_was_added(activity):
                for ref in refs:
                    await self._deliver(activity, await self._bot.on_install(ref))
            return
        incoming = to_incoming(activity)
        try:
            deliveries = await self._bot.on_message(incoming)
        except Exception as exc:
            incident = incident_id()
            log.error("message turn failed: %s (incident %s)", type(exc).__name__, incident)
            if activity.conversation_type == "personal" or incoming.mentions_bot:
                await self._deliver(
                    activity, [Delivery(Private(incoming.actor), Text(SORRY.format(id=incident)))]
                )
            return
        await self._deliver(activity, deliveries)

    async def _deliver(self, activity: TeamsActivity, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            try:
                await self._deliver_one(activity, delivery)
            except Exception as exc:  # one failed send must not stop the others
                log.error("send failed: %s (incident %s)", type(exc).__name__, incident_id())

    async def _deliver_one(self, activity: TeamsActivity, delivery: Delivery) -> None:
        target = delivery.target
        if isinstance(target, Private):
            if activity.conversation_type == "personal" and (
                target.person.aad_object_id in (activity.sender_aad, activity.sender_id)
            ):
                await self._same(activity, delivery)
            else:
                await self._notifier.to_person(target.person, delivery.message)
        elif isinstance(target, Channel):
            await self._notifier.to_channel(target.channel_id, delivery.message)
        else:
            await self._same(activity, delivery)

    async def _same(self, activity: TeamsActivity, delivery: Delivery) -> None:
        if not activity.service_url:
            raise BadActivityError("serviceUrl is missing")
        await self._connector.send(
            activity.service_url, activity.conversation_id, to_activity(delivery.message)
        )

    async def _invoke(self, activity: TeamsActivity) -> web.Response:
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
        card = card_for(outcome.updated) if outcome.updated is not None else None
        if outcome.updated is not None:
            self.background.start("card update", self._update_pressed(activity, outcome))
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
