"""Programmatic Alembic: ``careguard db upgrade`` and the migrations check share this."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from bot.register.db import ensure_sqlite_parent

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic configuration for ``url`` that works without ``alembic.ini``.

    The script location is the package's own ``migrations`` directory, so an installed
    CareGuard can migrate from any working directory.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (creating a SQLite file's folder)."""
    from alembic import command

    ensure_sqlite_parent(url)
    command.upgrade(alembic_config(url), revision)
