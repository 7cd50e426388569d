"""Typed settings, read once at start from the environment.

Production is the default. Development mode is explicit (``--dev`` or
``CAREGUARD_ENV=development``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class Mode(StrEnum):
    """How the process runs."""

    PRODUCTION = "production"
    DEVELOPMENT = "development"


class SettingsError(Exception):
    """Configuration is missing or invalid; the message names the key."""


DEFAULT_SQLITE_PATH = Path("var/careguard.db")


class Settings(BaseSettings):
    """Everything the process reads from its environment."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    mode: Mode = Field(default=Mode.PRODUCTION, alias="CAREGUARD_ENV")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    config_path: Path | None = Field(default=None, alias="CAREGUARD_CONFIG")
    register_key: SecretStr | None = Field(default=None, alias="CAREGUARD_REGISTER_KEY")
    var_dir: Path = Field(default=Path("var"), alias="CAREGUARD_VAR_DIR")

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
        raise SettingsError(f"invalid setting {key}: {first['msg']}") from None
