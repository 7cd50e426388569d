"""Typed settings, read once at start: the environment, plus the organisation file (TOML).

Production is the default. Development mode is explicit (``--dev`` or
``CAREGUARD_ENV=development``).
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.contacts_file import ContactsTable
from bot.database_url import normalise_database_url
from bot.domain.clocks import ClockSettings
from bot.domain.errors import DomainError
from bot.domain.organisation import Organisation, Person, Role, ServiceSetup
from bot.domain.values import Service


class Mode(StrEnum):
    """How the process runs."""

    PRODUCTION = "production"
    DEVELOPMENT = "development"


class SettingsError(Exception):
    """Configuration is missing or invalid; the message names the key."""


DEFAULT_SQLITE_PATH = Path("var/careguard.db")

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _tenant_guid(value: str | None) -> str | None:
    # Entra's aliases (common, organizations, consumers) or a domain name would make the
    # token check multi-tenant: only the organisation's own tenant GUID is accepted.
    if value is None or not value.strip():
        return None  # unset: production start-up names it as missing
    if not _GUID.fullmatch(value.strip()):
        raise ValueError("must be the tenant's GUID, not common, organizations or consumers")
    return value.strip()


class Settings(BaseSettings):
    """Everything the process reads from its environment."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    mode: Mode = Field(default=Mode.PRODUCTION, alias="CAREGUARD_ENV")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    config_path: Path | None = Field(default=None, alias="CAREGUARD_CONFIG")
    register_key: SecretStr | None = Field(default=None, alias="CAREGUARD_REGISTER_KEY")
    var_dir: Path = Field(default=Path("var"), alias="CAREGUARD_VAR_DIR")
    register_checkpoint: Path | None = Field(default=None, alias="CAREGUARD_REGISTER_CHECKPOINT")
    bot_app_id: str | None = Field(default=None, alias="CAREGUARD_BOT_APP_ID")
    bot_client_secret: SecretStr | None = Field(default=None, alias="CAREGUARD_BOT_CLIENT_SECRET")
    # A PFX certificate file instead of a client secret (either one is enough).
    bot_certificate_file: Path | None = Field(default=None, alias="CAREGUARD_BOT_CERTIFICATE_FILE")
    tenant_id: Annotated[str | None, AfterValidator(_tenant_guid)] = Field(
        default=None, alias="CAREGUARD_TENANT_ID"
    )
    spacy_model: str | None = Field(default=None, alias="CAREGUARD_SPACY_MODEL")
    clients_csv: Path | None = Field(default=None, alias="CAREGUARD_CLIENTS_CSV")
    staff_csv: Path | None = Field(default=None, alias="CAREGUARD_STAFF_CSV")
    # WhatsApp Cloud API webhook: off unless configured (bot.whatsapp.mount checks the set).
    whatsapp_verify_token: SecretStr | None = Field(
        default=None, alias="CAREGUARD_WHATSAPP_VERIFY_TOKEN"
    )
    whatsapp_app_secret: SecretStr | None = Field(
        default=None, alias="CAREGUARD_WHATSAPP_APP_SECRET"
    )
    whatsapp_access_token: SecretStr | None = Field(
        default=None, alias="CAREGUARD_WHATSAPP_ACCESS_TOKEN"
    )
    whatsapp_phone_number_id: str | None = Field(
        default=None, alias="CAREGUARD_WHATSAPP_PHONE_NUMBER_ID"
    )
    whatsapp_graph_url: str = Field(
        default="https://graph.facebook.com/v21.0", alias="CAREGUARD_WHATSAPP_GRAPH_URL"
    )

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None  # unset or blank: the embedded SQLite register
        return normalise_database_url(value)

    @property
    def is_dev(self) -> bool:
        """True in explicit development mode."""
        return self.mode is Mode.DEVELOPMENT

    def effective_database_url(self) -> str:
        """The database URL, defaulting to the embedded SQLite register under ``var_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.var_dir / 'careguard.db'}"


def load_settings(*, dev: bool = False, config_path: Path | None = None) -> Settings:
    """Read settings from the environment, applying command-line overrides.

    Raises:
        SettingsError: when a value is invalid; the message names the key.
    """
    overrides: dict[str, object] = {}
    if dev:
        overrides["CAREGUARD_ENV"] = Mode.DEVELOPMENT
    if config_path is not None:
        overrides["CAREGUARD_CONFIG"] = config_path
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "settings"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"invalid setting {key}: {reason}") from None


def require_production_secrets(
    settings: Settings,
    needed: Iterable[str],
    one_of: Iterable[tuple[str, ...]] = (),
) -> None:
    """Check that every setting in ``needed`` (field names, e.g. ``"register_key"``) is set.

    Development mode may run without them; the caller decides whether to call this.

    Args:
        settings: The settings to check.
        needed: Field names that must each be set.
        one_of: Groups of field names of which at least one must be set (e.g. a client
            secret or a certificate).

    Raises:
        SettingsError: naming the environment variable of every missing setting.
    """
    fields = Settings.model_fields
    for name in (*needed, *(n for group in one_of for n in group)):
        if name not in fields:
            raise SettingsError(f"unknown setting {name!r}")
    missing = [fields[n].alias or n for n in needed if not _is_set(getattr(settings, n))]
    for group in one_of:
        if not any(_is_set(getattr(settings, n)) for n in group):
            missing.append(" or ".join(fields[n].alias or n for n in group))
    if missing:
        raise SettingsError("missing required settings: " + ", ".join(missing))


def _is_set(value: object) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return value is not None and not (isinstance(value, str) and not value.strip())


# --- The organisation file -------------------------------------------------------------

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


def _fail(path: Path, problems: list[_Problem]) -> SettingsError:
    key, reason = problems[0]
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    return SettingsError(f"{path}: {key}: {reason}{more}")


def load_organisation(path: Path) -> Organisation:
    """Read and check the organisation file.

    Args:
        path: A TOML file shaped like ``examples/citycare.toml``.

    Returns:
        The organisation, ready for routing.

    Raises:
        SettingsError: naming the file, the key (dotted path) and the reason, when the
            file cannot be read, is not TOML, or does not describe a usable organisation.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the organisation file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    try:
        model = OrganisationFile.model_validate(raw)
    except ValidationError as exc:
        raise _fail(path, [_describe(e) for e in exc.errors()]) from None
    problems = _people_problems(model.people) + _service_problems(model) + _clock_problems(model)
    if problems:
        raise _fail(path, problems)
    try:
        return _to_domain(model)
    except DomainError as exc:  # a rule the checks above missed; still name the file
        raise SettingsError(f"{path}: (organisation): {exc}") from None


def require_organisation(settings: Settings) -> Organisation:
    """Load the organisation file named by ``--config``/``CAREGUARD_CONFIG``.

    Raises:
        SettingsError: when no file is named, or as ``load_organisation``.
    """
    if settings.config_path is None:
        raise SettingsError("missing required settings: CAREGUARD_CONFIG (the organisation file)")
    return load_organisation(settings.config_path)
