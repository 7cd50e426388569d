"""Scheduler store: due work and the effect log.

Revision ID: 0002_scheduler
Revises: 0001_register
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_scheduler"
down_revision: str | Sequence[str] | None = "0001_register"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create ``scheduled_work`` and ``scheduler_effects``."""
    op.create_table(
        "scheduled_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("due_at", _utc(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_until", _utc(), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_work")),
        sa.UniqueConstraint("key", name=op.f("uq_scheduled_work_key")),
    )
    op.create_index("ix_scheduled_work_state_due_at", "scheduled_work", ["state", "due_at"])
    op.create_table(
        "scheduler_effects",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("effect", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("key", "effect", name=op.f("pk_scheduler_effects")),
    )


def downgrade() -> None:
    """Drop the scheduler's tables."""
    op.drop_table("scheduler_effects")
    op.drop_index("ix_scheduled_work_state_due_at", table_name="scheduled_work")
    op.drop_table("scheduled_work")
