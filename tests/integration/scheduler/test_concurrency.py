"""Several worker processes on one database: every due item fires exactly once."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from bot.register.jobs.models import ScheduledWorkRow, WorkState
from bot.register.jobs.store import SchedulerStore
from tests.integration.scheduler import _procs
from tests.integration.scheduler.conftest import EFFECTS

ITEMS = 1000
WORKERS = 3
CTX = multiprocessing.get_context("spawn")


def _fill(engine: Engine, n: int) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "kind": _procs.KIND,
            "key": f"ack-timeout:BR-2026-{i:04d}:1",
            "payload": "{}",
            "due_at": now - timedelta(seconds=1 + i % 7),
            "state": WorkState.PENDING.value,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]
    with engine.begin() as conn:
        conn.execute(insert(ScheduledWorkRow.__table__), rows)


def _effects(engine: Engine) -> Counter[str]:
    with engine.connect() as conn:
        return Counter(conn.execute(select(EFFECTS.c.key)).scalars())


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_three_workers_fire_each_of_1000_items_exactly_once(db_url: str, engine: Engine) -> None:
    _fill(engine, ITEMS)
    barrier = CTX.Barrier(WORKERS)
    results = CTX.Queue()
    procs = [
        CTX.Process(target=_procs.drain, args=(db_url, f"w{n}", barrier, results))
        for n in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    ran = dict(results.get(timeout=150) for _ in procs)
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    handler_runs = Counter(key for keys in ran.values() for key in keys)
    effects = _effects(engine)
    assert len(effects) == ITEMS
    assert set(effects.values()) == {1}, "an item's effect was committed twice"
    assert set(handler_runs.values()) == {1}, "a handler ran twice for one item"
    assert sum(1 for keys in ran.values() if keys) >= 2, "the work was not shared"
    assert SchedulerStore(engine).counts()[WorkState.DONE] == ITEMS


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_worker_killed_after_claiming_its_item_fires_once_after_the_lease(
    db_url: str, engine: Engine
) -> None:
    store = SchedulerStore(engine)
    key = "ack-timeout:BR-2026-0042:1"
    store.schedule(_procs.KIND, key, datetime.now(UTC) - timedelta(seconds=1))
    started = CTX.Event()
    doomed = CTX.Process(target=_procs.claim_then_hang, args=(db_url, started))
    doomed.start()
    assert started.wait(timeout=60), "the doomed worker never claimed its item"
    assert doomed.pid is not None
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join(timeout=10)
    assert doomed.exitcode == -signal.SIGKILL
    status = store.status(key)
    assert status is not None
    assert (status.state, status.attempts) == (WorkState.CLAIMED, 1)

    ran: list[str] = []
    survivor = _procs._worker(store, "survivor", ran, timedelta(seconds=30))
    import asyncio

    assert asyncio.run(survivor.run_once()) == 0, "claimed again while the lease held"
    deadline = time.monotonic() + 10
    while not ran and time.monotonic() < deadline:
        asyncio.run(survivor.run_once())
        time.sleep(0.1)
    assert ran == [key]
    assert _effects(engine) == Counter({key: 1})
    status = store.status(key)
    assert status is not None
    assert (status.state, status.attempts) == (WorkState.DONE, 2)
