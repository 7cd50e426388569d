"""Name warnings (``SqlHygiene``) and the warning flow on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier
from typing import Any

import pytest
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import Engine, inspect, text

from bot.domain.clock import ManualClock
from bot.domain.records import Feedback, HygieneEvent
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import read_session
from bot.register.migrate import alembic_config, upgrade
from bot.register.uow import SqlUnitOfWork
from bot.services.hygiene_hash import MessageHasher
from bot.services.messages import CardAction, PrivateWarning, Verb
from tests.support.bot_harness import Harness
from tests.unit.hygiene import fakes
from tests.unit.hygiene.fakes import (
    CARER,
    CLEAN_MESSAGE,
    DPO,
    ROTA,
    SECRET_FRAGMENTS,
    SECRET_MESSAGE,
)

NOW = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)


class Scanner(fakes.FakeScanner):
    """The hygiene fakes' scanner, with the port's one-call ``check``."""

    def check(self, text: str) -> tuple[Any, str | None]:
        result = self.scan(text)
        return result, self.suggest_rewrite(text) if result.flagged else None


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def uow(engine: Engine, clock: ManualClock) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine, FieldCipher([Fernet.generate_key()]), clock)


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


def test_events_round_trip_with_aware_times(uow) -> None:
    stored = event()
    assert uow.run_now(lambda tx: tx.hygiene.record(stored))
    assert uow.read_now(lambda tx: tx.hygiene.get(stored.id)) == stored
    assert uow.read_now(lambda tx: tx.hygiene.get(uuid.uuid4().hex)) is None
    assert uow.read_now(lambda tx: tx.hygiene.seen(CARER.aad_object_id, ROTA, "ab" * 32))
    assert not uow.read_now(lambda tx: tx.hygiene.seen(CARER.aad_object_id, ROTA, "cd" * 32))


def test_over_long_front_end_ids_still_dedupe_and_fix(uow) -> None:
    place, message_id, author = "19:" + "p" * 400, "m" * 250, "a" * 150
    long = event(place_key=place, message_id=message_id, author_id=author, team_id="t" * 400)
    assert uow.run_now(lambda tx: tx.hygiene.record(long))
    again = event(place_key=place, message_id=message_id, author_id=author)
    assert not uow.run_now(lambda tx: tx.hygiene.record(again))
    assert uow.read_now(lambda tx: tx.hygiene.seen(author, place, "ab" * 32))
    assert uow.run_now(lambda tx: tx.hygiene.mark_fixed(place, message_id, NOW)) == 1
    got = uow.read_now(lambda tx: tx.hygiene.get(long.id))
    assert got is not None
    assert got.fixed_at == NOW


def test_the_database_refuses_a_second_event_for_the_same_content(uow) -> None:
    assert uow.run_now(lambda tx: tx.hygiene.record(event()))
    assert not uow.run_now(lambda tx: tx.hygiene.record(event()))
    assert uow.run_now(lambda tx: tx.hygiene.record(event(author_id="someone-else")))
    assert len(uow.read_now(lambda tx: tx.hygiene.between(NOW, NOW))) == 2


def test_racing_writers_store_one_event(uow) -> None:
    barrier = Barrier(4)

    def write(_: int) -> bool:
        barrier.wait()
        return bool(uow.run_now(lambda tx: tx.hygiene.record(event())))

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(write, range(4)))
    assert sorted(results) == [False, False, False, True]


def test_fixes_feedback_and_breach_reference(uow) -> None:
    first, later = event(), event(content_hash="cd" * 32, occurred_at=NOW + timedelta(minutes=1))
    uow.run_now(lambda tx: [tx.hygiene.record(first), tx.hygiene.record(later)])
    at, again = NOW + timedelta(minutes=2), NOW + timedelta(minutes=3)
    assert uow.run_now(lambda tx: tx.hygiene.mark_fixed(ROTA, "1700000000001", at)) == 2
    assert uow.run_now(lambda tx: tx.hygiene.mark_fixed(ROTA, "1700000000001", again)) == 0
    assert uow.run_now(lambda tx: tx.hygiene.set_feedback(first.id, Feedback.NOT_CLIENT_DATA, NOW))
    unknown = uuid.uuid4().hex
    assert not uow.run_now(lambda tx: tx.hygiene.set_feedback(unknown, Feedback.EDITED, NOW))
    uow.run_now(lambda tx: tx.hygiene.set_breach(first.id, "BR-2026-0001"))
    got = uow.read_now(lambda tx: tx.hygiene.get(first.id))
    assert got is not None
    assert got.fixed_at == at
    assert (got.feedback, got.feedback_at) == (Feedback.NOT_CLIENT_DATA, NOW)
    assert got.breach_reference == "BR-2026-0001"
    window = uow.read_now(lambda tx: tx.hygiene.between(NOW, NOW + timedelta(minutes=1)))
    assert [e.id for e in window] == [first.id, later.id]
    gap = (NOW + timedelta(seconds=1), NOW + timedelta(seconds=59))
    assert uow.read_now(lambda tx: tx.hygiene.between(*gap)) == []


def _click(h: Harness, warning_id: str) -> Any:
    action = CardAction(
        actor=DPO,
        verb=Verb.WARNING_TO_BREACH.value,
        data={"warning": warning_id},
        conversation_id="dm-ada",
        activity_id=uuid.uuid4().hex,
    )
    return h.bot.on_card_action(action)


async def test_warning_fix_and_concurrent_breach_clicks_make_one_breach(uow, engine) -> None:
    clock = ManualClock(NOW)
    hasher = MessageHasher.from_register_key(Fernet.generate_key().decode())
    h = Harness(uow, fakes.organisation(), clock, hasher=hasher, scanner=Scanner())
    flagged = {"where": "channel", "activity_id": "1700000000001"}
    sent = await h.say(CARER, SECRET_MESSAGE, **flagged)
    [warning] = [s.message for s in sent if isinstance(s.message, PrivateWarning)]
    assert [s.to for s in sent] == [CARER.upn]
    assert await h.say(CARER, SECRET_MESSAGE, where="channel") == []  # same content: once
    await h.say(CARER, CLEAN_MESSAGE, edited=True, **flagged)
    outcomes = await asyncio.gather(*(_click(h, warning.warning_id) for _ in range(3)))
    assert {o.toast for o in outcomes} == {"Recorded in the breach register as BR-2026-0001."}
    assert uow.read_now(lambda tx: [b.label for b in tx.breaches.list_breaches()]) == [
        "BR-2026-0001"
    ]
    await h.runtime.outbox.drain()
    assert h.runtime.hygiene is not None
    report = uow.read_now(lambda tx: h.runtime.hygiene.report(tx, weeks=1))  # type: ignore[union-attr]
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
