"""Several worker processes on one database: every due timer fires once, every message is
sent once and in order per lane, and the work of a worker killed with SIGKILL is done
once by a survivor."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from bot.domain.clock import SystemClock
from bot.register.jobs.models import OutboxRow, ScheduledWorkRow
from bot.services.mail import Mail
from bot.services.messages import Actor, Text
from tests.integration.scheduler import _procs
from tests.integration.scheduler.conftest import EFFECTS, make_deps

TIMERS = 1000
MESSAGES_PER_PERSON = 3
PEOPLE = 100
WORKERS = 3
CTX = multiprocessing.get_context("spawn")

pytestmark = [pytest.mark.slow]


def _fill_timers(engine: Engine, n: int) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "kind": _procs.KIND,
            "key": f"BR-2026-{i:04d}:escalation:1",
            "payload": "{}",
            "due_at": now - timedelta(seconds=1 + i % 7),
            "state": "pending",
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]
    with engine.begin() as conn:
        conn.execute(insert(ScheduledWorkRow.__table__), rows)


def _effects(engine: Engine) -> list[tuple[str, str]]:
    """``(key, worker)`` of every committed effect, in the order they were committed."""
    with engine.connect() as conn:
        rows = conn.execute(select(EFFECTS.c.key, EFFECTS.c.worker).order_by(EFFECTS.c.id))
        return [(r.key, r.worker) for r in rows]


def _state(engine: Engine, key: str) -> tuple[str, int]:
    t = ScheduledWorkRow
    with engine.connect() as conn:
        got = conn.execute(select(t.state, t.attempts).where(t.key == key)).one()
    return got.state, got.attempts


def _run_all(target: Callable[..., None], db_url: str, key: bytes) -> dict[str, list[str]]:
    barrier = CTX.Barrier(WORKERS)
    results = CTX.Queue()
    procs = [
        CTX.Process(target=target, args=(db_url, key, f"w{n}", barrier, results))
        for n in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    done = dict(results.get(timeout=150) for _ in procs)
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    return done


@pytest.mark.timeout(180)
def test_three_processes_fire_each_of_1000_timers_exactly_once(db_url, key, engine) -> None:
    _fill_timers(engine, TIMERS)
    ran = _run_all(_procs.fire_timers, db_url, key)
    handler_runs = Counter(k for keys in ran.values() for k in keys)
    effects = Counter(k for k, _ in _effects(engine))
    assert len(effects) == TIMERS
    assert set(effects.values()) == {1}, "a timer's effect was committed twice"
    assert set(handler_runs.values()) == {1}, "a handler ran twice for one timer"
    assert sum(1 for keys in ran.values() if keys) >= 2, "the work was not shared"
    uow: Any = make_deps(engine, key, SystemClock()).uow
    assert uow.read_now(lambda tx: tx.timers.counts()) == {"done": TIMERS}


@pytest.mark.timeout(120)
def test_a_worker_killed_inside_a_timers_step_leaves_it_to_fire_once(db_url, key, engine):
    key_name = "BR-2026-0042:escalation:1"
    deps = make_deps(engine, key, SystemClock())
    deps.uow.run_now(  # type: ignore[attr-defined]
        lambda tx: tx.timers.set(_procs.KIND, key_name, datetime.now(UTC), {})
    )
    started = CTX.Event()
    doomed = CTX.Process(target=_procs.take_timer_then_hang, args=(db_url, key, started))
    doomed.start()
    assert started.wait(timeout=60), "the doomed worker never took its timer"
    ran: list[str] = []
    survivor = _procs.timer_worker(deps, "survivor", ran)
    if engine.dialect.name == "postgresql":  # SQLite: the survivor would wait on the lock
        assert asyncio.run(survivor.run_once()) == 0, "taken twice while its step ran"
    assert doomed.pid is not None
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join(timeout=10)
    assert doomed.exitcode == -signal.SIGKILL
    assert _state(engine, key_name) == ("pending", 0)  # the killed step left nothing

    deadline = time.monotonic() + 30
    while not ran and time.monotonic() < deadline:
        asyncio.run(survivor.run_once())
        time.sleep(0.05)
    assert ran == [key_name]
    assert _effects(engine) == [(key_name, "survivor")]
    assert _state(engine, key_name) == ("done", 0)


def _fill_outbox(engine: Engine, key: bytes) -> None:
    deps = make_deps(engine, key, SystemClock())

    def step(tx: object) -> None:
        mail = Mail(tx)  # type: ignore[arg-type]
        for n in range(MESSAGES_PER_PERSON):
            for p in range(PEOPLE):
                who = Actor(f"aad-{p:03d}", f"p{p:03d}@example.org", f"Person {p}")
                mail.to_person(who, Text(f"p{p:03d} m{n}"))

    deps.uow.run_now(step)  # type: ignore[attr-defined]


@pytest.mark.timeout(180)
def test_three_outbox_processes_send_each_message_once_in_order(db_url, key, engine) -> None:
    _fill_outbox(engine, key)
    sent = _run_all(_procs.deliver, db_url, key)
    effects = _effects(engine)
    counts = Counter(k for k, _ in effects)
    assert len(counts) == PEOPLE * MESSAGES_PER_PERSON
    assert set(counts.values()) == {1}, "a message was sent twice"
    assert sum(1 for texts in sent.values() if texts) >= 2, "the work was not shared"
    for p in range(PEOPLE):
        mine = [k for k, _ in effects if k.startswith(f"p{p:03d} ")]
        assert mine == [f"p{p:03d} m{n}" for n in range(MESSAGES_PER_PERSON)], mine
    uow: Any = make_deps(engine, key, SystemClock()).uow
    assert uow.read_now(lambda tx: tx.outbox.backlog()) == (0, None)


@pytest.mark.timeout(120)
def test_a_worker_killed_mid_send_leaves_the_message_to_a_survivor_after_its_lease(
    db_url, key, engine
) -> None:
    lease = 3.0
    deps = make_deps(engine, key, SystemClock())
    who = Actor("aad-001", "p001@example.org", "Person 1")
    deps.uow.run_now(lambda tx: Mail(tx).to_person(who, Text("only once")))  # type: ignore[attr-defined]
    started = CTX.Event()
    doomed = CTX.Process(target=_procs.claim_then_hang, args=(db_url, key, lease, started))
    doomed.start()
    assert started.wait(timeout=60), "the doomed worker never claimed the message"
    assert doomed.pid is not None
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join(timeout=10)
    assert doomed.exitcode == -signal.SIGKILL

    survivor, notifier = _procs.outbox_worker(engine, key, "survivor", timedelta(minutes=1))
    assert asyncio.run(survivor.run_once()) == 0, "claimed again while the lease held"
    deadline = time.monotonic() + 30
    while not notifier.sent and time.monotonic() < deadline:
        asyncio.run(survivor.run_once())
        time.sleep(0.1)
    assert _effects(engine) == [("only once", "survivor")]
    with engine.connect() as conn:
        row = conn.execute(select(OutboxRow.state, OutboxRow.attempts, OutboxRow.claimed_by)).one()
    assert tuple(row) == ("done", 2, survivor.worker_id)
