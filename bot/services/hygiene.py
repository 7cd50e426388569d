"""Name-detection warnings: scan channel and group-chat messages, warn the author privately.

For each channel or group-chat message (and each edit) the text is scanned once, off the
event loop (findings and rewrite from one detector call). A clean message costs no
database work at all. When the detector flags it, one step records a hygiene event
(place, author, time, entity types and a keyed hash of the message; no text) and writes
the private warning to the outbox: the kinds of identifier found, never the identifiers,
and a suggested rewrite with initials.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from concurrent.futures import Executor
from dataclasses import dataclass

from bot.domain.organisation import DECISION_ROLES, Person
from bot.domain.records import Feedback, HygieneEvent
from bot.services import filing
from bot.services.deps import BotDeps
from bot.services.hygiene_breach import breach_from_warning, choose_service
from bot.services.hygiene_config import (
    GONE,
    NOT_AUTHOR,
    NOT_OFFICER,
    NUDGE_TEXT,
    THANKS,
    HygieneConfig,
    HygieneError,
)
from bot.services.hygiene_hash import MessageHasher
from bot.services.hygiene_report import (
    HygieneReport,
    build_report,
    named,
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
from bot.services.uow import Tx

__all__ = ["NUDGE_TEXT", "HygieneConfig", "HygieneError", "HygieneService", "Inspection"]

log = logging.getLogger(__name__)
_WARNING_ID = re.compile(r"[0-9a-f]{32}")
_FEEDBACK_VERBS = {
    Verb.WARNING_EDITED.value: Feedback.EDITED,
    Verb.WARNING_NOT_CLIENT_DATA.value: Feedback.NOT_CLIENT_DATA,
}
SCANNED_TYPES = frozenset({"channel", "groupChat"})


@dataclass(frozen=True, slots=True)
class Inspection:
    """What one scan of a message found (no text but the suggested rewrite).

    Attributes:
        digest: Keyed hash of the message (one warning per author, place and content).
        entity_types: Kinds of identifier found; empty when the message is clean.
        rewrite: The message with persons as initials and identifiers removed.
    """

    digest: str
    entity_types: tuple[str, ...] = ()
    rewrite: str = ""

    @property
    def flagged(self) -> bool:
        """True when something identifying was found."""
        return bool(self.entity_types)


class HygieneService:
    """Private name warnings, their feedback, the ``/hygiene`` summary and ``to_breach``.

    Args:
        deps: The bot's shared parts (scanner, organisation, clock, unit of work).
        hasher: Keyed hashes of messages.
        config: Knobs; defaults send no thread nudge.
        executor: Runs scans; ``None`` uses ``asyncio.to_thread``.
    """

    def __init__(
        self,
        deps: BotDeps,
        hasher: MessageHasher,
        *,
        config: HygieneConfig | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.deps = deps
        self._hasher = hasher
        self.config = config or HygieneConfig()
        self._executor = executor

    async def inspect(self, incoming: Incoming) -> Inspection | None:
        """Scan a channel or group-chat message once, off the loop (None: not scanned)."""
        if incoming.conversation_type not in SCANNED_TYPES or not incoming.text.strip():
            return None
        loop = asyncio.get_running_loop()
        result, rewrite = await loop.run_in_executor(
            self._executor, self.deps.scanner.check, incoming.text
        )
        digest = self._hasher.digest(incoming.text)
        if not result.flagged:
            return Inspection(digest)
        types = tuple(dict.fromkeys(f.entity_type for f in result.findings))
        return Inspection(digest, types, rewrite or "")

    def warn(self, tx: Tx, incoming: Incoming, found: Inspection) -> list[Delivery]:
        """Record the warning (once per author, place and content) and return it."""
        place_key = incoming.channel_id or incoming.conversation_id
        author = incoming.actor.aad_object_id
        if tx.hygiene.seen(author, place_key, found.digest):
            return []
        event = HygieneEvent(
            id=uuid.uuid4().hex,
            place_key=place_key,
            place_name=self.place_name(tx, place_key, incoming.conversation_type),
            conversation_type=incoming.conversation_type,
            team_id=incoming.team_id,
            message_id=incoming.activity_id,
            author_id=author,
            occurred_at=self.deps.now(),
            entity_types=found.entity_types,
            content_hash=found.digest,
        )
        if not tx.hygiene.record(event):
            return []
        log.info("name warning %s (%s)", event.id, ",".join(event.entity_types))
        warning = PrivateWarning(
            warning_id=event.id,
            place=event.place_name,
            entity_types=event.entity_types,
            suggested_rewrite=found.rewrite,
            can_record_breach=self._officer(incoming.actor) is not None,
        )
        deliveries = [Delivery(Private(incoming.actor), warning)]
        if self.config.nudge_in_thread:
            deliveries.append(Delivery(SameConversation(), Text(NUDGE_TEXT)))
        return deliveries

    def fixed(self, tx: Tx, incoming: Incoming) -> None:
        """An edit scanned clean: its open warnings are fixed."""
        if incoming.activity_id:
            place_key = incoming.channel_id or incoming.conversation_id
            tx.hygiene.mark_fixed(place_key, incoming.activity_id, self.deps.now())

    def on_card_action(self, tx: Tx, action: CardAction) -> ActionOutcome | None:
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
                reference = self.to_breach(tx, action.actor, warning_id)
            except HygieneError as exc:
                return ActionOutcome(None, str(exc))
            return ActionOutcome(None, f"Recorded in the breach register as {reference}.")
        event = tx.hygiene.get(warning_id)
        if event is None:
            return ActionOutcome(None, GONE)
        if not _same_author(event.author_id, action.actor.aad_object_id):
            return ActionOutcome(None, NOT_AUTHOR)
        tx.hygiene.set_feedback(warning_id, feedback, self.deps.now())
        return ActionOutcome(Text(THANKS[feedback]), THANKS[feedback])

    def to_breach(self, tx: Tx, actor: Actor, warning_id: str) -> str:
        """Record a warning as a reported breach (alerted and escalated); returns its reference.

        The breach holds the place, time, system (Teams) and entity types, no message
        text. A second call for the same warning returns the same reference.

        Raises:
            HygieneError: the actor may not do this, or the warning is unknown.
        """
        officer = self._officer(actor)
        if officer is None:
            raise HygieneError(NOT_OFFICER)
        event = tx.hygiene.get(warning_id, for_update=True)
        if event is None:
            raise HygieneError(GONE)
        if event.breach_reference is not None:
            return event.breach_reference
        service = choose_service(
            event, officer, self.deps.organisation, self.config.service_by_team
        )
        breach, events = breach_from_warning(
            event,
            officer=officer,
            organisation=self.deps.organisation,
            service=service,
            now=self.deps.now(),
        )
        reference = filing.file_recorded(tx, self.deps, breach, events).label
        tx.hygiene.set_breach(warning_id, reference)
        log.info("name warning %s recorded as breach %s", warning_id, reference)
        return reference

    def summary(self, tx: Tx) -> HygieneSummary:
        """The ``/hygiene`` summary per channel and ISO week (the caller checked the role)."""
        return to_summary(self.report(tx))

    def report(self, tx: Tx, weeks: int | None = None) -> HygieneReport:
        """The full spot-check report: per place and week, entity types, fixes, feedback."""
        start, end = period_bounds(self.deps.now(), weeks or self.config.summary_weeks)
        events = named(tx.hygiene.between(start, end), lambda key: self._known_name(tx, key))
        return build_report(events, start=start, end=end)

    def _officer(self, actor: Actor) -> Person | None:
        person = self.deps.organisation.find(aad_object_id=actor.aad_object_id)
        return person if person is not None and person.role in DECISION_ROLES else None

    def place_name(self, tx: Tx, place_key: str, conversation_type: str) -> str:
        """The place as people know it: the organisation file's name, then Teams'."""
        default = "a group chat" if conversation_type == "groupChat" else "a Teams channel"
        return self._known_name(tx, place_key) or default

    def _known_name(self, tx: Tx, place_key: str) -> str | None:
        override = self.config.place_names.get(place_key)
        return (
            override
            or self.deps.organisation.place_names.get(place_key)
            or (tx.hygiene.place_name(place_key))
        )


def _same_author(stored: str, actor_id: str) -> bool:
    """Stored author ids longer than their column are kept as a digest (see the store)."""
    import hashlib

    if stored.startswith("sha256:"):
        return stored == "sha256:" + hashlib.sha256(actor_id.encode("utf-8")).hexdigest()
    return stored.casefold() == actor_id.casefold()
