"""The hygiene store and service on a real database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier

from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import Engine, inspect, text

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.db import read_session
from bot.register.migrate import alembic_config, upgrade
from bot.register.state.hygiene import Feedback, HygieneEvent, HygieneStore
from bot.services.hygiene import HygieneConfig, HygieneService
from bot.services.hygiene_hash import MessageHasher
from bot.services.messages import PrivateWarning
from tests.unit.hygiene.fakes import (
    CARER,
    CLEAN_MESSAGE,
    DPO,
    ROTA,
    SECRET_FRAGMENTS,
    FakeScanner,
    message,
    organisation,
)

NOW = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)


def event(**changes: object) -> HygieneEvent:
    values: dict[str, object] = {
        "id": uuid.uuid4().hex,
        "place_key": ROTA,
        "place_name": "Adults – Rota",
        "conversation_type": "channel",
        "team_id": "19:team@thread.tacv2",
        "message_id": "1700000000001",
        "author_id": CARER.aad_object_id,
        "occurred_at": NOW,
        "entity_types": ("PERSON", "UK_NHS"),
        "content_hash": "ab" * 32,
    }
    values.update(changes)
    return HygieneEvent(**values)  # type: ignore[arg-type]


def test_events_round_trip_with_aware_times(engine: Engine) -> None:
    store = HygieneStore(engine)
    stored = event()
    assert store.record(stored)
    assert store.get(stored.id) == stored
    assert store.get(uuid.uuid4().hex) is None
    assert store.seen(CARER.aad_object_id, ROTA, "ab" * 32)
    assert not store.seen(CARER.aad_object_id, ROTA, "cd" * 32)


def test_over_long_front_end_ids_still_dedupe_and_fix(engine: Engine) -> None:
    store = HygieneStore(engine)
    place, message_id, author = "19:" + "p" * 400, "m" * 250, "a" * 150
    long = event(place_key=place, message_id=message_id, author_id=author, team_id="t" * 400)
    assert store.record(long)
    assert not store.record(event(place_key=place, message_id=message_id, author_id=author))
    assert store.seen(author, place, "ab" * 32)
    assert store.mark_fixed(place, message_id, NOW) == 1
    got = store.get(long.id)
    assert got is not None
    assert got.fixed_at == NOW


def test_the_database_refuses_a_second_event_for_the_same_content(engine: Engine) -> None:
    store = HygieneStore(engine)
    assert store.record(event())
    assert not store.record(event())
    assert store.record(event(author_id="someone-else"))
    assert len(store.between(NOW, NOW)) == 2


def test_racing_writers_store_one_event(engine: Engine) -> None:
    store = HygieneStore(engine)
    barrier = Barrier(4)

    def write(_: int) -> bool:
        barrier.wait()
        return store.record(event())

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(write, range(4)))
    assert sorted(results) == [False, False, False, True]


def test_fixes_feedback_and_breach_claims(engine: Engine) -> None:
    store = HygieneStore(engine)
    first, later = event(), event(content_hash="cd" * 32, occurred_at=NOW + timedelta(minutes=1))
    store.record(first)
    store.record(later)
    assert store.mark_fixed(ROTA, "1700000000001", NOW + timedelta(minutes=2)) == 2
    assert store.mark_fixed(ROTA, "1700000000001", NOW + timedelta(minutes=3)) == 0
    assert store.set_feedback(first.id, Feedback.NOT_CLIENT_DATA, NOW)
    assert not store.set_feedback(uuid.uuid4().hex, Feedback.EDITED, NOW)
    assert store.claim_breach(first.id)
    assert not store.claim_breach(first.id)
    assert store.breach_pending(first.id)
    store.set_breach(first.id, "BR-2026-0001")
    got = store.get(first.id)
    assert got is not None
    assert got.fixed_at == NOW + timedelta(minutes=2)
    assert (got.feedback, got.breach_reference) == (Feedback.NOT_CLIENT_DATA, "BR-2026-0001")
    assert [e.id for e in store.between(NOW, NOW + timedelta(minutes=1))] == [first.id, later.id]
    assert store.between(NOW + timedelta(seconds=1), NOW + timedelta(seconds=59)) == []


def _service(engine: Engine, clock: ManualClock) -> HygieneService:
    return HygieneService(
        store=HygieneStore(engine),
        scanner=FakeScanner(),
        hasher=MessageHasher.from_register_key(Fernet.generate_key().decode()),
        clock=clock,
        organisation=organisation(),
        repository=BreachRepository(engine, FieldCipher([Fernet.generate_key()]), clock),
        config=HygieneConfig(place_names={ROTA: "Adults – Rota"}),
    )


async def test_warning_fix_and_concurrent_breach_clicks_make_one_breach(engine: Engine) -> None:
    clock = ManualClock(NOW)
    service = _service(engine, clock)
    deliveries = await service.on_channel_message(message())
    warning = deliveries[0].message
    assert isinstance(warning, PrivateWarning)
    await service.on_channel_message(message(CLEAN_MESSAGE, edited=True))
    results = await asyncio.gather(
        *(service.to_breach(DPO, warning.warning_id) for _ in range(3)), return_exceptions=True
    )
    references = {r for r in results if isinstance(r, str)}
    assert references == {"BR-2026-0001"}
    assert await service.to_breach(DPO, warning.warning_id) == "BR-2026-0001"
    report = await service.report(weeks=1)
    assert [(r.warnings, r.fixed, r.breaches) for r in report.rows] == [(1, 1, 1)]
    values: list[str] = []
    with read_session(engine) as session:
        for table in inspect(engine).get_table_names():
            query = text(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the schema)
            values += [str(v) for row in session.execute(query) for v in row]
    for fragment in SECRET_FRAGMENTS:
        assert not [v for v in values if fragment in v], fragment


def test_the_migration_downgrades_and_upgrades_again(db_url: str, engine: Engine) -> None:
    command.downgrade(alembic_config(db_url), "0003_bot_state")
    assert "hygiene_events" not in inspect(engine).get_table_names()
    upgrade(db_url)
    engine.dispose()
    assert "hygiene_events" in inspect(engine).get_table_names()
