"""Typed settings, read once at start: the environment, plus the organisation file (TOML).

Production is the default. Development mode is explicit (``--dev`` or
``CAREGUARD_ENV=development``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.database_url import normalise_database_url
from bot.domain.errors import DomainError
from bot.domain.organisation import Organisation
from bot.organisation_file import OrganisationProblemsError, parse_organisation


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


def _fail(path: Path, problems: list[tuple[str, str]]) -> SettingsError:
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
        return parse_organisation(raw)
    except OrganisationProblemsError as exc:
        raise _fail(path, exc.problems) from None
    except DomainError as exc:  # a rule the checks missed; still name the file
        raise SettingsError(f"{path}: (organisation): {exc}") from None


def require_organisation(settings: Settings) -> Organisation:
    """Load the organisation file named by ``--config``/``CAREGUARD_CONFIG``.

    Raises:
        SettingsError: when no file is named, or as ``load_organisation``.
    """
    if settings.config_path is None:
        raise SettingsError("missing required settings: CAREGUARD_CONFIG (the organisation file)")
    return load_organisation(settings.config_path)
