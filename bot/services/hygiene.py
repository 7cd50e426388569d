"""Name-detection warnings: scan channel and group-chat messages, warn the author privately.

``HygieneService`` fits the bot's ``HygienePort``. For each channel or group-chat message
(and each edit) it scans the text off the event loop; when the detector flags it, the
author gets a private warning (kinds of identifier found, never the identifiers, and a
suggested rewrite with initials) and a hygiene event is stored: place, author, time,
entity types and a keyed hash of the message. No message text is stored or logged.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar

from bot.domain.clock import Clock
from bot.domain.organisation import DECISION_ROLES, Organisation, Person
from bot.register.breaches.repository import BreachRepository
from bot.register.state.hygiene import Feedback, HygieneEvent, HygieneStore, fit
from bot.register.state.hygiene_models import AUTHOR_LENGTH
from bot.services.hygiene_breach import breach_from_warning, choose_service
from bot.services.hygiene_config import (
    BUSY,
    GONE,
    NO_REGISTER,
    NOT_AUTHOR,
    NOT_OFFICER,
    NUDGE_TEXT,
    THANKS,
    FileBreach,
    HygieneConfig,
    HygieneError,
)
from bot.services.hygiene_hash import MessageHasher
from bot.services.hygiene_report import (
    HygieneReport,
    build_report,
    period_bounds,
    to_summary,
)
from bot.services.messages import (
    ActionOutcome,
    Actor,
    CardAction,
    Delivery,
    HygieneSummary,
    Incoming,
    Private,
    PrivateWarning,
    SameConversation,
    Text,
    Verb,
)
from bot.services.ports import Scanner

__all__ = ["NUDGE_TEXT", "HygieneConfig", "HygieneError", "HygieneService"]

log = logging.getLogger(__name__)
T = TypeVar("T")
_WARNING_ID = re.compile(r"[0-9a-f]{32}")
_FEEDBACK_VERBS = {
    Verb.WARNING_EDITED.value: Feedback.EDITED,
    Verb.WARNING_NOT_CLIENT_DATA.value: Feedback.NOT_CLIENT_DATA,
}
_SCANNED_TYPES = frozenset({"channel", "groupChat"})


class HygieneService:
    """Private name warnings, their feedback, the ``/hygiene`` summary and ``to_breach``.

    Args:
        store: Where hygiene events are kept.
        scanner: The detector (``scan`` and ``suggest_rewrite``); called off the loop.
        hasher: Keyed hashes of messages (``hygiene_hash.hasher_for(settings)``).
        clock: The time source.
        organisation: Who is a DPO, SIRO or director; routing for recorded breaches.
        repository: The breach register; ``to_breach`` adds breaches to it unless
            ``file_breach`` is given. Without either, ``to_breach`` is refused.
        file_breach: Files a breach the way the bot files reports (register, DPO alert
            card, acknowledgement clock); may also be connected later.
        config: Knobs; defaults send no thread nudge.
        executor: Runs scans; ``None`` uses ``asyncio.to_thread``.
    """

    def __init__(
        self,
        *,
        store: HygieneStore,
        scanner: Scanner,
        hasher: MessageHasher,
        clock: Clock,
        organisation: Organisation,
        repository: BreachRepository | None = None,
        config: HygieneConfig | None = None,
        executor: Executor | None = None,
        file_breach: FileBreach | None = None,
    ) -> None:
        self._store = store
        self._scanner = scanner
        self._hasher = hasher
        self._clock = clock
        self._org = organisation
        self._repository = repository
        self._config = config or HygieneConfig()
        self._executor = executor
        self._file_breach = file_breach

    def connect_filing(self, file_breach: FileBreach) -> None:
        """Let ``to_breach`` file through the bot (alert card and clocks), not just store."""
        self._file_breach = file_breach

    async def on_channel_message(self, incoming: Incoming) -> list[Delivery]:
        """Scan a channel or group-chat message (or an edit); warn the author privately.

        Returns:
            Nothing for 1:1 chats, clean messages and content already warned about;
            otherwise the private warning (and the thread nudge when configured). Any
            failure is logged with an incident id and gives nothing: chat goes on.
        """
        if incoming.conversation_type not in _SCANNED_TYPES or not incoming.text.strip():
            return []
        try:
            return await self._check(incoming)
        except Exception as exc:
            # The exception text may quote the message: log its type only.
            log.error("name check failed (incident %s, %s)", _incident(), type(exc).__name__)
            return []

    async def _check(self, incoming: Incoming) -> list[Delivery]:
        place_key = incoming.channel_id or incoming.conversation_id
        author = incoming.actor.aad_object_id
        digest = self._hasher.digest(incoming.text)
        if await self._db(self._store.seen, author, place_key, digest):
            return []
        inspected = await self._off_loop(self._inspect, incoming.text)
        if inspected is None:
            if incoming.edited and incoming.activity_id:
                now = self._clock.now()
                await self._db(self._store.mark_fixed, place_key, incoming.activity_id, now)
            return []
        entity_types, rewrite = inspected
        event = HygieneEvent(
            id=uuid.uuid4().hex,
            place_key=place_key,
            place_name=self._place_name(place_key, incoming.conversation_type),
            conversation_type=incoming.conversation_type,
            team_id=incoming.team_id,
            message_id=incoming.activity_id,
            author_id=author,
            occurred_at=self._clock.now(),
            entity_types=entity_types,
            content_hash=digest,
        )
        if not await self._db(self._store.record, event):
            return []
        log.info("name warning %s (%s) in %s", event.id, ",".join(entity_types), place_key)
        return self._deliveries(incoming, event, rewrite)

    def _inspect(self, text: str) -> tuple[tuple[str, ...], str] | None:
        result = self._scanner.scan(text)
        if not result.flagged:
            return None
        types = tuple(dict.fromkeys(f.entity_type for f in result.findings))
        return types, self._scanner.suggest_rewrite(text)

    def _deliveries(self, incoming: Incoming, event: HygieneEvent, rewrite: str) -> list[Delivery]:
        warning = PrivateWarning(
            warning_id=event.id,
            place=event.place_name,
            entity_types=event.entity_types,
            suggested_rewrite=rewrite,
            can_record_breach=self._officer(incoming.actor) is not None,
        )
        deliveries = [Delivery(Private(incoming.actor), warning)]
        if self._config.nudge_in_thread:
            deliveries.append(Delivery(SameConversation(), Text(NUDGE_TEXT)))
        return deliveries

    async def on_card_action(self, action: CardAction) -> ActionOutcome | None:
        """Handle "I've edited it", "Not client data" and "Record as a breach".

        Returns:
            ``None`` for verbs that are not a warning's; otherwise the new card content
            (feedback replaces the warning with thanks) and a line for the clicker.
        """
        feedback = _FEEDBACK_VERBS.get(action.verb)
        if feedback is None and action.verb != Verb.WARNING_TO_BREACH.value:
            return None
        warning_id = action.data.get("warning")
        if not isinstance(warning_id, str) or not _WARNING_ID.fullmatch(warning_id):
            return ActionOutcome(None, GONE)
        if feedback is None:
            try:
                reference = await self.to_breach(action.actor, warning_id)
            except HygieneError as exc:
                return ActionOutcome(None, str(exc))
            return ActionOutcome(None, f"Recorded in the breach register as {reference}.")
        event = await self._db(self._store.get, warning_id)
        if event is None:
            return ActionOutcome(None, GONE)
        if event.author_id.casefold() != fit(action.actor.aad_object_id, AUTHOR_LENGTH).casefold():
            return ActionOutcome(None, NOT_AUTHOR)
        await self._db(self._store.set_feedback, warning_id, feedback, self._clock.now())
        return ActionOutcome(Text(THANKS[feedback]), THANKS[feedback])

    async def to_breach(self, actor: Actor, warning_id: str) -> str:
        """Record a warning as a reported breach in the register; returns its reference.

        The breach holds the place, time, system (Teams) and entity types, no message
        text. A second call for the same warning returns the same reference.

        Raises:
            HygieneError: the actor may not do this, the warning is unknown, or the
                register is not available.
        """
        officer = self._officer(actor)
        if officer is None:
            raise HygieneError(NOT_OFFICER)
        if self._repository is None and self._file_breach is None:
            raise HygieneError(NO_REGISTER)
        event = await self._db(self._store.get, warning_id)
        if event is None:
            raise HygieneError(GONE)
        if event.breach_reference is not None:
            return event.breach_reference
        if not await self._db(self._store.claim_breach, warning_id):
            return await self._claimed_reference(warning_id)
        try:
            reference = await self._record_breach(event, officer)
        except BaseException:
            await self._db(self._store.set_breach, warning_id, None)
            raise
        await self._db(self._store.set_breach, warning_id, reference)
        log.info("name warning %s recorded as breach %s", warning_id, reference)
        return reference

    async def _claimed_reference(self, warning_id: str) -> str:
        event = await self._db(self._store.get, warning_id)
        if event is not None and event.breach_reference is not None:
            return event.breach_reference
        raise HygieneError(BUSY)

    async def _record_breach(self, event: HygieneEvent, officer: Person) -> str:
        service = choose_service(event, officer, self._org, self._config.service_by_team)
        breach, events = breach_from_warning(
            event, officer=officer, organisation=self._org, service=service, now=self._clock.now()
        )
        if self._file_breach is not None:
            return (await self._file_breach(breach, events)).label
        assert self._repository is not None  # checked by to_breach
        return (await self._db(self._repository.add, breach, events)).label

    async def summary(self, actor: Actor) -> HygieneSummary:
        """The ``/hygiene`` summary per channel and ISO week (the caller checked the role)."""
        return to_summary(await self.report())

    async def report(self, weeks: int | None = None) -> HygieneReport:
        """The full spot-check report: per place and week, entity types, fixes, feedback."""
        start, end = period_bounds(self._clock.now(), weeks or self._config.summary_weeks)
        events = await self._db(self._store.between, start, end)
        return build_report(events, start=start, end=end)

    def _officer(self, actor: Actor) -> Person | None:
        person = self._org.find(aad_object_id=actor.aad_object_id)
        return person if person is not None and person.role in DECISION_ROLES else None

    def _place_name(self, place_key: str, conversation_type: str) -> str:
        default = "a group chat" if conversation_type == "groupChat" else "a Teams channel"
        return self._config.place_names.get(place_key, default)

    async def _off_loop(self, fn: Callable[..., T], *args: object) -> T:
        if self._executor is None:
            return await asyncio.to_thread(fn, *args)
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def _db(self, fn: Callable[..., T], *args: object) -> T:
        # Database calls block (SQLite may wait on its busy timeout): keep them off the loop.
        return await asyncio.to_thread(fn, *args)


def _incident() -> str:
    return uuid.uuid4().hex[:8]
