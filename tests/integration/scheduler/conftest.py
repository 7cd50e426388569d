"""Timers and the outbox on a real database: a migrated SQLite file and a PostgreSQL schema.

Each test gets a register migrated to head (``tests/integration/conftest.py``), plus
``test_fired``: one row per committed effect of a test handler, duplicates allowed, so a
timer that fired twice or a message sent twice shows up as two rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, func, select

from bot.domain.clock import Clock, ManualClock
from bot.domain.organisation import Role
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import make_engine
from bot.register.uow import SqlUnitOfWork
from bot.services.deps import BotConfig, BotDeps
from tests.support.bot_harness import FakeScanner
from tests.support.organisations import person, two_dpo_organisation

T0 = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward

TEST_METADATA = MetaData()
EFFECTS = Table(
    "test_fired",
    TEST_METADATA,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False),
    Column("worker", String(100), nullable=False),
)
"""What the test handlers do: one row per committed effect, duplicates allowed."""

ORGANISATION = two_dpo_organisation(
    person("ada", Role.DPO, 1),
    person("bea", Role.DPO, 2),
    person("cy", Role.SIRO, 3),
)


def make_deps(engine: Engine, key: bytes, clock: Clock) -> BotDeps:
    """The bot's shared parts over ``engine`` (the organisation above, a fake scanner)."""
    uow = SqlUnitOfWork(engine, FieldCipher([key]), clock)
    scanner: Any = FakeScanner()
    return BotDeps(ORGANISATION, uow, scanner, clock, BotConfig())


def fired(engine: Engine, key: str | None = None) -> int:
    """How many effects were committed (for ``key``, or in all)."""
    stmt = select(func.count()).select_from(EFFECTS)
    if key is not None:
        stmt = stmt.where(EFFECTS.c.key == key)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the migrated register, with the effects table added."""
    eng = make_engine(db_url)
    TEST_METADATA.create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def key() -> bytes:
    return Fernet.generate_key()


@pytest.fixture
def cipher(key: bytes) -> FieldCipher:
    return FieldCipher([key])


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def uow(engine: Engine, cipher: FieldCipher, clock: ManualClock) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine, cipher, clock)


@pytest.fixture
def deps(engine: Engine, key: bytes, clock: ManualClock) -> BotDeps:
    return make_deps(engine, key, clock)
