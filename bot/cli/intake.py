"""Reading a breach report and people from command-line options (or prompts)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.cli.util import CommandError
from bot.domain.clocks import from_london
from bot.domain.errors import DomainError
from bot.domain.organisation import Organisation
from bot.domain.values import Actor, Service, System
from bot.settings import Settings, load_organisation

_REQUIRED = (
    ("service", "--service", "Service (adults/children)"),
    ("discovered", "--discovered", "Discovered (YYYY-MM-DD HH:MM, UK time)"),
    ("location", "--location", "Location"),
    ("systems", "--systems", "Systems involved (comma-separated)"),
    ("description", "--description", "What happened"),
    ("reporter", "--reporter", "Reported by (sign-in name)"),
)


@dataclass(frozen=True, slots=True)
class ReportFields:
    """A complete report as typed by the DPO."""

    service: Service
    discovered: datetime
    location: str
    systems: tuple[System, ...]
    description: str
    containment: str | None
    reporter: str


def collect_report(args: argparse.Namespace, *, interactive: bool) -> ReportFields:
    """Take the report from options; ask for missing ones when ``interactive``.

    Raises:
        CommandError: a field is missing and there is no terminal, or a value is invalid.
    """
    values: dict[str, str] = {}
    missing: list[str] = []
    for name, flag, prompt in _REQUIRED:
        given = getattr(args, name)
        if not given and interactive:
            given = input(f"{prompt}: ").strip()
        if not given:
            missing.append(flag)
        else:
            values[name] = given
    if missing:
        where = "" if interactive else " (no terminal to ask)"
        raise CommandError(f"missing {', '.join(missing)}{where}")
    return ReportFields(
        service=_service(values["service"]),
        discovered=parse_when(values["discovered"], "--discovered"),
        location=values["location"],
        systems=_systems(values["systems"]),
        description=values["description"],
        containment=args.containment or None,
        reporter=_upn(values["reporter"], "--reporter"),
    )


def _service(text: str) -> Service:
    try:
        return Service(text.strip().lower())
    except ValueError:
        raise CommandError("--service must be adults or children") from None


def _systems(text: str) -> tuple[System, ...]:
    try:
        return tuple(System.parse(part) for part in text.split(",") if part.strip())
    except DomainError as exc:
        raise CommandError(f"--systems: {exc}") from None


def _upn(text: str, flag: str) -> str:
    upn = text.strip()
    if "@" not in upn or " " in upn:
        raise CommandError(f"{flag} must be a sign-in name such as jo.bloggs@example.org")
    return upn


def parse_when(text: str, flag: str) -> datetime:
    """A date and time: ISO 8601 with an offset, or UK local time without one.

    Raises:
        CommandError: not a date and time, or a UK local time that does not exist
            (the hour skipped when the clocks go forward).
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"{flag}: not a date and time; use YYYY-MM-DD HH:MM (UK time) or ISO 8601"
        ) from None
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    try:
        return from_london(value)
    except DomainError as exc:
        raise CommandError(f"{flag}: {exc}") from None


def organisation(settings: Settings) -> Organisation | None:
    """The organisation file named by ``--config``/``CAREGUARD_CONFIG``, if any.

    Raises:
        SettingsError: the file cannot be read or is invalid (names the file and key).
    """
    if settings.config_path is None:
        return None
    return load_organisation(settings.config_path)


def reporter_actor(upn: str, org: Organisation | None) -> Actor:
    """The reporter as an actor, named from the organisation file when it lists them."""
    person = org.find(upn=upn) if org is not None else None
    return person.actor if person is not None else Actor(upn, upn)


def acknowledger(upn_text: str, settings: Settings) -> Actor:
    """Who acknowledges: with an organisation file, it must be a DPO, SIRO or director.

    Raises:
        CommandError: not a sign-in name, or not allowed to act.
    """
    upn = _upn(upn_text, "--by")
    org = organisation(settings)
    if org is None:
        return Actor(upn, upn)
    from bot.domain.routing import may_act

    if not may_act(org, upn=upn):
        raise CommandError("--by must be a DPO, the SIRO or a director in the organisation file")
    person = org.find(upn=upn)
    return person.actor if person is not None else Actor(upn, upn)
