"""Scheduling, cancelling, leases, retries and failure, with a manual clock, on both backends."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from bot.domain.clock import ManualClock
from bot.register.jobs.models import WorkState
from bot.register.jobs.store import SchedulerError, SchedulerStore, WorkItem, record_effect
from bot.register.jobs.worker import (
    Finaliser,
    Handler,
    HandlerRegistry,
    PermanentError,
    Worker,
    WorkerSettings,
    default_worker_id,
    running,
)
from tests.integration.scheduler.conftest import EFFECTS

T0 = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward
KEY = "ack-timeout:BR-2026-0001:1"
SETTINGS = WorkerSettings(
    lease=timedelta(minutes=2),
    handler_timeout=timedelta(seconds=1),
    max_attempts=3,
    backoff_base=timedelta(seconds=30),
    backoff_cap=timedelta(minutes=5),
)


def fired(engine: Engine, key: str = KEY) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).where(EFFECTS.c.key == key)).scalar_one()


def fire_effect(worker: str) -> Handler:
    async def handler(item: WorkItem) -> Finaliser:
        def finalise(session: Session) -> None:
            session.execute(insert(EFFECTS).values(key=item.key, worker=worker))

        return finalise

    return handler


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def store(engine: Engine, clock: ManualClock) -> SchedulerStore:
    return SchedulerStore(engine, clock)


def worker(store: SchedulerStore, name: str = "a", handler: Handler | None = None) -> Worker:
    handlers = HandlerRegistry()
    handlers.add("ack-timeout", handler or fire_effect(name))
    return Worker(store, handlers, worker_id=name, settings=SETTINGS)


async def test_item_fires_when_due_and_not_before(store, clock, engine) -> None:
    assert store.schedule("ack-timeout", KEY, T0 + timedelta(minutes=15), {"ref": "BR-2026-0001"})
    w = worker(store)
    assert await w.run_once() == 0
    clock.advance(minutes=14, seconds=59)
    assert await w.run_once() == 0
    clock.advance(seconds=1)
    assert await w.run_once() == 1
    assert fired(engine) == 1
    assert await w.run_once() == 0
    status = store.status(KEY)
    assert status is not None
    assert status.state is WorkState.DONE
    assert status.attempts == 1


async def test_handler_sees_key_and_payload(store, clock) -> None:
    seen: list[WorkItem] = []

    async def handler(item: WorkItem) -> None:
        seen.append(item)

    store.schedule("ack-timeout", KEY, T0, {"ref": "BR-2026-0001", "step": 1})
    await worker(store, handler=handler).run_once()
    assert [(i.key, dict(i.payload), i.attempt) for i in seen] == [
        (KEY, {"ref": "BR-2026-0001", "step": 1}, 1)
    ]


async def test_scheduling_a_key_twice_creates_one_item_that_fires_once(store, engine) -> None:
    assert store.schedule("ack-timeout", KEY, T0) is True
    assert store.schedule("ack-timeout", KEY, T0 + timedelta(hours=1)) is False
    assert await worker(store).run_once() == 1
    # Scheduled again after it fired (a restart replaying its start-up): still nothing new.
    assert store.schedule("ack-timeout", KEY, T0) is False
    assert await worker(store).run_once() == 0
    assert fired(engine) == 1
    assert store.counts()[WorkState.DONE] == 1


async def test_cancelled_item_never_fires(store, clock, engine) -> None:
    store.schedule("ack-timeout", KEY, T0 + timedelta(minutes=15))
    assert store.cancel(KEY) is True
    assert store.cancel(KEY) is False
    assert store.cancel("no-such-key") is False
    clock.advance(hours=1)
    assert await worker(store).run_once() == 0
    assert fired(engine) == 0
    status = store.status(KEY)
    assert status is not None
    assert status.state is WorkState.CANCELLED


async def test_abandoned_lease_fires_once_after_expiry(store, clock, engine) -> None:
    store.schedule("ack-timeout", KEY, T0)
    # A worker claims the item, then "crashes": it never finishes.
    ghost = store.claim("ghost", ["ack-timeout"], limit=10, lease=SETTINGS.lease, max_attempts=3)
    assert [i.key for i in ghost] == [KEY]
    survivor = worker(store, "b")
    clock.advance(minutes=1)
    assert await survivor.run_once() == 0  # the lease still holds
    clock.advance(minutes=1)
    assert await survivor.run_once() == 1
    assert fired(engine) == 1
    # The "crashed" worker comes back and tries to finish: refused, nothing fires twice.
    late = store.complete(
        ghost[0], lambda s: s.execute(insert(EFFECTS).values(key=KEY, worker="ghost"))
    )
    assert late is False
    assert fired(engine) == 1
    status = store.status(KEY)
    assert status is not None
    assert (status.state, status.attempts) == (WorkState.DONE, 2)


async def test_cancel_while_running_stops_the_finaliser(store, engine) -> None:
    store.schedule("ack-timeout", KEY, T0)
    (item,) = store.claim("a", ["ack-timeout"], limit=1, lease=SETTINGS.lease, max_attempts=3)
    assert store.cancel(KEY) is True
    assert (
        store.complete(item, lambda s: s.execute(insert(EFFECTS).values(key=KEY, worker="a")))
        is False
    )
    assert fired(engine) == 0


async def test_failures_back_off_then_fail_for_good(store, clock, engine) -> None:
    runs: list[datetime] = []

    async def flaky(item: WorkItem) -> None:
        runs.append(clock.now())
        raise RuntimeError("Mrs Example's phone is off")  # text must never be stored

    store.schedule("ack-timeout", KEY, T0)
    w = worker(store, handler=flaky)
    assert await w.run_once() == 1
    assert store.status(KEY).state is WorkState.PENDING  # type: ignore[union-attr]
    clock.advance(seconds=29)
    assert await w.run_once() == 0  # first back-off: 30 s
    clock.advance(seconds=1)
    assert await w.run_once() == 1
    clock.advance(seconds=59)
    assert await w.run_once() == 0  # second back-off: 60 s
    clock.advance(seconds=1)
    assert await w.run_once() == 1
    clock.advance(hours=1)
    assert await w.run_once() == 0  # three attempts used: failed for good
    status = store.status(KEY)
    assert status is not None
    assert (status.state, status.attempts, status.last_error) == (
        WorkState.FAILED,
        3,
        "RuntimeError",
    )
    assert runs == [T0, T0 + timedelta(seconds=30), T0 + timedelta(seconds=90)]
    assert fired(engine) == 0


async def test_slow_handler_times_out_and_is_retried(store, clock, engine) -> None:
    calls = 0

    quick = fire_effect("a")

    async def slow_then_quick(item: WorkItem) -> Finaliser:
        nonlocal calls
        calls += 1
        if calls == 1:
            await asyncio.sleep(5)
        return await quick(item)

    store.schedule("ack-timeout", KEY, T0)
    w = worker(store, handler=slow_then_quick)
    assert await w.run_once() == 1
    assert store.status(KEY).last_error == "timeout"  # type: ignore[union-attr]
    clock.advance(seconds=30)
    assert await w.run_once() == 1
    assert fired(engine) == 1
    assert store.status(KEY).state is WorkState.DONE  # type: ignore[union-attr]


async def test_permanent_error_fails_at_once(store, engine) -> None:
    async def refuse(item: WorkItem) -> None:
        raise PermanentError("breach_purged")

    store.schedule("ack-timeout", KEY, T0)
    assert await worker(store, handler=refuse).run_once() == 1
    status = store.status(KEY)
    assert status is not None
    assert (status.state, status.attempts, status.last_error) == (
        WorkState.FAILED,
        1,
        "breach_purged",
    )


async def test_lease_expiring_on_the_last_attempt_fails_the_item(store, clock, engine) -> None:
    store.schedule("ack-timeout", KEY, T0)
    for _ in range(SETTINGS.max_attempts):
        store.claim("ghost", ["ack-timeout"], limit=1, lease=SETTINGS.lease, max_attempts=3)
        clock.advance(SETTINGS.lease)
    assert await worker(store).run_once() == 0
    status = store.status(KEY)
    assert status is not None
    assert (status.state, status.last_error) == (WorkState.FAILED, "lease_expired")
    assert fired(engine) == 0


async def test_worker_claims_only_kinds_it_can_run(store, engine) -> None:
    store.schedule("ico-reminder", "ico-reminder:BR-2026-0001:24h", T0)
    store.schedule("ack-timeout", KEY, T0)
    assert await worker(store).run_once() == 1
    assert store.status("ico-reminder:BR-2026-0001:24h").state is WorkState.PENDING  # type: ignore[union-attr]


async def test_effect_log_records_each_effect_once(store, engine, clock) -> None:
    with Session(engine) as session, session.begin():
        assert record_effect(session, KEY, "escalated", now=T0) is True
    with Session(engine) as session, session.begin():
        assert record_effect(session, KEY, "escalated", now=T0) is False
        assert record_effect(session, KEY, "reporter-told", now=T0) is True
    assert store.has_effect(KEY, "escalated")
    assert not store.has_effect(KEY, "ico-reminded")


async def test_run_worker_fires_due_items_until_stopped(store, engine) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(worker(store).run_worker(stop, poll_interval=0.01))
    store.schedule("ack-timeout", KEY, T0)
    for _ in range(500):
        if fired(engine):
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert fired(engine) == 1


def test_bad_input_is_refused_with_a_plain_message(store) -> None:
    with pytest.raises(SchedulerError, match="timezone-aware"):
        store.schedule("ack-timeout", KEY, datetime(2026, 1, 1))
    with pytest.raises(SchedulerError, match="JSON"):
        store.schedule("ack-timeout", KEY, T0, {"when": T0})
    with pytest.raises(SchedulerError, match="key"):
        store.schedule("ack-timeout", "x" * 201, T0)
    assert store.counts()[WorkState.PENDING] == 0


def test_worker_settings_refuse_a_lease_shorter_than_the_timeout() -> None:
    with pytest.raises(ValueError, match="lease"):
        WorkerSettings(lease=timedelta(seconds=10), handler_timeout=timedelta(seconds=10))


async def test_worker_outliving_its_lease_cannot_finish_the_new_claim(store, clock, engine) -> None:
    store.schedule("ack-timeout", KEY, T0)
    args = {"limit": 1, "lease": SETTINGS.lease, "max_attempts": 3}
    (slow,) = store.claim("slow", ["ack-timeout"], **args)
    clock.advance(SETTINGS.lease)
    (fresh,) = store.claim("fresh", ["ack-timeout"], **args)
    assert fresh.attempt == 2
    effect = insert(EFFECTS).values(key=KEY, worker="x")
    assert store.complete(slow, lambda s: s.execute(effect)) is False
    assert store.fail(slow, "timeout", retry_in=timedelta(0), max_attempts=3) is None
    assert store.complete(fresh, lambda s: s.execute(effect)) is True
    assert fired(engine) == 1


async def test_running_worker_in_the_background_and_stopping_it(store, clock, engine) -> None:
    w = worker(store)
    assert w.last_poll is None
    async with running(w, poll_interval=0.01) as task:
        store.schedule("ack-timeout", KEY, T0)
        for _ in range(500):
            if fired(engine):
                break
            await asyncio.sleep(0.01)
        assert not task.done()
    assert task.done()
    assert fired(engine) == 1
    assert w.last_poll == T0


async def test_worker_loop_survives_a_database_outage(store, engine, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    real_claim = store.claim
    outages = 0

    def flaky_claim(*args: object, **kwargs: object) -> list[WorkItem]:
        nonlocal outages
        if outages < 2:
            outages += 1
            raise OperationalError("SELECT", {}, Exception("server closed the connection"))
        return real_claim(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "claim", flaky_claim)
    store.schedule("ack-timeout", KEY, T0)
    async with running(worker(store), poll_interval=0.01) as task:
        for _ in range(500):
            if fired(engine):
                break
            await asyncio.sleep(0.01)
        assert not task.done()
    assert outages == 2
    assert fired(engine) == 1


async def test_failing_finaliser_is_retried_and_commits_nothing(store, clock, engine) -> None:
    calls = 0

    async def breaks_then_works(item: WorkItem) -> Finaliser:
        nonlocal calls
        calls += 1
        if calls == 1:

            def broken(session: Session) -> None:
                session.execute(insert(EFFECTS).values(key=item.key, worker="a"))
                raise LookupError("the breach vanished")

            return broken
        return await fire_effect("a")(item)

    store.schedule("ack-timeout", KEY, T0)
    w = worker(store, handler=breaks_then_works)
    assert await w.run_once() == 1
    status = store.status(KEY)
    assert status is not None
    assert (status.state, status.last_error) == (WorkState.PENDING, "LookupError")
    assert fired(engine) == 0  # the broken finaliser's insert was rolled back
    clock.advance(SETTINGS.backoff_base)
    assert await w.run_once() == 1
    assert fired(engine) == 1


def test_default_worker_names_differ_and_fit_the_column() -> None:
    names = {default_worker_id() for _ in range(3)}
    assert len(names) == 3
    assert all(0 < len(name) <= 100 for name in names)
