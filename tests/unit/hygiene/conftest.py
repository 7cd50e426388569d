"""Hygiene unit fixtures: a fake scanner, a manual clock and a migrated SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.db import make_engine
from bot.register.migrate import upgrade
from bot.register.state.hygiene import HygieneStore
from bot.services.hygiene import HygieneConfig, HygieneService
from bot.services.hygiene_hash import MessageHasher
from tests.unit.hygiene.fakes import OFFICE, ROTA, FakeScanner, organisation

START = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
"""A Tuesday (ISO week 2026-W47)."""
PLACES = {ROTA: "Adults – Rota", OFFICE: "Adults – Office"}


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated register, made once and copied per test (migrating takes a while)."""
    path = tmp_path_factory.mktemp("hygiene-template") / "register.db"
    upgrade(f"sqlite:///{path}")
    return path


@dataclass
class Harness:
    """The service under test and everything it was built from."""

    service: HygieneService
    store: HygieneStore
    scanner: FakeScanner
    clock: ManualClock
    repository: BreachRepository
    engine: Engine
    db_path: Path

    def rebuild(self, **config: object) -> HygieneService:
        """The same collaborators with other knobs."""
        self.service = HygieneService(
            store=self.store,
            scanner=self.scanner,
            hasher=MessageHasher(b"k" * 32),
            clock=self.clock,
            organisation=organisation(),
            repository=self.repository,
            config=HygieneConfig(place_names=PLACES, **config),  # type: ignore[arg-type]
        )
        return self.service


@pytest.fixture
def hy(template_db: Path, tmp_path: Path) -> Iterator[Harness]:
    """A hygiene service on a fresh SQLite register with a fake scanner."""
    db_path = tmp_path / "register.db"
    shutil.copy(template_db, db_path)
    engine = make_engine(f"sqlite:///{db_path}")
    clock = ManualClock(START)
    repository = BreachRepository(engine, FieldCipher([Fernet.generate_key()]), clock)
    harness = Harness(
        service=None,  # type: ignore[arg-type]
        store=HygieneStore(engine),
        scanner=FakeScanner(),
        clock=clock,
        repository=repository,
        engine=engine,
        db_path=db_path,
    )
    harness.rebuild()
    yield harness
    engine.dispose()
