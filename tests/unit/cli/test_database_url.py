"""``DATABASE_URL`` as people write it: PostgreSQL in its usual spellings, else one line."""

from __future__ import annotations

import pytest

from bot.database_url import normalise_database_url
from bot.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("typed", "used"),
    [
        ("postgres://cg:pw@db:5432/careguard", "postgresql+psycopg://cg:pw@db:5432/careguard"),
        ("postgresql://cg@db/careguard", "postgresql+psycopg://cg@db/careguard"),
        ("PostgreSQL+psycopg://cg@db/careguard", "postgresql+psycopg://cg@db/careguard"),
        ("sqlite:///var/careguard.db", "sqlite:///var/careguard.db"),
        ("sqlite+pysqlite:////srv/cg.db", "sqlite:////srv/cg.db"),
    ],
)
def test_postgresql_is_reached_through_psycopg_3(typed: str, used: str) -> None:
    assert normalise_database_url(typed) == used


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("mysql://cg:hunter22@db/careguard", "mysql is not supported: the register runs on SQLite"),
        ("mariadb+pymysql://cg:hunter22@db/x", "mariadb is not supported"),
        ("nonsense", "not a database URL; use sqlite:///PATH or postgresql://"),
        ("://hunter22@db", "not a database URL"),
        ("postgresql+psycopg2://cg:hunter22@db/x", "through psycopg 3, not psycopg2"),
        ("postgres://cg:hunter22@db:port/x", "not a valid postgres URL"),
    ],
)
def test_anything_else_is_refused_without_the_password(typed: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as caught:
        normalise_database_url(typed)
    assert "hunter22" not in str(caught.value)


def test_the_setting_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://cg:hunter22@db/careguard")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("invalid setting DATABASE_URL: mysql is not supported")
    assert "hunter22" not in message
    assert "Value error" not in message


def test_blank_means_the_embedded_register(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "  ")
    monkeypatch.setenv("CAREGUARD_VAR_DIR", "somewhere")
    assert load_settings().effective_database_url() == "sqlite:///somewhere/careguard.db"
