"""Register integration fixtures: every test runs on SQLite and on PostgreSQL.

PostgreSQL (127.0.0.1:5432, database ``test``, trust auth) gets a uniquely named schema
per test, selected through ``search_path`` and dropped afterwards, so concurrent test
runs by other people never see each other's tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from bot.domain.clock import ManualClock
from bot.register.crypto import FieldCipher
from bot.register.db import make_engine
from bot.register.repository import BreachRepository
from tests.support.databases import migrated_sqlite, scratch_schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated register database URL on each backend."""
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path, "register.db")
        return
    with scratch_schema("cg_register") as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def cipher() -> FieldCipher:
    """A cipher with a fresh key."""
    return FieldCipher([Fernet.generate_key()])


@pytest.fixture
def clock() -> ManualClock:
    """A manual clock for ``created_at``/``updated_at``."""
    from datetime import UTC, datetime

    return ManualClock(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def repo(engine: Engine, cipher: FieldCipher, clock: ManualClock) -> BreachRepository:
    """The repository under test."""
    return BreachRepository(engine, cipher, clock)
