"""The organisation file's schema and checks (``examples/citycare.toml`` is the example).

``parse_organisation`` turns the parsed TOML into the domain's ``Organisation``; every
problem is a dotted key and a plain reason, which ``bot.settings.load_organisation``
names together with the file.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.contacts_file import ContactsTable
from bot.domain.clocks import ClockSettings
from bot.domain.errors import DomainError
from bot.domain.organisation import Organisation, Person, Role, ServiceSetup
from bot.domain.values import Service


class OrganisationProblemsError(Exception):
    """The file does not describe a usable organisation: ``problems`` say where and why."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems[0][1] if problems else "invalid organisation file")
        self.problems = problems


_Minutes = Annotated[int, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _OrganisationInfo(_Strict):
    name: Annotated[str, Field(min_length=1)]


class _Clocks(_Strict):
    report_window_minutes: _Minutes = 60
    ack_timeout_minutes: _Minutes = 15
    ico_window_hours: _Minutes = 72
    abandon_timeout_minutes: _Minutes = 10
    ico_reminder_hours: list[_Minutes] = Field(default_factory=lambda: [24, 48, 66])

    def to_domain(self) -> ClockSettings:
        return ClockSettings(
            report_window=timedelta(minutes=self.report_window_minutes),
            ack_timeout=timedelta(minutes=self.ack_timeout_minutes),
            ico_window=timedelta(hours=self.ico_window_hours),
            abandon_timeout=timedelta(minutes=self.abandon_timeout_minutes),
            ico_reminders=tuple(timedelta(hours=h) for h in self.ico_reminder_hours),
        )


class _Person(_Strict):
    name: Annotated[str, Field(min_length=1)]
    role: Role
    aad_object_id: uuid.UUID
    upn: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    phone: Annotated[str, Field(pattern=r"^\+[1-9]\d{7,14}$")] | None = None


class _ServiceCover(_Strict):
    dpo: str
    fallback: list[str] = Field(default_factory=list)
    alert_channel: Annotated[str, Field(min_length=1)]


class OrganisationFile(_Strict):
    """The organisation file as written (see ``examples/citycare.toml``)."""

    organisation: _OrganisationInfo
    clocks: _Clocks = Field(default_factory=_Clocks)
    # The organisation's own numbers and mailboxes: the detector never flags them.
    contacts: ContactsTable = Field(default_factory=ContactsTable)
    people: dict[str, _Person]
    services: dict[Service, _ServiceCover]
    # Channel or group-chat id → its name in name-warning statistics ("Adults – Rota").
    place_names: dict[str, Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=dict
    )
    # Checked by `careguard manifest build`, which reads only this table.
    teams_app: dict[str, object] = Field(default_factory=dict)


_KEY = re.compile(r"[a-z][a-z0-9_-]*")
_Problem = tuple[str, str]


def _people_problems(people: Mapping[str, _Person]) -> list[_Problem]:
    problems: list[_Problem] = []
    first_upn: dict[str, str] = {}
    first_aad: dict[str, str] = {}
    siros = [k for k, p in people.items() if p.role is Role.SIRO]
    for key, person in people.items():
        where = f"people.{key}"
        if not _KEY.fullmatch(key):
            problems.append((where, "a person key must be lower case: letters, digits, - or _"))
        for field, seen, value in (
            ("upn", first_upn, person.upn.casefold()),
            ("aad_object_id", first_aad, str(person.aad_object_id)),
        ):
            if value in seen:
                problems.append(
                    (f"{where}.{field}", f"duplicate person: same as people.{seen[value]}")
                )
            seen.setdefault(value, key)
    problems += [(f"people.{k}.role", "only one SIRO may be named") for k in siros[1:]]
    return problems


def _service_problems(model: OrganisationFile) -> list[_Problem]:
    problems: list[_Problem] = []
    people = model.people
    for service in Service:
        cover = model.services.get(service)
        where = f"services.{service.value}"
        if cover is None:
            problems.append((where, "missing: every service needs a DPO and an alert channel"))
            continue
        if cover.dpo not in people:
            problems.append((f"{where}.dpo", f"unknown person key {cover.dpo!r}"))
        elif people[cover.dpo].role is not Role.DPO:
            problems.append((f"{where}.dpo", f"{cover.dpo!r} is not a DPO"))
        for i, key in enumerate(cover.fallback):
            at = f"{where}.fallback[{i}]"
            if key not in people:
                problems.append((at, f"unknown person key {key!r}"))
            elif key == cover.dpo or key in cover.fallback[:i]:
                problems.append((at, f"{key!r} is already earlier in the order"))
    return problems


def _clock_problems(model: OrganisationFile) -> list[_Problem]:
    try:
        model.clocks.to_domain()
    except DomainError as exc:
        return [("clocks.ico_reminder_hours", str(exc).replace("ico_reminders", "reminders"))]
    return []


def _to_domain(model: OrganisationFile) -> Organisation:
    people = tuple(
        Person(key, p.name, p.role, str(p.aad_object_id), p.upn, p.phone)
        for key, p in model.people.items()
    )
    services = tuple(
        ServiceSetup(service, c.dpo, tuple(c.fallback), c.alert_channel)
        for service, c in model.services.items()
    )
    return Organisation(
        model.organisation.name,
        people,
        services,
        model.clocks.to_domain(),
        model.contacts.to_domain(),
        place_names=dict(model.place_names),
    )


def _dotted(loc: Sequence[int | str]) -> str:
    parts: list[str] = []
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part}]"]
        else:
            parts.append(part)
    return ".".join(parts) or "(top level)"


_PYDANTIC_REASONS = {
    "missing": "required but missing",
    "extra_forbidden": "unknown key",
    "greater_than": "must be a positive whole number",
    "uuid_parsing": "not a GUID (expected 8-4-4-4-12 hex digits)",
    "uuid_type": "not a GUID (expected 8-4-4-4-12 hex digits)",
}
_PATTERN_REASONS = {
    "upn": "not a sign-in name (expected name@domain)",
    "phone": "not a phone number in international form (e.g. +447700900123)",
}


def _describe(error: Any) -> _Problem:
    reason = _PYDANTIC_REASONS.get(error["type"], str(error["msg"]))
    if error["type"] == "string_pattern_mismatch":
        reason = _PATTERN_REASONS.get(str(error["loc"][-1]), reason)
    if error["type"] == "enum" and error["loc"][-1:] == ("[key]",):
        reason = "unknown service (expected adults or children)"
    return _dotted(error["loc"]), reason.removeprefix("Value error, ")


def parse_organisation(raw: Mapping[str, Any]) -> Organisation:
    """The organisation the parsed TOML describes.

    Raises:
        OrganisationProblemsError: every problem found, as (dotted key, reason).
        DomainError: a rule the checks here missed.
    """
    try:
        model = OrganisationFile.model_validate(raw)
    except ValidationError as exc:
        raise OrganisationProblemsError([_describe(e) for e in exc.errors()]) from None
    problems = _people_problems(model.people) + _service_problems(model) + _clock_problems(model)
    if problems:
        raise OrganisationProblemsError(problems)
    return _to_domain(model)
