"""Timers inside the step's session: set, move, cancel, reconcile, and take the next due.

A breach's timers are reconciled with what the domain says it needs
(``bot.domain.deadlines.timers_for``) in the same transaction as the change that moved
them: missing ones are added (a cancelled one that applies again is pending again),
pending ones whose time moved are moved, pending ones that no longer apply are
cancelled. A timer that already fired is never added again, so a reminder never goes
out twice. A conversation's abandon timer is *set* instead: one row
per report, moved on every turn, revived when the reporter speaks again after it fired.

Due timers are taken one at a time under a row lock (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several instances share the work; SQLite serialises writers), and the
handler's changes commit in the same transaction that marks the timer done: each timer
fires once, and a crash mid-step leaves it pending.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.domain.clock import Clock, ensure_utc
from bot.domain.deadlines import Timer
from bot.domain.records import DueWork, PendingWork
from bot.register.jobs.models import (
    ERROR_LENGTH,
    KEY_LENGTH,
    KIND_LENGTH,
    ScheduledWorkRow,
    WorkState,
)


class TimerError(ValueError):
    """Bad input to the timers (a naive time, an over-long key, a bad payload)."""


def timer_key(reference: str, timer: Timer) -> str:
    """The stored key of a breach's ``timer``, e.g. ``BR-2026-0001:ico_reminder:24h``."""
    return f"{reference}:{timer.key}"


def _payload(kind: str, key: str, payload: Mapping[str, Any] | None) -> str:
    if not 0 < len(kind) <= KIND_LENGTH:
        raise TimerError(f"a timer kind must be 1 to {KIND_LENGTH} characters")
    if not 0 < len(key) <= KEY_LENGTH:
        raise TimerError(f"a timer key must be 1 to {KEY_LENGTH} characters")
    try:
        return json.dumps(dict(payload or {}), sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise TimerError("a timer payload must be JSON-serialisable") from None


class SqlTimers:
    """The timer store of one unit of work."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    def set(self, kind: str, key: str, due_at: datetime, payload: Mapping[str, Any]) -> None:
        """Make ``key`` pending at ``due_at`` (new, moved, or revived after it fired)."""
        body = _payload(kind, key, payload)
        due = ensure_utc(due_at, "due_at")
        now = self._clock.now()
        row = self._locked(key)
        if row is None:
            self._insert(kind, key, due, body)
            return
        row.kind, row.payload, row.due_at = kind, body, due
        row.state, row.attempts, row.last_error, row.updated_at = WorkState.PENDING, 0, None, now

    def cancel(self, key: str) -> bool:
        """Cancel a pending timer; True when there was one."""
        row = self._locked(key)
        if row is None or row.state != WorkState.PENDING:
            return False
        row.state, row.updated_at = WorkState.CANCELLED.value, self._clock.now()
        return True

    def sync(self, reference: str, timers: Sequence[Timer]) -> bool:
        """Reconcile a breach's pending timers with ``timers``; True when anything changed."""
        needed = {timer_key(reference, t): t for t in timers}
        now = self._clock.now()
        changed = False
        for row in self._pending_rows(f"{reference}:"):
            timer = needed.get(row.key)
            if timer is None:
                row.state, row.updated_at = WorkState.CANCELLED.value, now
                changed = True
            elif row.due_at != timer.due_at:
                row.due_at, row.updated_at = timer.due_at, now
                changed = True
        for key, timer in needed.items():
            body = _payload(timer.kind.value, key, {"reference": reference, "timer": timer.key})
            if self._insert(timer.kind.value, key, timer.due_at, body):
                changed = True
                continue
            old = self._locked(key)
            if old is not None and old.state == WorkState.CANCELLED:  # needed again
                old.kind, old.payload, old.due_at = timer.kind.value, body, timer.due_at
                old.state, old.attempts, old.last_error = WorkState.PENDING.value, 0, None
                old.updated_at = now
                changed = True
        return changed

    def pending(self, prefix: str = "") -> list[DueWork]:
        """Pending timers whose key starts with ``prefix``, soonest first."""
        return [_work(row) for row in self._pending_rows(prefix, lock=False)]

    def take_due(self, kinds: Iterable[str]) -> DueWork | None:
        """Lock and return the oldest due pending timer of ``kinds`` (None if none is due)."""
        stmt = (
            select(ScheduledWorkRow)
            .where(
                ScheduledWorkRow.state == WorkState.PENDING,
                ScheduledWorkRow.due_at <= self._clock.now(),
                ScheduledWorkRow.kind.in_(list(kinds)),
            )
            .order_by(ScheduledWorkRow.due_at, ScheduledWorkRow.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = self._session.execute(stmt).scalar_one_or_none()
        return _work(row) if row is not None else None

    def finish(self, key: str) -> None:
        """Mark a taken timer done (in the transaction of its handler's changes).

        The row was pending when it was taken, under a lock held until this commits, so a
        cancelled state can only come from its own handler (a sync that no longer needs
        the step that is firing): it fired all the same, and must never be revived.
        """
        row = self._locked(key)
        if row is not None and row.state in (WorkState.PENDING, WorkState.CANCELLED):
            row.state, row.updated_at = WorkState.DONE.value, self._clock.now()

    def fail(self, key: str, code: str, retry_at: datetime | None) -> None:
        """Record a failed run: due again at ``retry_at``, or failed for good when None."""
        row = self._locked(key)
        if row is None or row.state != WorkState.PENDING:
            return
        row.attempts += 1
        row.last_error = code[:ERROR_LENGTH]
        row.updated_at = self._clock.now()
        if retry_at is None:
            row.state = WorkState.FAILED.value
        else:
            row.due_at = retry_at

    def listing(self, *, failed_only: bool) -> list[PendingWork]:
        """Timers still to fire (or failed), for ``careguard jobs list``."""
        stmt = select(ScheduledWorkRow).order_by(ScheduledWorkRow.due_at)
        if failed_only:
            stmt = stmt.where(
                (ScheduledWorkRow.state == WorkState.FAILED)
                | (
                    (ScheduledWorkRow.state == WorkState.PENDING)
                    & ScheduledWorkRow.last_error.is_not(None)
                )
            )
        else:
            stmt = stmt.where(ScheduledWorkRow.state.in_([WorkState.PENDING, WorkState.FAILED]))
        return [_listed(row) for row in self._session.execute(stmt).scalars()]

    def counts(self) -> dict[str, int]:
        """How many timers are in each state."""
        stmt = select(ScheduledWorkRow.state, func.count()).group_by(ScheduledWorkRow.state)
        return {state: int(n) for state, n in self._session.execute(stmt).all()}

    def _locked(self, key: str) -> ScheduledWorkRow | None:
        stmt = select(ScheduledWorkRow).where(ScheduledWorkRow.key == key).with_for_update()
        return self._session.execute(stmt).scalar_one_or_none()

    def _pending_rows(self, prefix: str, *, lock: bool = True) -> list[ScheduledWorkRow]:
        stmt = select(ScheduledWorkRow).where(ScheduledWorkRow.state == WorkState.PENDING)
        if prefix:
            stmt = stmt.where(ScheduledWorkRow.key.startswith(prefix, autoescape=True))
        stmt = stmt.order_by(ScheduledWorkRow.due_at, ScheduledWorkRow.id)
        if lock:
            stmt = stmt.with_for_update()
        return list(self._session.execute(stmt).scalars())

    def _insert(self, kind: str, key: str, due_at: datetime, body: str) -> bool:
        now = self._clock.now()
        values = {
            "kind": kind,
            "key": key,
            "payload": body,
            "due_at": ensure_utc(due_at, "due_at"),
            "state": WorkState.PENDING.value,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        table: Any = ScheduledWorkRow.__table__
        name = self._session.get_bind().dialect.name
        dialect: Any = postgresql if name == "postgresql" else sqlite
        stmt = dialect.insert(table).values(values).on_conflict_do_nothing(index_elements=["key"])
        return self._session.execute(stmt.returning(table.c.id)).first() is not None


def _work(row: ScheduledWorkRow) -> DueWork:
    return DueWork(row.kind, row.key, json.loads(row.payload), row.due_at, row.attempts)


def _listed(row: ScheduledWorkRow) -> PendingWork:
    payload = json.loads(row.payload)
    reference = payload.get("reference") if isinstance(payload, dict) else None
    return PendingWork(
        queue="timer",
        id=row.key,
        kind=row.kind,
        reference=reference if isinstance(reference, str) else None,
        state=row.state,
        attempts=row.attempts,
        due_at=row.due_at,
        created_at=row.created_at,
        last_error=row.last_error,
    )
