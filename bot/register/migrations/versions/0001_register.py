"""Breach register: breaches, reference counters and the hash-chained audit trail.

Revision ID: 0001_register
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_register"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the register's tables and the audit chain's head row."""
    op.create_table(
        "reference_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_reference_counters")),
    )
    op.create_table(
        "breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("discovered_at", _utc(), nullable=True),
        sa.Column("reported_at", _utc(), nullable=True),
        sa.Column("minutes_late", sa.Integer(), nullable=True),
        sa.Column("incomplete", sa.Boolean(), nullable=False),
        sa.Column("assigned_to", sa.String(length=320), nullable=True),
        sa.Column("acknowledged_at", _utc(), nullable=True),
        sa.Column("assessed_at", _utc(), nullable=True),
        sa.Column("high_risk", sa.Boolean(), nullable=True),
        sa.Column("category", sa.String(length=200), nullable=True),
        sa.Column("ico_deadline", _utc(), nullable=True),
        sa.Column("ico_decided_at", _utc(), nullable=True),
        sa.Column("ico_notified", sa.Boolean(), nullable=True),
        sa.Column("open_actions", sa.Integer(), nullable=False),
        sa.Column("closed_at", _utc(), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.Column("purged_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaches")),
        sa.UniqueConstraint("reference", name=op.f("uq_breaches_reference")),
        sa.UniqueConstraint("uid", name=op.f("uq_breaches_uid")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_breaches_year_number")),
    )
    op.create_index("ix_breaches_state", "breaches", ["state"])
    op.create_index("ix_breaches_reported_at", "breaches", ["reported_at"])
    op.create_index("ix_breaches_closed_at", "breaches", ["closed_at"])
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("breach_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("body_digest", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breaches.id"], name=op.f("fk_audit_events_breach_id_breaches")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_breach_id"), "audit_events", ["breach_id"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(head, [{"id": 1, "last_seq": 0, "last_hash": GENESIS_HASH}])


def downgrade() -> None:
    """Drop everything this revision created."""
    op.drop_table("audit_head")
    op.drop_index(op.f("ix_audit_events_breach_id"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index("ix_breaches_closed_at", table_name="breaches")
    op.drop_index("ix_breaches_reported_at", table_name="breaches")
    op.drop_index("ix_breaches_state", table_name="breaches")
    op.drop_table("breaches")
    op.drop_table("reference_counters")
