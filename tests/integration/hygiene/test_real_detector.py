"""The name warning with the real detector behind the Scanner port (SQLite register)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import make_engine
from bot.register.uow import SqlUnitOfWork
from bot.services.hygiene_hash import MessageHasher
from bot.services.messages import PrivateWarning
from bot.services.scanning import DetectorScanner
from tests.support.bot_harness import Harness
from tests.support.databases import migrated_sqlite
from tests.unit.hygiene.fakes import CARER, organisation

MESSAGE = "Gave Mrs Zelda Quincefield her meds, NHS 943 476 5919"
FLAGGED = {"where": "channel", "activity_id": "1700000000001"}


@pytest.fixture(scope="module")
def scanner() -> DetectorScanner:
    from nlp.detector import Detector

    return DetectorScanner(Detector())


@pytest.fixture
def bot(scanner: DetectorScanner, tmp_path: Path) -> Iterator[Harness]:
    engine = make_engine(migrated_sqlite(tmp_path, "register.db"))
    clock = ManualClock(datetime(2026, 11, 17, 9, 30, tzinfo=UTC))
    uow = SqlUnitOfWork(engine, FieldCipher([Fernet.generate_key()]), clock)
    yield Harness(uow, organisation(), clock, hasher=MessageHasher(b"k" * 32), scanner=scanner)
    engine.dispose()


async def _warnings(bot: Harness, message: str, **kw: object) -> list[PrivateWarning]:
    sent = await bot.say(CARER, message, **kw)  # type: ignore[arg-type]
    return [s.message for s in sent if isinstance(s.message, PrivateWarning)]


async def test_the_detector_flags_a_client_and_suggests_initials(bot: Harness) -> None:
    [warning] = await _warnings(bot, MESSAGE, **FLAGGED)
    assert warning.entity_types == ("PERSON", "UK_NHS")
    assert warning.suggested_rewrite == "Gave Mrs Z.Q. her meds, NHS [NHS number removed]"
    assert await _warnings(bot, "Gave Z.Q. her meds", edited=True, **FLAGGED) == []
    uow = bot.uow
    event = await uow.read(lambda tx: tx.hygiene.get(warning.warning_id))
    assert event is not None
    assert event.fixed_at is not None
    engine = uow.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        row = " ".join(str(v) for v in conn.execute(text("SELECT * FROM hygiene_events")).one())
    for fragment in ("Zelda", "Quincefield", "943 476 5919", "meds"):
        assert fragment not in row


async def test_ordinary_chat_is_left_alone(bot: Harness) -> None:
    assert await bot.say(CARER, "Rota for Tuesday is up", where="channel") == []


async def test_pasting_the_suggested_rewrite_is_not_warned_again(bot: Harness) -> None:
    [warning] = await _warnings(bot, MESSAGE, **FLAGGED)
    edit = warning.suggested_rewrite
    assert await _warnings(bot, edit, edited=True, **FLAGGED) == []
