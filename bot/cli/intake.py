"""Reading a breach report at the desk: each answer checked as the bot checks it.

``careguard register add`` takes the report from options, and in a terminal asks for
whatever is missing. Options are checked before anything is asked; a typed answer is
checked as soon as it is typed and asked again when it is wrong, so no answer is lost.
The words accepted are the bot's: its system labels ("Paper records", "Email"), its
containment steps, its limits on discovery times (not in the future, not more than 30
days before the report).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

from bot.cli.people import sign_in_name
from bot.cli.systems import SYSTEMS_HELP, SystemsChoice, read_systems
from bot.cli.util import CommandError, InvalidAnswerError
from bot.domain.clocks import from_london
from bot.domain.conversation.parsing import CONTAINMENT, containment_label, parse_containment
from bot.domain.conversation.parsing import parse_service as bot_service
from bot.domain.conversation.when import FUTURE_TOLERANCE, MAX_AGE, TimeProblem, parse_discovery
from bot.domain.errors import DomainError
from bot.domain.values import Service

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Containment:
    """What was done straight away (policy 1c): listed steps and/or the DPO's words."""

    steps: tuple[str, ...] = ()
    notes: str | None = None

    @property
    def text(self) -> str | None:
        """Steps and words as one line, as the bot records them."""
        parts = [containment_label(c) for c in self.steps]
        if self.notes:
            parts.append(self.notes)
        return "; ".join(parts) or None


@dataclass(frozen=True, slots=True)
class ReportFields:
    """A complete report as typed by the DPO."""

    service: Service
    discovered: datetime
    location: str
    systems: tuple[str, ...]
    other_system: str | None
    description: str
    containment: Containment
    reporter: str


@dataclass(frozen=True, slots=True)
class _Question(Generic[T]):
    name: str
    flag: str
    prompt: str
    read: Callable[[str], T]
    required: bool = True


_ANY_AGE = timedelta(days=100 * 366)
"""Passed to the bot's reader, which would measure age from now: here it is from the report."""
_DATE_ONLY = re.compile(r"\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?")
"""A date alone (``2026-03-29``, ``29/03/2026``, ``29.3``): dateparser would invent a time."""
_NEEDS_TIME = 'needs the time of day too, e.g. "2026-03-29 14:00" or "yesterday 14:00"'
_CONTAINMENT_HELP = ", ".join(f"{i} {label}" for i, (_, label) in enumerate(CONTAINMENT, 1))


def collect_report(
    args: argparse.Namespace, *, reported: datetime, now: datetime, interactive: bool
) -> ReportFields:
    """Take the report from options; in a terminal, ask for missing ones one by one.

    Raises:
        CommandError: an option is invalid, a required one is missing and there is no
            terminal to ask, or the input ended before the report was complete.
    """
    questions = _questions(reported, now)
    given = {q.name: _from_option(q, getattr(args, q.name)) for q in questions}
    missing = [q.flag for q in questions if q.required and given[q.name] is None]
    if missing and not interactive:
        raise CommandError(f"missing {', '.join(missing)} (no terminal to ask)")
    if interactive and any(value is None for value in given.values()):
        print("Logging a breach report; Ctrl-C stops without saving.", file=sys.stderr)
    for q in questions:
        if given[q.name] is None and interactive:
            given[q.name] = _ask(q)
        if q.name == "systems" and interactive:
            given["systems"] = _ask_other_system(given["systems"], args.other_system)
    systems = _typed(given["systems"], SystemsChoice)
    other = args.other_system.strip() if args.other_system else systems.other_name
    return ReportFields(
        service=_typed(given["service"], Service),
        discovered=_typed(given["discovered"], datetime),
        location=_typed(given["location"], str),
        systems=systems.systems,
        other_system=other or None,
        description=_typed(given["description"], str),
        containment=_typed(given["containment"] or Containment(), Containment),
        reporter=_typed(given["reporter"], str),
    )


def _typed(value: object, kind: type[T]) -> T:
    assert isinstance(value, kind)  # every required answer was read by its question
    return value


def _questions(reported: datetime, now: datetime) -> list[_Question[object]]:
    return [
        _Question(
            "discovered",
            "--discovered",
            'When was it discovered? (YYYY-MM-DD HH:MM UK time, or "today 9:15")',
            lambda text: read_discovery(text, reported=reported, now=now),
        ),
        _Question("service", "--service", "Service (adults/children)", read_service),
        _Question("location", "--location", "Where did it happen?", _text),
        _Question("systems", "--systems", f"Systems involved ({SYSTEMS_HELP})", read_systems),
        _Question("description", "--description", "What happened?", _text),
        _Question(
            "containment",
            "--containment",
            f"What was done straight away to contain it? ({_CONTAINMENT_HELP}, or your "
            "own words; Enter if nothing is known)",
            read_containment,
            required=False,
        ),
        _Question(
            "reporter",
            "--reporter",
            "Reported by (sign-in name)",
            lambda text: sign_in_name(text, "--reporter"),
        ),
    ]


def _from_option(question: _Question[T], value: str | None) -> T | None:
    if value is None or not value.strip():
        return None
    try:
        return question.read(value)
    except InvalidAnswerError as exc:
        raise CommandError(f"{question.flag}: {exc}") from None


def _ask(question: _Question[T]) -> T | None:
    """Ask until the answer can be taken (Enter skips an optional question)."""
    while True:
        text = _input(f"{question.prompt}: ")
        if not text:
            if not question.required:
                return None
            print("  An answer is needed here.", file=sys.stderr)
            continue
        try:
            return question.read(text)
        except (InvalidAnswerError, CommandError) as exc:
            reason = str(exc).removeprefix(f"{question.flag} ")
            print(f"  {reason[0].upper()}{reason[1:]}. Please try again.", file=sys.stderr)


def _ask_other_system(choice: object, option: str | None) -> object:
    if isinstance(choice, SystemsChoice) and choice.needs_name and not option:
        name = _input("Which other system? (its name; Enter to leave it out): ")
        return SystemsChoice(choice.systems, name or None)
    return choice


def _input(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        raise CommandError(
            "the input ended before the report was complete; nothing was logged"
        ) from None


def _text(text: str) -> str:
    return text.strip()


def read_service(text: str) -> Service:
    """Adults or children, in the words the bot takes ("adult", "kids", "1")."""
    chosen = bot_service(text)
    if chosen is None:
        raise InvalidAnswerError("must be adults or children")
    return Service(chosen)


def read_containment(text: str) -> Containment:
    """Listed steps by number or name ("1, 2", "locked, password"), else the DPO's words."""
    steps = parse_containment(text)
    return Containment(steps=steps) if steps is not None else Containment(notes=text.strip())


def read_discovery(text: str, *, reported: datetime, now: datetime) -> datetime:
    """When the breach was discovered: a UK time, ISO 8601, or the bot's words.

    RefusedError as the bot refuses it: after the report (or in the future), or more than
    30 days before the report (most likely a typo in the date).

    Raises:
        InvalidAnswerError: saying why.
    """
    at = _exact_time(text)
    if at is None:
        parsed = parse_discovery(text, now, max_age=_ANY_AGE)  # the age is checked below
        if parsed.problem is TimeProblem.NO_TIME:
            raise InvalidAnswerError(_NEEDS_TIME)
        if parsed.problem is TimeProblem.FUTURE:
            raise InvalidAnswerError("that time has not happened yet")
        if parsed.at is None:
            raise InvalidAnswerError(
                "not a date and time; use YYYY-MM-DD HH:MM (UK time), ISO 8601, or words such "
                'as "today 9:15" or "40 minutes ago"'
            )
        at = parsed.at
    if at > now + FUTURE_TOLERANCE:
        raise InvalidAnswerError("that time has not happened yet")
    if at > reported + FUTURE_TOLERANCE:
        raise InvalidAnswerError("that is after the breach was reported (--reported)")
    if reported - at > MAX_AGE:
        raise InvalidAnswerError(
            f"that is more than {MAX_AGE.days} days before the report; check the date"
        )
    return min(at, reported)


def _exact_time(text: str) -> datetime | None:
    """ISO 8601, or a UK wall-clock time; ``None`` when it is written otherwise.

    Raises:
        InvalidAnswerError: a date without a time of day (which would read as midnight),
            or a UK time that does not exist.
    """
    if _DATE_ONLY.fullmatch(text.strip()):
        raise InvalidAnswerError(_NEEDS_TIME)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    try:
        return from_london(value)
    except DomainError as exc:
        raise InvalidAnswerError(str(exc)) from None


def parse_when(text: str, flag: str) -> datetime:
    """A date and time: ISO 8601 with an offset, or UK local time without one.

    Raises:
        CommandError: not a date and time, or a UK local time that does not exist
            (the hour skipped when the clocks go forward).
    """
    try:
        value = _exact_time(text)
    except InvalidAnswerError as exc:
        raise CommandError(f"{flag}: {exc}") from None
    if value is None:
        raise CommandError(
            f"{flag}: not a date and time; use YYYY-MM-DD HH:MM (UK time) or ISO 8601"
        )
    return value
