"""A breach's timers in the scheduler follow its state: scheduled, moved, cancelled, never twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.domain.assessment import DataType
from bot.domain.breach import Breach
from bot.domain.clock import ManualClock
from bot.register.db import write_session
from bot.register.jobs.models import WorkState
from bot.register.jobs.store import SchedulerError, SchedulerStore, WorkItem
from bot.register.jobs.timers import TimerChanges, sync_all, sync_timers
from bot.register.jobs.worker import HandlerRegistry, Worker, WorkerSettings
from tests.unit.report import builders as b

T0 = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # the ICO clock runs across the BST change
REF = "BR-2026-0007"
H = timedelta(hours=1)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def store(engine: Engine, clock: ManualClock) -> SchedulerStore:
    return SchedulerStore(engine, clock)


def sync(store: SchedulerStore, breach: Breach) -> TimerChanges:
    with write_session(store.engine) as session:
        return sync_timers(session, breach, now=store.now())


def state(store: SchedulerStore, timer: str) -> tuple[WorkState, datetime] | None:
    status = store.status(f"{REF}:{timer}")
    return None if status is None else (status.state, status.due_at)


def high_risk(at: datetime) -> Breach:
    breach = b.acked(b.reported(REF, at), timedelta(minutes=5))
    return b.assessed(breach, at + H, DataType.SPECIAL_CATEGORY, high_risk=True)


def test_ack_timeout_is_scheduled_once_and_cancelled_on_acknowledgement(store) -> None:
    breach = b.reported(REF, T0)
    changes = sync(store, breach)
    assert changes.scheduled == [f"{REF}:ack_timeout"]
    assert state(store, "ack_timeout") == (WorkState.PENDING, T0 + timedelta(minutes=15))
    assert not sync(store, breach)  # nothing to do the second time
    acknowledged = b.acked(breach, timedelta(minutes=4))
    assert sync(store, acknowledged).cancelled == [f"{REF}:ack_timeout"]
    assert state(store, "ack_timeout") == (WorkState.CANCELLED, T0 + timedelta(minutes=15))


async def test_ico_reminders_fire_once_and_stop_at_the_decision(store, clock) -> None:
    breach = high_risk(T0)
    aware = breach.became_aware_at
    assert aware is not None
    changes = sync(store, breach)
    assert sorted(changes.scheduled) == [
        f"{REF}:ico_deadline",
        f"{REF}:ico_reminder:24h",
        f"{REF}:ico_reminder:48h",
        f"{REF}:ico_reminder:66h",
    ]
    assert state(store, "ico_deadline") == (WorkState.PENDING, aware + 72 * H)
    fired: list[str] = []
    handlers = HandlerRegistry()

    @handlers.on("ico_reminder")
    async def remind(item: WorkItem) -> None:
        fired.append(item.payload["timer"])

    worker = Worker(store, handlers, settings=WorkerSettings())
    clock.set(aware + 24 * H)
    assert await worker.run_once() == 1
    assert not sync(store, breach)  # the 24 h reminder is done: not scheduled again
    assert await worker.run_once() == 0
    decided = b.ico(breach, aware + 30 * H)
    assert sorted(sync(store, decided).cancelled) == [
        f"{REF}:ico_deadline",
        f"{REF}:ico_reminder:48h",
        f"{REF}:ico_reminder:66h",
    ]
    clock.set(aware + 100 * H)
    assert await worker.run_once() == 0
    assert fired == ["ico_reminder:24h"]
    assert state(store, "ico_reminder:24h") == (WorkState.DONE, aware + 24 * H)


def test_pending_timers_move_when_the_time_of_becoming_aware_is_corrected(store) -> None:
    breach = high_risk(T0)
    sync(store, breach)
    earlier = breach.became_aware_at - 2 * H  # type: ignore[operator]
    corrected = replace(breach, became_aware_at=earlier, ico_deadline=earlier + 72 * H)
    changes = sync(store, corrected)
    assert len(changes.moved) == 4
    assert changes.scheduled == []
    assert changes.cancelled == []
    assert state(store, "ico_reminder:48h") == (WorkState.PENDING, earlier + 48 * H)


def test_start_up_pass_is_idempotent_and_skips_drafts(store) -> None:
    breaches = [b.reported(REF, T0), replace(b.reported(None, T0), reference=None)]
    assert sync_all(store, breaches) == 1
    assert sync_all(store, breaches) == 0
    assert store.counts()[WorkState.PENDING] == 1


def test_a_breach_without_reference_is_refused(store) -> None:
    with pytest.raises(SchedulerError, match="reference"):
        sync(store, b.reported(None, T0))
