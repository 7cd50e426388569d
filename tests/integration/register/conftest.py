"""Register integration fixtures: a cipher, a clock and a repository over the shared ``db_url``
(every test runs on SQLite and on PostgreSQL; see ``tests/integration/conftest.py``)."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository


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
