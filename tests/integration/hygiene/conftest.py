"""Hygiene integration fixtures: the migrated register on a SQLite file and on PostgreSQL.

PostgreSQL (127.0.0.1:5432, database ``test``, trust auth) gets a uniquely named schema
per test, selected through ``search_path`` and dropped afterwards, so other test runs
on the same server never see our tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine

from bot.register.db import make_engine
from bot.register.migrate import upgrade

PG_USER = os.environ.get("PGUSER") or "postgres"
PG_ADMIN = f"host=127.0.0.1 port=5432 dbname=test user={PG_USER}"


def pg_url(schema: str) -> str:
    """A SQLAlchemy URL whose connections use ``schema`` first."""
    return f"postgresql+psycopg://{PG_USER}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty register migrated to head (0004_hygiene included) on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.db'}"
        upgrade(url)
        yield url
        return
    schema = f"cg_hygiene_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = pg_url(schema)
        upgrade(url)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
