"""Keeping a breach's scheduled work in step with the timers the domain says it needs.

``bot.domain.deadlines.timers_for`` says which timers a breach needs in its current state
(acknowledgement timeout, ICO reminders, ICO deadline). ``sync_timers`` reconciles the
scheduler with that list: missing timers are scheduled, pending ones whose time moved
are moved, and pending ones that no longer apply (the breach was acknowledged, the ICO
decision was recorded) are cancelled. Timers that already fired are left alone, so a
reminder never goes out twice. Running it again changes nothing, which is what makes
a start-up pass over every open breach safe (see ``sync_all``).

Work keys are ``<reference>:<timer key>``, e.g. ``BR-2026-0001:ico_reminder:24h``; the
work kind is the timer kind (``ack_timeout``, ``ico_reminder``, ``ico_deadline``); the
payload holds the reference and the timer key only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import clocks as clk
from bot.domain.breach import Breach
from bot.domain.deadlines import Timer, timers_for
from bot.register.db import write_session
from bot.register.jobs.models import ScheduledWorkRow, WorkState
from bot.register.jobs.ops import SchedulerError, schedule_in
from bot.register.jobs.store import SchedulerStore


@dataclass(slots=True)
class TimerChanges:
    """What a sync did, by work key."""

    scheduled: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.scheduled or self.moved or self.cancelled)


def timer_key(reference: str, timer: Timer) -> str:
    """The scheduler key of ``timer`` for the breach ``reference``."""
    return f"{reference}:{timer.key}"


def sync_timers(
    session: Session,
    breach: Breach,
    *,
    now: datetime,
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
) -> TimerChanges:
    """Reconcile ``breach``'s scheduled work with its timers, in the caller's transaction.

    Raises:
        SchedulerError: the breach has no reference yet (it is not in the register).
    """
    reference = breach.reference
    if reference is None:
        raise SchedulerError("a breach needs its reference before timers can be scheduled")
    needed = {timer_key(reference, t): t for t in timers_for(breach, clocks)}
    changes = TimerChanges()
    for row in _pending(session, reference):
        timer = needed.get(row.key)
        if timer is None:
            row.state, row.updated_at = WorkState.CANCELLED.value, now
            changes.cancelled.append(row.key)
        elif row.due_at != timer.due_at:
            row.due_at, row.updated_at = timer.due_at, now
            changes.moved.append(row.key)
    for key, timer in needed.items():
        payload = {"reference": reference, "timer": timer.key}
        if schedule_in(session, timer.kind.value, key, timer.due_at, payload, now=now):
            changes.scheduled.append(key)
    return changes


def _pending(session: Session, reference: str) -> list[ScheduledWorkRow]:
    stmt = (
        select(ScheduledWorkRow)
        .where(
            ScheduledWorkRow.key.startswith(f"{reference}:", autoescape=True),
            ScheduledWorkRow.state == WorkState.PENDING,
        )
        .with_for_update()
    )
    return list(session.execute(stmt).scalars())


def sync_all(
    store: SchedulerStore,
    breaches: Iterable[Breach],
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
) -> int:
    """Reconcile every breach (e.g. the open ones at start-up), one transaction each.

    Returns:
        How many breaches needed a change.
    """
    changed = 0
    for breach in breaches:
        if breach.reference is None:
            continue
        with write_session(store.engine) as session:
            if sync_timers(session, breach, now=store.now(), clocks=clocks):
                changed += 1
    return changed
