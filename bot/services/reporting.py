"""The ``/breach`` conversation: one turn is one step (one transaction).

Reports are always taken in the reporter's 1:1 chat with the bot. The conversation key
for a 1:1 chat is ``(front-end, "1:1", reporter id)``: a person has one private chat
with the bot, so a report started from a channel continues there whatever id the
front-end gives that chat. The turn loads the conversation once (locked), runs the
domain's state machine, and writes the new state, its abandon timer and the replies, and
on the final "yes" the breach, its alert and its timers, all in the same transaction.
An answer to "Where" or "What happened" is scanned once first, so the carer can be
reminded (once per report) to use initials.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.domain.conversation import (
    Cancelled,
    ConversationKey,
    ConversationState,
    NameCheck,
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
    wants_name_check,
)
from bot.domain.records import StoredConversation
from bot.domain.routing import route
from bot.services import filing
from bot.services.alerts import hhmm
from bot.services.deps import BotDeps, actor_id, domain_actor
from bot.services.filing import ReporterRef, stable_id
from bot.services.mail import Mail
from bot.services.messages import Delivery, Incoming, Private, Question, SameConversation, Text
from bot.services.timers import cancel_abandon_timer, set_abandon_timer
from bot.services.uow import Tx

PERSONAL = "1:1"


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


def unfinished(stored: StoredConversation | None) -> ConversationState | None:
    """The stored report in progress, if any (unreadable state counts as none)."""
    if stored is None:
        return None
    try:
        state = state_from_dict(stored.data)
    except Exception:
        return None
    return None if state.finished else state


class Reporting:
    """Runs the ``/breach`` conversation for every front-end."""

    def __init__(self, deps: BotDeps) -> None:
        self.deps = deps

    def context(self, incoming: Incoming) -> ReporterContext:
        """Who is reporting and which service to suggest."""
        person = self.deps.person(incoming.actor)
        who = domain_actor(incoming.actor, person)
        service: ServiceName | None = None
        team = self.deps.config.default_service_by_team.get(incoming.team_id or "")
        if team in ("adults", "children"):
            service = team  # type: ignore[assignment]
        elif person is not None:
            mine = [s.service.value for s in self.deps.organisation.services if s.dpo == person.key]
            service = mine[0] if len(mine) == 1 else None  # type: ignore[assignment]
        return ReporterContext(Reporter(who.upn, who.name), default_service=service)

    def start_from_channel(self, tx: Tx, incoming: Incoming) -> list[Delivery]:
        """``/breach`` in a channel or group chat: continue privately, say little here."""
        stored = tx.conversations.load(conversation_key(incoming).as_text(), for_update=True)
        replies = self.converse(tx, incoming, Turn(text="/breach"), stored) or ()
        first = incoming.actor.name.split()[0] if incoming.actor.name.split() else "there"
        note = Text(
            f"{first}, I've sent you a private chat to take the report. "
            "Please keep the details out of this conversation."
        )
        private = [Delivery(Private(incoming.actor), Question(r)) for r in replies]
        return [*private, Delivery(SameConversation(), note)]

    def on_personal(
        self, tx: Tx, incoming: Incoming, stored: StoredConversation | None
    ) -> list[Delivery] | None:
        """A 1:1 message: the next turn of a report, or None when no report is involved."""
        replies = self.converse(tx, incoming, turn_of(incoming), stored)
        if replies is None:
            return None
        return [Delivery(SameConversation(), Question(r)) for r in replies]

    def converse(
        self, tx: Tx, incoming: Incoming, turn: Turn, stored: StoredConversation | None
    ) -> tuple[Reply, ...] | None:
        """Run one turn against the stored state (loaded, locked, by the caller)."""
        key = conversation_key(incoming)
        data = stored.data if stored is not None else None
        if wants_name_check(data) and turn.text.strip():
            turn = replace(turn, names=self.name_check(turn.text))
        result = dispatch(data, key, turn, self.context(incoming), self.deps.now())
        if result is None:
            return None
        return self._after(tx, incoming, stored, result)

    def name_check(self, text: str) -> NameCheck:
        """Whether an answer names a client in full, and the rewrite with initials (one scan)."""
        result, rewrite = self.deps.scanner.check(text.strip())
        full = any(
            f.entity_type == "PERSON" and len(text.strip()[f.start : f.end].split()) >= 2
            for f in result.findings
        )
        return NameCheck(full, rewrite if full else None)

    def _after(
        self, tx: Tx, incoming: Incoming, stored: StoredConversation | None, result: Result
    ) -> tuple[Reply, ...]:
        key_text = conversation_key(incoming).as_text()
        partial = stored.partial_reference if stored is not None else None
        outcome = result.outcome
        if result.discarded is not None:
            self._keep_discarded(tx, incoming, result.discarded)
        if isinstance(outcome, Submitted):
            who = ReporterRef(actor_id(incoming.actor), incoming.actor.upn, incoming.channel)
            breach_id = stable_id("report", key_text, result.state.started_at.isoformat())
            breach = filing.submit(tx, self.deps, outcome.report, who, partial, breach_id)
            self._finish(tx, key_text, stored, result.state)
            if partial is not None:
                self._note_partial(tx, partial, f"Completed as {breach.label}")
            reply = submitted_reply(breach.label, outcome.report, self.deps.now())
            return (*result.replies, reply)
        if result.state.finished:
            self._finish(tx, key_text, stored, result.state)
            if isinstance(outcome, Cancelled) and outcome.dpo_had_partial and partial:
                self._note_partial(tx, partial, "The reporter cancelled the report")
            return result.replies
        version = stored.version if stored is not None else None
        tx.conversations.save(
            key_text,
            actor_id(incoming.actor),
            state_to_dict(result.state),
            expected_version=version,
        )
        set_abandon_timer(tx, self.deps, key_text, result.state)
        return result.replies

    def _finish(
        self, tx: Tx, key: str, stored: StoredConversation | None, state: ConversationState
    ) -> None:
        tx.conversations.delete(key)
        cancel_abandon_timer(tx, key, state)
        old = unfinished(stored)
        if old is not None and old.started_at != state.started_at:
            cancel_abandon_timer(tx, key, old)  # a new report replaced an unfinished one

    def _keep_discarded(self, tx: Tx, incoming: Incoming, discarded: Mapping[str, object]) -> None:
        """Nothing is lost: a stored report that could not be read goes to a DPO privately."""
        now = self.deps.now()
        dpo = route(self.deps.organisation, None, now=now, away=tx.away.map(now)).responsible
        body = json.dumps(dict(discarded), indent=1, sort_keys=True, default=str)
        who = incoming.actor.name or incoming.actor.upn or "a reporter"
        text = (
            f"A report in progress by {who} could not be read after an update of CareGuard, "
            "so they were asked to start again. This is what had been saved:\n" + body
        )
        Mail(tx).to_person(dpo, Text(text))

    def _note_partial(self, tx: Tx, reference: str, what: str) -> None:
        tx.alerts.update(reference, add_history=[f"{what} at {hhmm(self.deps.now())}"])
        Mail(tx).alert_card(reference)
