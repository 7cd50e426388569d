"""Test databases: a migrated SQLite file, or a scratch PostgreSQL schema.

PostgreSQL (127.0.0.1:5432, database ``test``, trust auth) gets a uniquely named schema,
selected through ``search_path`` and dropped afterwards, so test runs that happen at the
same time never see each other's tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from bot.register.migrate import upgrade

PG_USER = os.environ.get("PGUSER") or "postgres"
PG_ADMIN = f"host=127.0.0.1 port=5432 dbname=test user={PG_USER}"


def pg_url(schema: str) -> str:
    """A SQLAlchemy URL whose connections use ``schema`` first."""
    return f"postgresql+psycopg://{PG_USER}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"


@contextmanager
def scratch_schema(prefix: str, *, migrate: bool = True) -> Iterator[str]:
    """A fresh PostgreSQL schema (migrated to head unless told not to); yields its URL."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = pg_url(schema)
        if migrate:
            upgrade(url)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def migrated_sqlite(folder: Path, name: str = "careguard.db") -> str:
    """A SQLite register in ``folder``, migrated to head; returns its URL."""
    url = f"sqlite:///{folder / name}"
    upgrade(url)
    return url
