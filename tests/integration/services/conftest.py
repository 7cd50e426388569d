"""The bot state store on a real database: a SQLite file and a PostgreSQL schema.

The PostgreSQL schema is uniquely named per test session (others use the same server at
the same time), migrated once, and dropped afterwards; tests use unique keys so they
never see each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import make_engine
from bot.register.state.store import BotStateStore
from tests.support.databases import migrated_sqlite, scratch_schema
from tests.unit.services.conftest import START

SESSION_KEY = Fernet.generate_key()
"""One register key per session: the PostgreSQL schema is shared by the tests."""


@pytest.fixture(scope="session")
def pg_services_url() -> Iterator[str]:
    """A migrated PostgreSQL schema of our own for the whole session."""
    with scratch_schema("cg_services") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database URL on each backend."""
    if request.param == "sqlite":
        return migrated_sqlite(tmp_path)
    return str(request.getfixturevalue("pg_services_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher([SESSION_KEY])


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def store(engine: Engine, cipher: FieldCipher, clock: ManualClock) -> BotStateStore:
    return BotStateStore(engine, cipher, clock)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
