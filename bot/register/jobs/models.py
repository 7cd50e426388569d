"""Tables of due work: the timers of breaches and conversations, and the outbox.

``scheduled_work`` holds one row per thing that must happen at a time (an escalation
step, an ICO reminder, an abandoned-report check); the step that changes a breach
writes the breach's timers in the same transaction. ``outbox`` holds every message a
step causes, written in the step's transaction and delivered afterwards, in order per
lane, with retries.

Timer keys and payloads carry references and codes only. Outbox targets and bodies are
encrypted with the register's key (a body may quote a report); a body is dropped once
it is delivered.
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
LANE_LENGTH = 64


class WorkState(StrEnum):
    """Where a timer is."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ScheduledWorkRow(Base):
    """One timer: what to do (kind + payload), when, and how far it has got."""

    __tablename__ = "scheduled_work"
    __table_args__ = (Index("ix_scheduled_work_state_due_at", "state", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxRow(Base):
    """One message on its way out (see the module docstring)."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_due_at", "state", "due_at"),
        Index("ix_outbox_lane_state", "lane", "state", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    lane: Mapped[str] = mapped_column(String(LANE_LENGTH))
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))
    reference: Mapped[str | None] = mapped_column(String(20), index=True)
    target: Mapped[str] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    posted_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
