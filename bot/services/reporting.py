"""The ``/breach`` conversation listener: state in the database, one answer at a time.

Reports are always taken in the reporter's 1:1 chat with the bot. The conversation key
for a 1:1 chat is ``(front-end, "1:1", reporter id)``: a person has one private chat
with the bot, so a report started from a channel continues there whatever id the
front-end gives that chat.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from bot.domain.conversation import (
    Cancelled,
    ConversationKey,
    ConversationState,
    Reply,
    Reporter,
    ReporterContext,
    Result,
    ServiceName,
    Submitted,
    Turn,
    dispatch,
    state_from_dict,
    state_to_dict,
    submitted_reply,
)
from bot.domain.routing import route
from bot.register.state.store import StaleStateError, StoredConversation
from bot.services.alerts import Alerts, hhmm
from bot.services.deps import BotDeps, actor_id, domain_actor
from bot.services.filing import Filing, ReporterRef, stable_id
from bot.services.messages import (
    Delivery,
    Incoming,
    Private,
    Question,
    SameConversation,
    Text,
)

PERSONAL = "1:1"
ABANDONED_KIND = "breach.abandoned"
_RETRIES = 3


def conversation_key(incoming: Incoming) -> ConversationKey:
    """The key of the reporter's private report conversation."""
    return ConversationKey(incoming.channel, PERSONAL, actor_id(incoming.actor))


def turn_of(incoming: Incoming) -> Turn:
    """The conversation turn in a message: typed text, a pressed choice, or ticked boxes.

    Card data convention: ``{"choice": "<Choice.value>"}`` for a button,
    ``{"choices": [...], "text": "..."}`` for a multi-select card with a free-text field.
    """
    value: Mapping[str, Any] = incoming.value or {}
    choice = value.get("choice")
    choices = value.get("choices")
    text = value.get("text") if isinstance(value.get("text"), str) else None
    if isinstance(choices, list | tuple):
        picked = tuple(str(c) for c in choices)
        return Turn(text=text or incoming.text, values=picked)
    if isinstance(choice, str | int):
        return Turn(text=incoming.text, value=str(choice))
    return Turn(text=text or incoming.text)


def work_key(kind: str, conversation: str, version: int) -> str:
    """A short scheduler key for a conversation (keys are long; hash them)."""
    digest = hashlib.sha256(conversation.encode()).hexdigest()[:24]
    return f"{kind}:{digest}:{version}"


class Reporting:
    """Runs the ``/breach`` conversation for every front-end."""

    def __init__(self, deps: BotDeps, alerts: Alerts, filing: Filing) -> None:
        self.deps = deps
        self.alerts = alerts
        self.filing = filing

    def context(self, incoming: Incoming) -> ReporterContext:
        """Who is reporting and which service to suggest."""
        person = self.deps.person(incoming.actor)
        who = domain_actor(incoming.actor, person)
        service: ServiceName | None = None
        team = self.deps.config.default_service_by_team.get(incoming.team_id or "")
        if team in ("adults", "children"):
            service = team  # type: ignore[assignment]
        elif person is not None:
            covered = [s.service.value for s in self.deps.organisation.services]
            mine = [s.service.value for s in self.deps.organisation.services if s.dpo == person.key]
            service = mine[0] if len(mine) == 1 and mine[0] in covered else None  # type: ignore[assignment]
        return ReporterContext(Reporter(who.upn, who.name), default_service=service)

    def in_progress(self, incoming: Incoming) -> ConversationState | None:
        """The reporter's unfinished report, if any (unreadable state counts as none)."""
        stored = self.deps.state.load_conversation(conversation_key(incoming).as_text())
        if stored is None:
            return None
        try:
            state = state_from_dict(stored.data)
        except Exception:
            return None
        return None if state.finished else state

    async def start_from_channel(self, incoming: Incoming) -> list[Delivery]:
        """``/breach`` in a channel or group chat: continue privately, say little here."""
        replies = await self.converse(incoming, Turn(text="/breach"))
        first = incoming.actor.name.split()[0] if incoming.actor.name.split() else "there"
        note = Text(
            f"{first}, I've sent you a private chat to take the report. "
            "Please keep the details out of this conversation."
        )
        private = [Delivery(Private(incoming.actor), Question(r)) for r in replies or ()]
        return [*private, Delivery(SameConversation(), note)]

    async def on_personal(self, incoming: Incoming) -> list[Delivery] | None:
        """A 1:1 message: the next turn of a report, or None when no report is involved."""
        replies = await self.converse(incoming, turn_of(incoming))
        if replies is None:
            return None
        return [Delivery(SameConversation(), Question(r)) for r in replies]

    async def converse(self, incoming: Incoming, turn: Turn) -> tuple[Reply, ...] | None:
        """Run one turn against the stored state, retrying if another turn raced it."""
        key = conversation_key(incoming)
        context = self.context(incoming)
        for _ in range(_RETRIES):
            stored = self.deps.state.load_conversation(key.as_text())
            data = stored.data if stored is not None else None
            result = dispatch(data, key, turn, context, self.deps.now())
            if result is None:
                return None
            try:
                return await self._after(incoming, stored, result)
            except StaleStateError:
                continue
        raise StaleStateError(key.as_text())

    async def _after(
        self, incoming: Incoming, stored: StoredConversation | None, result: Result
    ) -> tuple[Reply, ...]:
        key_text = conversation_key(incoming).as_text()
        version = stored.version if stored is not None else None
        partial = stored.partial_reference if stored is not None else None
        outcome = result.outcome
        if result.discarded is not None:
            await self._keep_discarded(incoming, result.discarded)
        if isinstance(outcome, Submitted):
            who = ReporterRef(actor_id(incoming.actor), incoming.actor.upn, incoming.channel)
            started = result.state.started_at.isoformat()
            breach_id = stable_id("report", key_text, started)
            breach = await self.filing.submit(outcome.report, who, partial, breach_id)
            self.deps.state.delete_conversation(key_text)
            if partial is not None:
                await self._note_partial(partial, f"Completed as {breach.label}")
            reply = submitted_reply(breach.label, outcome.report, self.deps.now())
            return (*result.replies, reply)
        if result.state.finished:
            self.deps.state.delete_conversation(key_text, expected_version=version)
            if isinstance(outcome, Cancelled) and outcome.dpo_had_partial and partial:
                await self._note_partial(partial, "The reporter cancelled the report")
            return result.replies
        new_version = self.deps.state.save_conversation(
            key_text,
            actor_id(incoming.actor),
            state_to_dict(result.state),
            expected_version=version,
        )
        self._schedule_abandon_check(key_text, new_version)
        return result.replies

    async def _keep_discarded(self, incoming: Incoming, discarded: Mapping[str, object]) -> None:
        """Nothing is lost: a stored report that could not be read goes to a DPO privately."""
        now = self.deps.now()
        dpo = route(self.deps.organisation, None, now=now, away=self.deps.state.away_map(now))
        body = json.dumps(dict(discarded), indent=1, sort_keys=True, default=str)
        who = incoming.actor.name or incoming.actor.upn or "a reporter"
        text = (
            f"A report in progress by {who} could not be read after an update of CareGuard, "
            "so they were asked to start again. This is what had been saved:\n" + body
        )
        await self.deps.notifier.to_person(dpo.responsible, Text(text))

    async def _note_partial(self, reference: str, what: str) -> None:
        line = f"{what} at {hhmm(self.deps.now())}"
        await asyncio.to_thread(self.deps.state.update_alert, reference, add_history=[line])
        await self.alerts.refresh(reference)

    def _schedule_abandon_check(self, key_text: str, version: int) -> None:
        due = self.deps.now() + self.deps.clocks.abandon_timeout
        payload = {"conversation": key_text, "version": version}
        key = work_key("abandon", key_text, version)
        self.deps.scheduler.schedule(ABANDONED_KIND, key, due, payload)
