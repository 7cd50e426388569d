"""The bot-state stores and the unit of work on a real database (SQLite and PostgreSQL).

Every test gets its own register migrated to head (``db_url`` and ``engine`` come from
``tests/integration/conftest.py``), a fresh register key and a manual clock.
"""

from __future__ import annotations

import uuid

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.uow import SqlUnitOfWork
from tests.support.bot_harness import START


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher([Fernet.generate_key()])


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def uow(engine: Engine, cipher: FieldCipher, clock: ManualClock) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine, cipher, clock)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
