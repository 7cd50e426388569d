"""``TimerWorker`` over ``SqlTimers``: when timers fire, retries, failure, kinds, the loop.

Each timer fires in the one transaction of its handler's changes (here: a row in
``test_fired``), so a committed effect and a done timer always go together.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import OperationalError

from bot.domain.errors import DomainError
from bot.domain.records import DueWork
from bot.register.jobs.models import ScheduledWorkRow
from bot.register.jobs.timers import TimerError
from bot.register.uow import SqlUnitOfWork
from bot.services import scheduler
from bot.services.deps import BotDeps
from bot.services.escalation import TimerPayloadError
from bot.services.scheduler import Handler, TimerWorker
from tests.integration.scheduler.conftest import EFFECTS, T0, fired

KIND = "escalation"
KEY = "BR-2026-0001:escalation:1"


def effect(worker: str = "a") -> Handler:
    def handler(tx: Any, deps: BotDeps, work: DueWork) -> None:
        tx.session.execute(insert(EFFECTS).values(key=work.key, worker=worker))

    return handler


def worker(deps: BotDeps, handler: Handler | None = None, kind: str = KIND) -> TimerWorker:
    return TimerWorker(deps, {kind: handler or effect()})


def set_timer(
    uow: SqlUnitOfWork,
    due: datetime,
    key: str = KEY,
    kind: str = KIND,
    payload: dict[str, Any] | None = None,
) -> None:
    uow.run_now(lambda tx: tx.timers.set(kind, key, due, payload or {"reference": "BR-2026-0001"}))


def row(engine: Engine, key: str = KEY) -> tuple[str, int, str | None, datetime]:
    """``(state, attempts, last_error, due_at)`` of a timer as stored."""
    t = ScheduledWorkRow
    with engine.connect() as conn:
        got = conn.execute(
            select(t.state, t.attempts, t.last_error, t.due_at).where(t.key == key)
        ).one()
    return got.state, got.attempts, got.last_error, got.due_at


async def test_timer_fires_when_due_and_not_before(deps, uow, clock, engine) -> None:
    set_timer(uow, T0 + timedelta(minutes=15))
    w = worker(deps)
    assert await w.run_once() == 0
    clock.advance(minutes=14, seconds=59)
    assert await w.run_once() == 0
    clock.advance(seconds=1)
    assert await w.run_once() == 1
    assert fired(engine, KEY) == 1
    assert await w.run_once() == 0
    assert row(engine)[:3] == ("done", 0, None)


async def test_handler_gets_key_payload_and_due_time(deps, uow) -> None:
    seen: list[DueWork] = []
    set_timer(uow, T0, payload={"reference": "BR-2026-0001", "step": 1})
    await worker(deps, lambda tx, d, work: seen.append(work)).run_once()
    assert [(w.kind, w.key, dict(w.payload), w.due_at, w.attempts) for w in seen] == [
        (KIND, KEY, {"reference": "BR-2026-0001", "step": 1}, T0, 0)
    ]


async def test_cancelled_timer_never_fires(deps, uow, clock, engine) -> None:
    set_timer(uow, T0 + timedelta(minutes=15))
    assert uow.run_now(lambda tx: tx.timers.cancel(KEY)) is True
    assert uow.run_now(lambda tx: tx.timers.cancel(KEY)) is False
    assert uow.run_now(lambda tx: tx.timers.cancel("no-such-key")) is False
    clock.advance(hours=1)
    assert await worker(deps).run_once() == 0
    assert fired(engine) == 0
    assert row(engine)[0] == "cancelled"


async def test_set_moves_a_pending_timer_and_revives_one_that_fired(deps, uow, clock, engine):
    set_timer(uow, T0 + timedelta(minutes=10))
    set_timer(uow, T0 + timedelta(minutes=20))  # moved: one row, the later time
    w = worker(deps)
    clock.advance(minutes=10)
    assert await w.run_once() == 0
    clock.advance(minutes=10)
    assert await w.run_once() == 1
    set_timer(uow, T0 + timedelta(minutes=30))  # the reporter spoke again: armed again
    clock.advance(minutes=10)
    assert await w.run_once() == 1
    assert fired(engine, KEY) == 2
    assert uow.read_now(lambda tx: tx.timers.counts()) == {"done": 1}


async def test_due_timers_fire_oldest_first(deps, uow, clock) -> None:
    order: list[str] = []
    for minutes, name in ((3, "c"), (1, "a"), (2, "b")):
        set_timer(uow, T0 + timedelta(minutes=minutes), key=f"BR-2026-0001:{name}")
    clock.advance(minutes=5)
    assert await worker(deps, lambda tx, d, work: order.append(work.key)).run_once() == 3
    assert order == ["BR-2026-0001:a", "BR-2026-0001:b", "BR-2026-0001:c"]


async def test_run_once_fires_at_most_its_limit(deps, uow, clock, engine) -> None:
    for n in range(5):
        set_timer(uow, T0, key=f"BR-2026-0001:t{n}")
    w = worker(deps)
    assert await w.run_once(limit=2) == 2
    assert await w.run_once(limit=10) == 3
    assert fired(engine) == 5


async def test_failures_back_off_then_fail_for_good(deps, uow, clock, engine) -> None:
    runs: list[datetime] = []

    def flaky(tx: Any, d: BotDeps, work: DueWork) -> None:
        runs.append(clock.now())
        tx.session.execute(insert(EFFECTS).values(key=work.key, worker="a"))
        raise RuntimeError("Mrs Example's phone is off")  # the text must never be stored

    set_timer(uow, T0)
    w = worker(deps, flaky)
    expected = [T0]
    for attempt in range(1, scheduler.MAX_ATTEMPTS):
        assert await w.run_once() == 1
        delay = min(scheduler.FIRST_RETRY * 2 ** (attempt - 1), scheduler.MAX_RETRY)
        assert row(engine)[:3] == ("pending", attempt, "RuntimeError")
        clock.advance(delay - timedelta(seconds=1))
        assert await w.run_once() == 0, f"retried early after attempt {attempt}"
        clock.advance(seconds=1)
        expected.append(clock.now())
    assert await w.run_once() == 1  # the last attempt
    clock.advance(days=1)
    assert await w.run_once() == 0
    assert row(engine)[:3] == ("failed", scheduler.MAX_ATTEMPTS, "RuntimeError")
    assert runs == expected
    assert fired(engine) == 0  # every failed run's changes were rolled back
    failed = uow.read_now(lambda tx: tx.timers.listing(failed_only=True))
    assert [(f.id, f.state, f.reference) for f in failed] == [(KEY, "failed", "BR-2026-0001")]
    assert "Example" not in repr(failed)


async def test_a_bad_payload_fails_at_once(deps, uow, engine) -> None:
    def refuse(tx: Any, d: BotDeps, work: DueWork) -> None:
        raise TimerPayloadError("bad_payload")

    set_timer(uow, T0)
    assert await worker(deps, refuse).run_once() == 1
    assert row(engine)[:3] == ("failed", 1, "bad_payload")


async def test_failing_handler_commits_nothing_and_is_retried(deps, uow, clock, engine) -> None:
    calls = 0

    def breaks_then_works(tx: Any, d: BotDeps, work: DueWork) -> None:
        nonlocal calls
        calls += 1
        tx.session.execute(insert(EFFECTS).values(key=work.key, worker="a"))
        if calls == 1:
            raise LookupError("the breach vanished")

    set_timer(uow, T0)
    w = worker(deps, breaks_then_works)
    assert await w.run_once() == 1
    assert row(engine)[:3] == ("pending", 1, "LookupError")
    assert fired(engine) == 0
    clock.advance(scheduler.FIRST_RETRY)
    assert await w.run_once() == 1
    assert fired(engine) == 1
    assert row(engine)[0] == "done"


async def test_a_timer_its_own_handler_no_longer_needs_is_done(deps, uow, clock, engine) -> None:
    """The escalation handler's sync drops the step that is firing: it still counts as fired."""
    reference = "BR-2026-0001"

    def step(tx: Any, d: BotDeps, work: DueWork) -> None:
        tx.session.execute(insert(EFFECTS).values(key=work.key, worker="a"))
        tx.timers.sync(reference, [])  # the next step waits for a delivery

    set_timer(uow, T0)
    assert await worker(deps, step).run_once() == 1
    assert row(engine)[0] == "done"
    assert fired(engine, KEY) == 1


async def test_worker_takes_only_kinds_it_runs(deps, uow, engine) -> None:
    set_timer(uow, T0, key="BR-2026-0001:ico_reminder:24h", kind="ico_reminder")
    set_timer(uow, T0)
    assert await worker(deps).run_once() == 1
    assert row(engine, "BR-2026-0001:ico_reminder:24h")[0] == "pending"
    assert row(engine)[0] == "done"


async def test_run_fires_due_timers_until_stopped(deps, uow, engine) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(worker(deps).run(stop, poll=0.01))
    set_timer(uow, T0)
    for _ in range(500):
        if fired(engine):
            break
        await asyncio.sleep(0.01)
    assert not task.done()
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert fired(engine) == 1


async def test_run_survives_a_database_outage(deps, uow, engine, monkeypatch) -> None:
    real_run = deps.uow.run
    outages = 0

    async def flaky_run(work: Any) -> Any:
        nonlocal outages
        if outages < 2:
            outages += 1
            raise OperationalError("BEGIN", {}, Exception("server closed the connection"))
        return await real_run(work)

    monkeypatch.setattr(deps.uow, "run", flaky_run)
    set_timer(uow, T0)
    stop = asyncio.Event()
    task = asyncio.create_task(worker(deps).run(stop, poll=0.01))
    for _ in range(500):
        if fired(engine):
            break
        await asyncio.sleep(0.01)
    assert not task.done()
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert outages == 2
    assert fired(engine) == 1


async def test_housekeeping_forgets_old_activity_ids(deps, uow, clock) -> None:
    assert uow.run_now(lambda tx: tx.activities.first_time("activity-1")) is True
    clock.advance(deps.config.dedupe_ttl + timedelta(minutes=1))
    assert await worker(deps).run_once() == 0
    assert uow.run_now(lambda tx: tx.activities.first_time("activity-1")) is True


def test_bad_input_is_refused_with_a_plain_message(uow) -> None:
    with pytest.raises(DomainError, match="timezone-aware"):
        set_timer(uow, datetime(2026, 1, 1))
    with pytest.raises(TimerError, match="JSON"):
        set_timer(uow, T0, payload={"when": T0})
    with pytest.raises(TimerError, match="key"):
        set_timer(uow, T0, key="x" * 201)
    with pytest.raises(TimerError, match="kind"):
        set_timer(uow, T0, kind="")
    assert uow.read_now(lambda tx: tx.timers.counts()) == {}
