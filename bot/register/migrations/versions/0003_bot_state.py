"""Bot state: conversations in progress, processed activities, alerts, absences, refs.

Revision ID: 0003_bot_state
Revises: 0002_scheduler
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_bot_state"
down_revision: str | Sequence[str] | None = "0002_scheduler"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the bot's state tables."""
    op.create_table(
        "conversation_state",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("reporter_id", sa.String(length=200), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("partial_reference", sa.String(length=20), nullable=True),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_conversation_state")),
    )
    op.create_index("ix_conversation_state_reporter_id", "conversation_state", ["reporter_id"])
    op.create_table(
        "processed_activities",
        sa.Column("activity_id", sa.String(length=200), nullable=False),
        sa.Column("seen_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_processed_activities")),
    )
    op.create_index("ix_processed_activities_seen_at", "processed_activities", ["seen_at"])
    op.create_table(
        "breach_alerts",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("reporter_id", sa.String(length=200), nullable=False),
        sa.Column("reporter_upn", sa.String(length=200), nullable=True),
        sa.Column("reporter_channel", sa.String(length=20), nullable=False),
        sa.Column("channel_id", sa.String(length=200), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("tried", sa.Text(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("reference", name=op.f("pk_breach_alerts")),
    )
    op.create_index("ix_breach_alerts_reporter_id", "breach_alerts", ["reporter_id"])
    op.create_table(
        "away_periods",
        sa.Column("person_key", sa.String(length=100), nullable=False),
        sa.Column("until", _utc(), nullable=False),
        sa.Column("set_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("person_key", name=op.f("pk_away_periods")),
    )
    op.create_table(
        "conversation_refs",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_conversation_refs")),
    )


def downgrade() -> None:
    """Drop the bot's state tables."""
    op.drop_table("conversation_refs")
    op.drop_table("away_periods")
    op.drop_index("ix_breach_alerts_reporter_id", table_name="breach_alerts")
    op.drop_table("breach_alerts")
    op.drop_index("ix_processed_activities_seen_at", table_name="processed_activities")
    op.drop_table("processed_activities")
    op.drop_index("ix_conversation_state_reporter_id", table_name="conversation_state")
    op.drop_table("conversation_state")
