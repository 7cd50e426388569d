"""The register's tables, typed SQLAlchemy 2.x mappings on the shared declarative ``Base``.

``breaches`` is a projection: plain columns hold only non-personal facts used for lists,
statistics and retention; the full breach (with every free-text field) is one
Fernet-encrypted ``snapshot``. ``breach_actions`` and ``breach_escalations`` hold the
times and kinds of its actions and automatic escalations (no text, no people), so the
reviews count from plain columns too. ``audit_events`` is the append-only, hash-chained and
HMAC-signed trail of every change; ``audit_head`` remembers the chain's end so a deleted
last row is noticed (the checkpoint file outside the database anchors it further).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.register.base import Base, UTCDateTime

REFERENCE_LENGTH = 20
HASH_LENGTH = 64
KEY_ID_LENGTH = 16


class ReferenceCounterRow(Base):
    """The last breach number handed out in a year."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)


class BreachRow(Base):
    """One breach: non-personal facts in plain columns, everything else encrypted."""

    __tablename__ = "breaches"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        Index("ix_breaches_state", "state"),
        Index("ix_breaches_reported_at", "reported_at"),
        Index("ix_breaches_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(REFERENCE_LENGTH), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    # Empty only for a report abandoned before the service was given (filed incomplete).
    service: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    discovered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes_late: Mapped[int | None] = mapped_column(Integer)
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_to: Mapped[str | None] = mapped_column(String(320))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    high_risk: Mapped[bool | None] = mapped_column(Boolean)
    category: Mapped[str | None] = mapped_column(String(200))
    ico_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ico_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ico_notified: Mapped[bool | None] = mapped_column(Boolean)
    open_actions: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    became_aware_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # System names, comma-joined in sorted order (like ``category``).
    systems: Mapped[str | None] = mapped_column(String(200))
    snapshot: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    actions: Mapped[list[BreachActionRow]] = relationship(
        order_by="BreachActionRow.number", cascade="all, delete-orphan"
    )
    escalations: Mapped[list[BreachEscalationRow]] = relationship(
        order_by="BreachEscalationRow.id", cascade="all, delete-orphan"
    )


class BreachActionRow(Base):
    """One action of a breach: its kind and times (its text is in the snapshot only)."""

    __tablename__ = "breach_actions"

    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id"), primary_key=True)
    # 1-based, in recorded order: the number ``register action --done N`` takes.
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BreachEscalationRow(Base):
    """When a breach was escalated because nobody acknowledged it (a hand-over by CareGuard)."""

    __tablename__ = "breach_escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id"), index=True)
    escalated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEventRow(Base):
    """One link of the audit chain: who did what to which breach, and when."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    breach_id: Mapped[int | None] = mapped_column(ForeignKey("breaches.id"), index=True)
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_LENGTH))
    kind: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str | None] = mapped_column(String(320))
    payload: Mapped[str | None] = mapped_column(Text)
    body_digest: Mapped[str] = mapped_column(String(HASH_LENGTH))
    # For a row about a breach: the digest of that breach's stored row after this change.
    snapshot_digest: Mapped[str | None] = mapped_column(String(HASH_LENGTH))
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    row_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    # HMAC-SHA256 of row_hash under the chain key ``key_id`` (bot.register.breaches.keys).
    key_id: Mapped[str] = mapped_column(String(KEY_ID_LENGTH))
    row_mac: Mapped[str] = mapped_column(String(HASH_LENGTH))
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditHeadRow(Base):
    """The single row naming the chain's last link (locked by every appender)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
