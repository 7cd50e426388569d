"""Programmatic Alembic: ``careguard db upgrade`` and the migrations check share this."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.register.db import ensure_sqlite_parent

if TYPE_CHECKING:
    from alembic.config import Config

    from bot.register.breaches.crypto import FieldCipher

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _quiet_plugins() -> None:
    # Alembic announces each of its plugins at INFO when first imported; only the
    # "Running upgrade" lines are worth showing.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def alembic_config(url: str) -> Config:
    """An Alembic configuration for ``url`` that works without ``alembic.ini``.

    The script location is the package's own ``migrations`` directory, so an installed
    CareGuard can migrate from any working directory.
    """
    _quiet_plugins()
    from alembic.config import Config

    config = Config(stdout=sys.stdout)  # the stream of now, not of first import
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head", *, cipher: FieldCipher | None = None) -> None:
    """Bring the database at ``url`` up to ``revision`` (creating a SQLite file's folder).

    ``cipher`` is the register key, for migrations that need it (re-chaining the audit
    trail); without it they load it from the settings, and fail only if they need it.
    """
    config = alembic_config(url)
    if cipher is not None:
        config.attributes["cipher"] = cipher
    from alembic import command

    ensure_sqlite_parent(url)
    command.upgrade(config, revision)
