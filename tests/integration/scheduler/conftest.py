"""Scheduler store on a real database: a SQLite file and a PostgreSQL schema of our own.

The PostgreSQL schema is uniquely named per test session (other test runs share the
server) and dropped at the end. Set ``CAREGUARD_TEST_PG=skip`` only on a machine
without PostgreSQL; otherwise an unreachable server is an error, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, create_engine, text

from bot.register.db import make_engine
from bot.register.jobs.models import ScheduledWorkRow, SchedulerEffectRow

PG_SERVER = "127.0.0.1:5432"

TEST_METADATA = MetaData()
EFFECTS = Table(
    "test_fired",
    TEST_METADATA,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False),
    Column("worker", String(100), nullable=False),
)
"""What the test handlers do: one row per committed effect, duplicates allowed."""

TABLES = [ScheduledWorkRow.__table__, SchedulerEffectRow.__table__]


def _pg_base_url() -> str:
    user = os.environ.get("PGUSER") or "postgres"
    return f"postgresql+psycopg://{user}@{PG_SERVER}/test"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the session."""
    if os.environ.get("CAREGUARD_TEST_PG") == "skip":
        pytest.skip("CAREGUARD_TEST_PG=skip: PostgreSQL tests switched off")
    schema = f"cg_sched_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_pg_base_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{_pg_base_url()}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _create(engine: Engine) -> None:
    from bot.register.base import Base

    Base.metadata.create_all(engine, tables=TABLES)  # type: ignore[arg-type]
    TEST_METADATA.create_all(engine)


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    _create(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty scheduler store on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'scheduler.db'}"
        engine = make_engine(url)
        _create(engine)
        engine.dispose()
        yield url
        return
    engine = request.getfixturevalue("pg_engine")
    with engine.begin() as conn:
        for table in [EFFECTS, *TABLES]:
            conn.execute(table.delete())
    yield request.getfixturevalue("pg_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
