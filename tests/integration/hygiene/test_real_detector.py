"""The name warning with the real detector behind the Scanner port (SQLite register)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.domain.clock import ManualClock
from bot.register.db import make_engine, read_session
from bot.register.migrate import upgrade
from bot.register.state.hygiene import HygieneStore
from bot.services.hygiene import HygieneConfig, HygieneService
from bot.services.hygiene_hash import MessageHasher
from bot.services.messages import PrivateWarning
from bot.services.scanning import DetectorScanner
from tests.unit.hygiene.fakes import ROTA, message, organisation

MESSAGE = "Gave Mrs Zelda Quincefield her meds, NHS 943 476 5919"


@pytest.fixture(scope="module")
def scanner() -> DetectorScanner:
    from nlp.detector import Detector

    return DetectorScanner(Detector())


@pytest.fixture
def service(scanner: DetectorScanner, tmp_path: Path) -> Iterator[HygieneService]:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield HygieneService(
        store=HygieneStore(engine),
        scanner=scanner,
        hasher=MessageHasher(b"k" * 32),
        clock=ManualClock(datetime(2026, 11, 17, 9, 30, tzinfo=UTC)),
        organisation=organisation(),
        config=HygieneConfig(place_names={ROTA: "Adults – Rota"}),
    )
    engine.dispose()


async def test_the_detector_flags_a_client_and_suggests_initials(service: HygieneService) -> None:
    deliveries = await service.on_channel_message(message(MESSAGE))
    assert len(deliveries) == 1
    warning = deliveries[0].message
    assert isinstance(warning, PrivateWarning)
    assert warning.entity_types == ("PERSON", "UK_NHS")
    assert warning.suggested_rewrite == "Gave Mrs Z.Q. her meds, NHS [NHS number removed]"
    fixed = await service.on_channel_message(message("Gave Z.Q. her meds", edited=True))
    assert fixed == []
    event = service._store.get(warning.warning_id)
    assert event is not None
    assert event.fixed_at is not None
    with read_session(service._store._engine) as session:
        row = " ".join(str(v) for v in session.execute(text("SELECT * FROM hygiene_events")).one())
    for fragment in ("Zelda", "Quincefield", "943 476 5919", "meds"):
        assert fragment not in row


async def test_ordinary_chat_is_left_alone(service: HygieneService) -> None:
    assert await service.on_channel_message(message("Rota for Tuesday is up")) == []


async def test_pasting_the_suggested_rewrite_is_not_warned_again(service: HygieneService) -> None:
    deliveries = await service.on_channel_message(message(MESSAGE))
    warning = deliveries[0].message
    assert isinstance(warning, PrivateWarning)
    edit = message(warning.suggested_rewrite, edited=True)
    assert await service.on_channel_message(edit) == []
