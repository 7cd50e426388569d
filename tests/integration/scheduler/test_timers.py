"""A breach's timers follow its state: ``SqlTimers.sync`` and ``bot.services.timers``.

After every sync the pending timers of a breach are exactly the ones given: missing ones
are added, pending ones whose time moved are moved, the rest are cancelled, a cancelled
one that is needed again is pending again, and one that already fired never comes back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.domain.assessment import DataType
from bot.domain.breach import Breach
from bot.domain.deadlines import Timer, TimerKind
from bot.domain.records import AlertRecord, AlertStatus, DueWork
from bot.register.uow import SqlUnitOfWork
from bot.services.deps import BotDeps
from bot.services.scheduler import TimerWorker
from bot.services.timers import sync_all, sync_breach
from tests.integration.scheduler.conftest import T0
from tests.unit.report import builders as b

REF = "BR-2026-0007"
H = timedelta(hours=1)
MIN = timedelta(minutes=1)


def pending(uow: SqlUnitOfWork, prefix: str = "") -> dict[str, datetime]:
    return {w.key: w.due_at for w in uow.read_now(lambda tx: tx.timers.pending(prefix))}


def sync(uow: SqlUnitOfWork, *timers: Timer, reference: str = REF) -> bool:
    return uow.run_now(lambda tx: tx.timers.sync(reference, list(timers)))


def timer(key: str, due: datetime, kind: TimerKind = TimerKind.ESCALATION) -> Timer:
    return Timer(kind, due, key)


def high_risk(at: datetime) -> Breach:
    breach = b.acked(b.reported(REF, at), timedelta(minutes=5))
    return b.assessed(breach, at + H, DataType.SPECIAL_CATEGORY, high_risk=True)


def sync_of(deps: BotDeps, breach: Breach) -> None:
    deps.uow.run_now(lambda tx: sync_breach(tx, deps, breach))  # type: ignore[attr-defined]


def test_sync_makes_the_pending_set_equal_the_given_set(uow) -> None:
    a, b1, c = timer("a", T0 + H), timer("b", T0 + 2 * H), timer("c", T0 + 4 * H)
    other = "BR-2026-00070"  # shares REF as a prefix, not as a reference
    sync(uow, timer("a", T0), reference=other)
    uow.run_now(lambda tx: tx.timers.set("abandon", "abandon:x:y", T0, {}))

    assert sync(uow, a, b1) is True
    assert pending(uow, f"{REF}:") == {f"{REF}:a": T0 + H, f"{REF}:b": T0 + 2 * H}
    assert sync(uow, a, b1) is False  # nothing to do the second time

    b_moved = timer("b", T0 + 3 * H)
    assert sync(uow, b_moved, c) is True  # a cancelled, b moved, c added
    assert pending(uow, f"{REF}:") == {f"{REF}:b": T0 + 3 * H, f"{REF}:c": T0 + 4 * H}

    assert sync(uow, a, b_moved, c) is True  # a is needed again
    assert pending(uow, f"{REF}:") == {
        f"{REF}:a": T0 + H,
        f"{REF}:b": T0 + 3 * H,
        f"{REF}:c": T0 + 4 * H,
    }

    assert sync(uow) is True
    assert pending(uow, f"{REF}:") == {}
    assert pending(uow) == {f"{other}:a": T0, "abandon:x:y": T0}  # others untouched


async def test_a_timer_that_fired_is_never_added_again(deps, uow, clock) -> None:
    fired: list[str] = []
    worker = TimerWorker(deps, {"escalation": lambda tx, d, work: fired.append(work.key)})
    sync(uow, timer("escalation:1", T0))
    assert await worker.run_once() == 1
    # The same sync again (the next step, or a restart's repair pass): nothing new.
    assert sync(uow, timer("escalation:1", T0)) is False
    assert pending(uow) == {}
    clock.advance(hours=1)
    assert await worker.run_once() == 0
    assert fired == [f"{REF}:escalation:1"]
    assert uow.read_now(lambda tx: tx.timers.counts()) == {"done": 1}


def test_first_escalation_step_is_set_on_report_and_goes_on_acknowledgement(deps, uow) -> None:
    breach = b.reported(REF, T0)
    sync_of(deps, breach)
    assert pending(uow) == {f"{REF}:escalation:1": T0 + deps.clocks.ack_timeout}
    sync_of(deps, breach)
    assert len(pending(uow)) == 1
    sync_of(deps, b.acked(breach, timedelta(minutes=4)))
    assert pending(uow) == {}
    assert uow.read_now(lambda tx: tx.timers.counts()) == {"cancelled": 1}


def test_escalation_resumes_when_the_last_person_comes_back(deps, uow) -> None:
    """While the only one left is away the chain reminds instead; back, it asks them again."""
    breach = b.reported(REF, T0)
    alert = AlertRecord(
        REF, "aad-1", None, "msteams", AlertStatus.ESCALATED, tried=("ada", "bea"),
        asked=("ada", "bea"), asked_at=T0 + 15 * MIN,
    )  # fmt: skip
    uow.run_now(lambda tx: tx.alerts.add(alert))
    sync_of(deps, breach)
    assert list(pending(uow)) == [f"{REF}:escalation:2"]
    uow.run_now(lambda tx: tx.away.set("cy", T0 + 8 * H))
    sync_of(deps, breach)
    assert list(pending(uow)) == [f"{REF}:escalation:remind"]
    uow.run_now(lambda tx: tx.away.clear("cy"))
    sync_of(deps, breach)
    assert list(pending(uow)) == [f"{REF}:escalation:2"]


async def test_ico_reminders_fire_once_and_stop_at_the_decision(deps, uow, clock) -> None:
    breach = high_risk(T0)
    aware = breach.became_aware_at
    assert aware is not None
    sync_of(deps, breach)
    assert pending(uow) == {
        f"{REF}:ico_reminder:24h": aware + 24 * H,
        f"{REF}:ico_reminder:48h": aware + 48 * H,
        f"{REF}:ico_reminder:66h": aware + 66 * H,
        f"{REF}:ico_deadline": aware + 72 * H,
    }
    reminded: list[Any] = []

    def remind(tx: Any, d: BotDeps, work: DueWork) -> None:
        reminded.append(work.payload["timer"])

    worker = TimerWorker(deps, {"ico_reminder": remind, "ico_deadline": remind})
    clock.set(aware + 24 * H)
    assert await worker.run_once() == 1
    sync_of(deps, breach)  # the 24 h reminder is done: not set again
    assert f"{REF}:ico_reminder:24h" not in pending(uow)
    assert await worker.run_once() == 0
    sync_of(deps, b.ico(breach, aware + 30 * H))
    assert pending(uow) == {}
    clock.set(aware + 100 * H)
    assert await worker.run_once() == 0
    assert reminded == ["ico_reminder:24h"]


def test_pending_timers_move_when_the_time_of_becoming_aware_is_corrected(deps, uow) -> None:
    breach = high_risk(T0)
    sync_of(deps, breach)
    earlier = breach.became_aware_at - 2 * H  # type: ignore[operator]
    sync_of(deps, replace(breach, became_aware_at=earlier, ico_deadline=earlier + 72 * H))
    assert pending(uow) == {
        f"{REF}:ico_reminder:24h": earlier + 24 * H,
        f"{REF}:ico_reminder:48h": earlier + 48 * H,
        f"{REF}:ico_reminder:66h": earlier + 66 * H,
        f"{REF}:ico_deadline": earlier + 72 * H,
    }
    assert uow.read_now(lambda tx: tx.timers.counts()) == {"pending": 4}


def test_start_up_repair_is_idempotent(deps, uow) -> None:
    def setup(tx: Any) -> list[str]:
        return [str(tx.breaches.add(b.reported(None, T0 - n * H)).reference) for n in (0, 1)]

    first, second = uow.run_now(setup)
    assert uow.run_now(lambda tx: sync_all(tx, deps)) == 2
    assert uow.run_now(lambda tx: sync_all(tx, deps)) == 0
    ack = deps.clocks.ack_timeout
    assert pending(uow) == {
        f"{second}:escalation:1": T0 - H + ack,
        f"{first}:escalation:1": T0 + ack,
    }
