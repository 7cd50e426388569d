"""Scheduler operations on a caller's session, and the item types they hand out.

``schedule_in`` lets code schedule work in the same transaction as the change it is
about; ``record_effect``/``has_effect`` are the effect log handlers use to make their
effects idempotent. ``bot.register.jobs.store`` re-exports all of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.domain.clock import ensure_utc
from bot.register.jobs.models import (
    KEY_LENGTH,
    KIND_LENGTH,
    ScheduledWorkRow,
    SchedulerEffectRow,
    WorkState,
)

Finaliser = Callable[[Session], None]
"""Database work a handler wants committed together with marking its item done."""


class SchedulerError(ValueError):
    """Bad input to the scheduler (a naive time, an over-long key, a bad payload)."""


@dataclass(frozen=True, slots=True)
class WorkItem:
    """A claimed item, as handed to a handler.

    Attributes:
        id: Row id.
        kind: Which handler runs it.
        key: The idempotency key; use it to make external effects idempotent.
        payload: The JSON payload given to ``schedule``.
        due_at: When it was due (UTC).
        attempt: 1 for the first run, 2 after one failure or lost lease, and so on.
        claimed_by: The worker holding the lease.
    """

    id: int
    kind: str
    key: str
    payload: Mapping[str, Any]
    due_at: datetime
    attempt: int
    claimed_by: str


@dataclass(frozen=True, slots=True)
class WorkStatus:
    """What an operator or a test can see of an item."""

    key: str
    kind: str
    state: WorkState
    due_at: datetime
    attempts: int
    last_error: str | None


def _check(kind: str, key: str, due_at: datetime, payload: Mapping[str, Any] | None) -> str:
    if not 0 < len(kind) <= KIND_LENGTH:
        raise SchedulerError(f"a work kind must be 1 to {KIND_LENGTH} characters")
    if not 0 < len(key) <= KEY_LENGTH:
        raise SchedulerError(f"a work key must be 1 to {KEY_LENGTH} characters")
    if due_at.tzinfo is None or due_at.utcoffset() is None:
        raise SchedulerError("due_at must be timezone-aware")
    try:
        return json.dumps(dict(payload or {}), sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise SchedulerError("the payload must be JSON-serialisable") from None


def schedule_in(
    session: Session,
    kind: str,
    key: str,
    due_at: datetime,
    payload: Mapping[str, Any] | None,
    *,
    now: datetime,
) -> bool:
    """Schedule work inside the caller's transaction (e.g. with the breach it is about).

    Args:
        session: An open write session.
        kind: The handler kind, e.g. ``"ack-timeout"``.
        key: Unique idempotency key, e.g. ``"ack-timeout:BR-2026-0001:1"``.
        due_at: When it is due (timezone-aware).
        payload: JSON-safe details; references and codes only, no personal data.
        now: The current time (stamps the row).

    Returns:
        True when the item was created, False when the key already existed (any state).

    Raises:
        SchedulerError: bad kind, key, time or payload.
    """
    body = _check(kind, key, due_at, payload)
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
    stmt = _insert_ignoring(session, ScheduledWorkRow, values, ["key"])
    return session.execute(stmt).first() is not None


def record_effect(session: Session, key: str, effect: str, *, now: datetime) -> bool:
    """Record that ``effect`` happened for work ``key``, in the caller's transaction.

    Returns:
        True the first time; False when it was already recorded (so skip the effect).
    """
    values = {"key": key, "effect": effect, "recorded_at": now}
    stmt = _insert_ignoring(session, SchedulerEffectRow, values, ["key", "effect"])
    return session.execute(stmt).first() is not None


def has_effect(session: Session, key: str, effect: str) -> bool:
    """True when ``effect`` was already recorded for work ``key``."""
    stmt = select(SchedulerEffectRow.key).where(
        SchedulerEffectRow.key == key, SchedulerEffectRow.effect == effect
    )
    return session.execute(stmt).first() is not None


def _insert_ignoring(
    session: Session, model: type[Any], values: dict[str, Any], unique: list[str]
) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING RETURNING``: a row comes back only if inserted."""
    table = model.__table__
    name = session.get_bind().dialect.name
    dialect: Any
    if name == "postgresql":
        dialect = postgresql
    elif name == "sqlite":
        dialect = sqlite
    else:
        raise SchedulerError(f"the scheduler does not support the {name} database")
    stmt = dialect.insert(table).values(values).on_conflict_do_nothing(index_elements=unique)
    return stmt.returning(*(table.c[c] for c in unique))


def backoff_delay(attempt: int, base: timedelta, cap: timedelta) -> timedelta:
    """Wait before retry number ``attempt`` + 1: ``base`` doubled per failure, at most ``cap``."""
    delay: timedelta = base * (2 ** max(attempt - 1, 0))
    return min(cap, delay)
