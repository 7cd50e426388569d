"""Alembic environment: the URL comes from the caller or from CareGuard's settings.

Order of precedence: a connection handed over in ``config.attributes["connection"]``
(tests), ``config.attributes["url"]`` (``careguard db upgrade``), then the settings
(``DATABASE_URL`` or the embedded SQLite register under ``var/``).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from bot.register.schema import target_metadata


def _url() -> str:
    url = context.config.attributes.get("url")
    if url:
        return str(url)
    from bot.settings import load_settings

    return load_settings().effective_database_url()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(
        url=_url(),
        target_metadata=target_metadata(),
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a live database."""
    given = context.config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
        return
    from bot.register.db import ensure_sqlite_parent, make_engine

    url = _url()
    ensure_sqlite_parent(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.config.config_file_name is not None:
    # Run from alembic.ini (the ``alembic`` command): use its logging set-up.
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
