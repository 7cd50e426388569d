"""The scheduler store: due work that fires exactly once, across restarts and instances.

Everything time-driven (acknowledgement timeouts, escalations, ICO reminders, abandoned
reports) is a row in ``scheduled_work`` with a unique *key* such as
``"ack-timeout:BR-2026-0001:1"``. Scheduling the same key twice does nothing.

Claiming takes due rows under a row lock (``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several instances share the work; a ``BEGIN IMMEDIATE`` write transaction
on SQLite, so one writer claims at a time), counts the attempt and grants a lease, and
commits before any handler runs. Finishing checks, under the row lock, that the lease is
still this claim's (same worker, same attempt): a worker whose lease expired and whose
item was claimed again cannot also mark it done. A crash between claim and finish leaves
the row ``claimed`` until its lease ends; then it is claimed again, so nothing is lost.

Contract for handlers (see ``docs/scheduler-and-report.md``): database effects go in the
*finaliser* the handler returns, which runs in the same transaction that marks the item
done, so they happen exactly once. Effects outside the database (a Teams message) can
repeat after a crash; make them idempotent with the item's key, e.g. through
``record_effect``/``has_effect``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from bot.domain.clock import Clock, SystemClock, ensure_utc
from bot.register.db import read_session, write_session
from bot.register.jobs.models import ERROR_LENGTH, ScheduledWorkRow, WorkState
from bot.register.jobs.ops import (
    Finaliser,
    SchedulerError,
    WorkItem,
    WorkStatus,
    backoff_delay,
    has_effect,
    record_effect,
    schedule_in,
)

__all__ = [
    "Finaliser",
    "SchedulerError",
    "SchedulerStore",
    "WorkItem",
    "WorkState",
    "WorkStatus",
    "backoff_delay",
    "has_effect",
    "record_effect",
    "schedule_in",
]


class SchedulerStore:
    """Schedules, claims and finishes due work on the register's database.

    Args:
        engine: From ``bot.register.db.make_engine``.
        clock: A ``Clock`` or a function returning the current aware time.
    """

    def __init__(self, engine: Engine, clock: Clock | Callable[[], datetime] | None = None) -> None:
        self._engine = engine
        source = clock or SystemClock()
        self._clock: Callable[[], datetime] = source.now if isinstance(source, Clock) else source

    @property
    def engine(self) -> Engine:
        """The engine the store writes to (for work in the caller's own transactions)."""
        return self._engine

    def now(self) -> datetime:
        """The current time from the injected clock, in UTC."""
        return ensure_utc(self._clock(), "now")

    def schedule(
        self, kind: str, key: str, due_at: datetime, payload: Mapping[str, Any] | None = None
    ) -> bool:
        """Schedule work once per key; see ``schedule_in``. Returns True when created."""
        with write_session(self._engine) as session:
            return schedule_in(session, kind, key, due_at, payload, now=self.now())

    def cancel(self, key: str) -> bool:
        """Cancel a pending (or running) item; True when something was cancelled.

        A handler already running is not interrupted, but its finaliser will not commit.
        """
        with write_session(self._engine) as session:
            row = self._locked(session, ScheduledWorkRow.key == key)
            if row is None or row.state not in (WorkState.PENDING, WorkState.CLAIMED):
                return False
            self._release(row, WorkState.CANCELLED, None)
            return True

    def status(self, key: str) -> WorkStatus | None:
        """The item with ``key``, or None."""
        with read_session(self._engine) as session:
            stmt = select(ScheduledWorkRow).where(ScheduledWorkRow.key == key)
            row = session.execute(stmt).scalar_one_or_none()
            if row is None:
                return None
            state = WorkState(row.state)
            return WorkStatus(row.key, row.kind, state, row.due_at, row.attempts, row.last_error)

    def counts(self) -> dict[WorkState, int]:
        """How many items are in each state (for ``/readyz`` and tests)."""
        with read_session(self._engine) as session:
            stmt = select(ScheduledWorkRow.state, func.count()).group_by(ScheduledWorkRow.state)
            found = {WorkState(state): n for state, n in session.execute(stmt).all()}
        return {state: found.get(state, 0) for state in WorkState}

    def has_effect(self, key: str, effect: str) -> bool:
        """True when ``effect`` was already recorded for ``key`` (see ``record_effect``)."""
        with read_session(self._engine) as session:
            return has_effect(session, key, effect)

    def claim(
        self,
        worker_id: str,
        kinds: Iterable[str],
        *,
        limit: int,
        lease: timedelta,
        max_attempts: int,
    ) -> list[WorkItem]:
        """Take up to ``limit`` due items of ``kinds``, oldest first, and lease them.

        Items whose lease ran out are due again; one that has used ``max_attempts``
        already is marked failed (``lease_expired``) instead of being run again.
        """
        now = self.now()
        stmt = (
            select(ScheduledWorkRow)
            .where(_due(now), ScheduledWorkRow.kind.in_(list(kinds)))
            .order_by(ScheduledWorkRow.due_at, ScheduledWorkRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claimed: list[WorkItem] = []
        with write_session(self._engine) as session:
            for row in session.execute(stmt).scalars().all():
                if row.state == WorkState.CLAIMED and row.attempts >= max_attempts:
                    self._release(row, WorkState.FAILED, "lease_expired")
                    continue
                row.state = WorkState.CLAIMED.value
                row.attempts += 1
                row.claimed_by = worker_id
                row.claimed_until = now + lease
                row.updated_at = now
                claimed.append(_item(row))
        return claimed

    def complete(self, item: WorkItem, finaliser: Finaliser | None = None) -> bool:
        """Mark ``item`` done, running ``finaliser`` in the same transaction.

        Returns:
            False (and nothing is written) when the claim's lease was lost: the item was
            claimed again after it expired, or cancelled.
        """
        with write_session(self._engine) as session:
            row = self._owned(session, item)
            if row is None:
                return False
            if finaliser is not None:
                finaliser(session)
            self._release(row, WorkState.DONE, None)
            return True

    def fail(
        self, item: WorkItem, code: str, *, retry_in: timedelta | None, max_attempts: int
    ) -> WorkState | None:
        """Record a failed run: back to pending after ``retry_in``, or failed for good.

        Args:
            item: The claimed item.
            code: A short error code (an exception class name); never exception text.
            retry_in: Delay before the next attempt; None means do not retry.
            max_attempts: After this many attempts the item is failed for good.

        Returns:
            The new state, or None when the lease was lost (nothing written).
        """
        with write_session(self._engine) as session:
            row = self._owned(session, item)
            if row is None:
                return None
            if retry_in is None or row.attempts >= max_attempts:
                self._release(row, WorkState.FAILED, code)
                return WorkState.FAILED
            self._release(row, WorkState.PENDING, code)
            row.due_at = self.now() + retry_in
            return WorkState.PENDING

    def _owned(self, session: Session, item: WorkItem) -> ScheduledWorkRow | None:
        row = self._locked(session, ScheduledWorkRow.id == item.id)
        if row is None or row.state != WorkState.CLAIMED:
            return None
        if row.claimed_by != item.claimed_by or row.attempts != item.attempt:
            return None
        return row

    @staticmethod
    def _locked(session: Session, where: Any) -> ScheduledWorkRow | None:
        stmt = select(ScheduledWorkRow).where(where).with_for_update()
        return session.execute(stmt).scalar_one_or_none()

    def _release(self, row: ScheduledWorkRow, state: WorkState, code: str | None) -> None:
        row.state = state.value
        row.claimed_until = None
        row.last_error = code[:ERROR_LENGTH] if code else None
        row.updated_at = self.now()


def _due(now: datetime) -> ColumnElement[bool]:
    """Pending and due, or claimed under a lease that has run out."""
    row = ScheduledWorkRow
    return or_(
        and_(row.state == WorkState.PENDING, row.due_at <= now),
        and_(row.state == WorkState.CLAIMED, row.claimed_until <= now),
    )


def _item(row: ScheduledWorkRow) -> WorkItem:
    assert row.claimed_by is not None
    return WorkItem(
        id=row.id,
        kind=row.kind,
        key=row.key,
        payload=json.loads(row.payload),
        due_at=row.due_at,
        attempt=row.attempts,
        claimed_by=row.claimed_by,
    )
