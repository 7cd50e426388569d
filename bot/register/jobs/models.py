"""Tables of the scheduler store: due work and the effect log.

``scheduled_work`` holds one row per thing that must happen at a time (an acknowledgement
timeout, an ICO reminder, an abandoned report). ``scheduler_effects`` remembers effects
handlers have already produced, keyed by the work item's key, so a handler run twice
(after a crash) can tell and do nothing the second time.

Neither table holds personal data: keys and payloads carry references, kinds and
sign-in names only, and ``last_error`` is an error code, never exception text.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.register.base import Base, UTCDateTime

KEY_LENGTH = 200
KIND_LENGTH = 64
ERROR_LENGTH = 64


class WorkState(StrEnum):
    """Where a work item is: waiting, being run under a lease, or finished."""

    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ScheduledWorkRow(Base):
    """One due item: what to do (kind + payload), when, and how far it has got."""

    __tablename__ = "scheduled_work"
    __table_args__ = (Index("ix_scheduled_work_state_due_at", "state", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SchedulerEffectRow(Base):
    """An effect a handler produced for a work item (e.g. ``"escalated"``), recorded once."""

    __tablename__ = "scheduler_effects"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    effect: Mapped[str] = mapped_column(String(KIND_LENGTH), primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
