"""``SqlUnitOfWork``: a step is one transaction: all of it commits, or none of it does."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from sqlalchemy import Engine, func, inspect, select, table

from bot.domain.deadlines import Timer, TimerKind
from bot.domain.errors import StaleStateError
from bot.domain.records import AlertRecord, AlertStatus, HygieneEvent, OutboxEntry
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.verify import verify_chain
from bot.register.uow import RETRIES, SqlUnitOfWork
from tests.unit.report import builders as b


def counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the register."""
    names = [n for n in inspect(engine).get_table_names() if n != "alembic_version"]
    with engine.connect() as conn:
        return {
            n: conn.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names
        }


def everything(tx: Any, clock: Any) -> str:
    """One step touching every store: a breach, its audit, alert, messages and timers."""
    now = clock.now()
    breach = tx.breaches.add(b.reported(None, now))
    reference = str(breach.reference)
    tx.audit.refused(reference, "kit@example.org", "breach.acknowledge", "not an officer")
    tx.alerts.add(AlertRecord(reference, "aad-1", None, "msteams", AlertStatus.REPORTED))
    body = {"type": "alert_card", "reference": reference}
    tx.outbox.add(OutboxEntry("msteams", {"kind": "alert"}, body, "card", reference=reference))
    tx.timers.sync(reference, [Timer(TimerKind.ESCALATION, now, "escalation:1")])
    tx.timers.set("abandon", "abandon:a:b", now, {})
    tx.conversations.save("conv-1", "aad-1", {"n": 1}, expected_version=None)
    tx.activities.first_time("activity-1")
    tx.away.set("rhiannon", now)
    tx.hygiene.record(
        HygieneEvent(
            id="e" * 32,
            place_key="19:rota",
            place_name="Rota",
            conversation_type="channel",
            team_id=None,
            message_id="m1",
            author_id="aad-1",
            occurred_at=now,
            entity_types=("PERSON",),
            content_hash="ab" * 32,
        )
    )
    return reference


def test_a_step_that_raises_leaves_nothing_behind(uow, engine, cipher: FieldCipher, clock):
    before = counts(engine)

    def work(tx: Any) -> None:
        everything(tx, clock)
        raise RuntimeError("the step broke after writing everything")

    with pytest.raises(RuntimeError, match="broke"):
        uow.run_now(work)
    assert counts(engine) == before
    assert uow.read_now(lambda tx: tx.outbox.backlog()) == (0, None)
    assert uow.read_now(lambda tx: tx.timers.pending()) == []
    assert verify_chain(engine, cipher).ok
    # The reference the rolled-back step took is free again.
    assert uow.run_now(lambda tx: everything(tx, clock)) == "BR-2026-0001"


def test_a_step_that_returns_keeps_all_of_it(uow, engine, clock) -> None:
    before = counts(engine)
    reference = uow.run_now(lambda tx: everything(tx, clock))
    after = counts(engine)
    grown = {name for name in after if after[name] > before[name]}
    assert {
        "breaches",
        "audit_events",
        "breach_alerts",
        "outbox",
        "scheduled_work",
        "conversation_state",
        "processed_activities",
        "away_periods",
        "hygiene_events",
    } <= grown
    assert uow.read_now(lambda tx: tx.outbox.backlog())[0] == 1
    assert [w.key for w in uow.read_now(lambda tx: tx.timers.pending(f"{reference}:"))] == [
        f"{reference}:escalation:1"
    ]


def test_a_step_that_lost_a_race_runs_again_from_the_start(uow) -> None:
    runs = 0

    def work(tx: Any) -> int:
        nonlocal runs
        runs += 1
        tx.outbox.add(OutboxEntry("msteams", {}, {"n": runs}, "lane", key=f"try-{runs}"))
        if runs < RETRIES:
            raise StaleStateError("the report")
        return runs

    assert uow.run_now(work) == RETRIES
    listed = uow.read_now(lambda tx: tx.outbox.listing(failed_only=False))
    assert len(listed) == 1  # the earlier runs' rows were rolled back


def test_a_step_that_keeps_losing_gives_up_and_keeps_nothing(uow, clock) -> None:
    runs = 0

    def work(tx: Any) -> None:
        nonlocal runs
        runs += 1
        tx.timers.set("abandon", f"abandon:{runs}", clock.now(), {})
        raise StaleStateError("the report")

    with pytest.raises(StaleStateError):
        uow.run_now(work)
    assert runs == RETRIES
    assert uow.read_now(lambda tx: tx.timers.counts()) == {}


async def test_run_and_read_happen_off_the_event_loop(uow: SqlUnitOfWork) -> None:
    loop_thread = threading.get_ident()

    def work(tx: Any) -> int:
        tx.activities.first_time("a-1")
        return threading.get_ident()

    ran_on = await uow.run(work)
    assert ran_on != loop_thread
    assert await uow.run(lambda tx: tx.activities.first_time("a-1")) is False  # committed
    results = await asyncio.gather(
        *(uow.run(lambda tx: tx.activities.first_time("a-2")) for _ in range(4))
    )
    assert sorted(results) == [False, False, False, True]
