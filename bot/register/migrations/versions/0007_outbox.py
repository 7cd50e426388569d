"""Outbox, timers derived from state, alert escalation progress.

Adds ``outbox`` (messages a step caused, delivered afterwards), the escalation progress
of an alert (``asked``, ``asked_at``, ``reminded``), and turns the scheduler's leased
work into plain timers: leases and the effect log go (a timer now fires in the
transaction of its handler's changes), and the timers of the previous version are
cancelled, because the server rebuilds every open breach's timers from its state at
start-up. People an alert's chain already went to count as asked (the previous version
kept no delivery record), so an open alert's chain resumes instead of waiting.

Revision ID: 0007_outbox
Revises: 0005_whatsapp_seen
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_outbox"
down_revision: str | Sequence[str] | None = "0005_whatsapp_seen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("breach.ack-timeout", "breach.abandoned", "breach.ico-reminder")


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the outbox, add escalation progress, simplify the timers."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("lane", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", _utc(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_until", _utc(), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("posted_id", sa.String(length=200), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("delivered_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_index("ix_outbox_state_due_at", "outbox", ["state", "due_at"])
    op.create_index("ix_outbox_lane_state", "outbox", ["lane", "state", "id"])
    op.create_index(op.f("ix_outbox_reference"), "outbox", ["reference"])
    with op.batch_alter_table("breach_alerts") as batch:
        batch.add_column(sa.Column("asked", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("asked_at", _utc(), nullable=True))
        batch.add_column(
            sa.Column("reminded", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # The previous version counted a person as tried when it sent to them, with no
    # delivery record: count them as asked, or an open alert's chain would wait for ever
    # for a delivery that happened long ago (the start-up pass then resumes the chain).
    alerts = sa.table("breach_alerts", sa.column("asked"), sa.column("tried"))
    op.execute(alerts.update().values(asked=alerts.c.tried))
    work = sa.table("scheduled_work", sa.column("kind"), sa.column("state"))
    op.execute(
        work.update()
        .where(work.c.kind.in_(OLD_KINDS) | (work.c.state == "claimed"))
        .where(work.c.state.in_(("pending", "claimed")))
        .values(state="cancelled")
    )
    with op.batch_alter_table("scheduled_work") as batch:
        batch.drop_column("claimed_by")
        batch.drop_column("claimed_until")
    op.drop_table("scheduler_effects")


def downgrade() -> None:
    """Back to leased scheduler work (pending timers are kept; their kinds are new)."""
    op.create_table(
        "scheduler_effects",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("effect", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("key", "effect", name=op.f("pk_scheduler_effects")),
    )
    with op.batch_alter_table("scheduled_work") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("claimed_until", _utc(), nullable=True))
    with op.batch_alter_table("breach_alerts") as batch:
        batch.drop_column("reminded")
        batch.drop_column("asked_at")
        batch.drop_column("asked")
    op.drop_index(op.f("ix_outbox_reference"), table_name="outbox")
    op.drop_index("ix_outbox_lane_state", table_name="outbox")
    op.drop_index("ix_outbox_state_due_at", table_name="outbox")
    op.drop_table("outbox")
