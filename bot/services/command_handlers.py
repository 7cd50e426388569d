"""Listeners for the chat commands: help, breach status, away, register, hygiene, unknown.

Each runs inside the step's transaction and returns its replies (the bot writes them to
the outbox in the same transaction).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import dateparser

from bot.domain.clocks import from_london, to_london
from bot.domain.commands import (
    ParsedCommand,
    UnknownCommand,
    help_text,
    refusal,
    visible_commands,
)
from bot.domain.conversation import ReportRecord, status_reply
from bot.domain.errors import DomainError
from bot.domain.routing import route
from bot.domain.values import BreachState
from bot.services.alerts import clock_text, display_time
from bot.services.deps import BotDeps, actor_id, owner_label
from bot.services.hygiene import HygieneService
from bot.services.messages import (
    AlertStatus,
    Delivery,
    Help,
    Incoming,
    Outgoing,
    Private,
    Question,
    RegisterEntry,
    RegisterSummary,
    SameConversation,
    Text,
)
from bot.services.officer_commands import OFFICER_COMMANDS, OfficerCommands, visible_breaches
from bot.services.reporting import conversation_key, unfinished
from bot.services.uow import Tx

_AWAY_OFF = {"off", "back", "cancel", "none", "i'm back", "im back"}


def parse_until(text: str, now: datetime) -> datetime | None:
    """``"until 17:00"``/``"until tomorrow 09:00"`` in UK time → UTC; None if unreadable.

    A bare time already past today means tomorrow.
    """
    words = text.strip()
    if words.lower().startswith("until "):
        words = words[6:]
    local_now = to_london(now).replace(tzinfo=None)
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": local_now,
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(words, languages=["en"], settings=settings)
    if parsed is None:
        return None
    try:
        at = from_london(parsed.replace(second=0, microsecond=0))
    except DomainError:
        return None
    if at <= now and parsed.date() == local_now.date():
        at += timedelta(days=1)
    return at


class Commands:
    """Answers commands; officer-only ones are refused politely for everyone else."""

    def __init__(self, deps: BotDeps, hygiene: HygieneService | None = None) -> None:
        self.deps = deps
        self.hygiene_service = hygiene
        self.officer = OfficerCommands(deps)

    def run(self, tx: Tx, incoming: Incoming, parsed: ParsedCommand) -> list[Delivery]:
        """Run a known command (``/breach`` itself is the conversation's)."""
        command = parsed.command
        officer = self.deps.is_officer(incoming.actor)
        if not command.allowed(officer=officer):
            return [Delivery(SameConversation(), Text(refusal(command)))]
        private = incoming.conversation_type != "personal"
        if command.name == "help":
            return [self._here(self.help(officer))]
        if command.name == "breach status":
            return [self._to_author(incoming, self.status(tx, incoming), private)]
        if command.name == "away":
            return [self._to_author(incoming, self.away(tx, incoming, parsed.rest), private)]
        if command.name == "register":
            return [self._here(self.register(tx, incoming))]
        if command.name == "hygiene":
            return [self._here(self.hygiene(tx))]
        if command.name in OFFICER_COMMANDS:
            person = self.deps.person(incoming.actor)
            answer = self.officer.run(tx, person, command.name, parsed.rest)
            return [self._to_author(incoming, Text(answer), private)]
        return [self._here(Text("Type /help to see what I can do."))]

    @staticmethod
    def _here(message: Outgoing) -> Delivery:
        return Delivery(SameConversation(), message)

    @staticmethod
    def _to_author(incoming: Incoming, message: Outgoing, private: bool) -> Delivery:
        return Delivery(Private(incoming.actor) if private else SameConversation(), message)

    @staticmethod
    def unknown(unknown: UnknownCommand) -> Text:
        """Did-you-mean for a ``/word`` that is not a command."""
        return Text(unknown.reply())

    @staticmethod
    def help(officer: bool) -> Help:
        """Help from the declarations, for an officer or for staff."""
        return Help(officer, visible_commands(officer=officer), help_text(officer=officer))

    def status(self, tx: Tx, incoming: Incoming) -> Outgoing:
        """``/breach status``: the reporter's own reports, newest first."""
        mine = tx.alerts.reports_of(actor_id(incoming.actor))
        records = [
            ReportRecord(
                reference=r.reference,
                state=r.state,
                reported_at=r.reported_at,
                within_hour=r.minutes_late == 0,
                incomplete=r.incomplete,
            )
            for r in mine
            if r.reported_at is not None
        ]
        progress = unfinished(tx.conversations.load(conversation_key(incoming).as_text()))
        return Question(status_reply(records, self.deps.now(), in_progress=progress))

    def away(self, tx: Tx, incoming: Incoming, rest: str) -> Text:
        """``/away until 17:00``: route new breaches past this person until then."""
        person = self.deps.person(incoming.actor)
        if person is None:
            return Text("I can't find you in the organisation file, so I can't mark you away.")
        now = self.deps.now()
        if rest.strip().lower() in _AWAY_OFF:
            cleared = tx.away.clear(person.key)
            return Text(
                "Welcome back: new breaches come to you again."
                if cleared
                else "You weren't marked away."
            )
        if not rest.strip():
            return Text("Tell me until when, e.g. /away until 17:00 or /away until tomorrow 09:00.")
        until = parse_until(rest, now)
        if until is None or until <= now:
            return Text("I couldn't read that time. Try /away until 17:00 (UK time).")
        if until - now > timedelta(days=31):
            return Text("That's more than a month away; please ask for the file to be changed.")
        tx.away.set(person.key, until)
        return Text(self._away_words(tx, person.key, until))

    def _away_words(self, tx: Tx, person_key: str, until: datetime) -> str:
        org = self.deps.organisation
        now = self.deps.now()
        away = tx.away.map(now)
        lines = [f"You're marked away until {display_time(until)}."]
        for setup in org.services:
            if setup.dpo != person_key:
                continue
            cover = route(org, setup.service, now=now, away=away).responsible
            label = owner_label(org, cover.upn)
            lines.append(f"New {setup.service.value} breaches go to {label} until then.")
        lines.append("Type /away off when you're back earlier.")
        return " ".join(lines)

    def register(self, tx: Tx, incoming: Incoming) -> RegisterSummary:
        """``/register``: the open breaches this person may see, with their clocks."""
        breaches = visible_breaches(tx, self.deps, self.deps.person(incoming.actor))
        now = self.deps.now()
        rows = []
        for breach in breaches:
            record = tx.alerts.get(breach.label)
            status = record.status if record is not None else _status(breach.state)
            owner = breach.assigned_to.upn if breach.assigned_to is not None else None
            rows.append(
                RegisterEntry(
                    reference=breach.label,
                    service=breach.service.value.capitalize() if breach.service else "Unknown",
                    status=status,
                    clock=clock_text(breach, now, self.deps.clocks),
                    owner=owner_label(self.deps.organisation, owner),
                    incomplete=breach.incomplete,
                )
            )
        return RegisterSummary(now, display_time(now), tuple(rows))

    def hygiene(self, tx: Tx) -> Outgoing:
        """``/hygiene``: delegated to the name-warning service when it is switched on."""
        if self.hygiene_service is None:
            return Text("Name warnings are not switched on for this CareGuard.")
        return self.hygiene_service.summary(tx)


def _status(state: BreachState) -> AlertStatus:
    return AlertStatus.REPORTED if state is BreachState.REPORTED else AlertStatus.ACKNOWLEDGED
