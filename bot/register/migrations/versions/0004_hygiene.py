"""Hygiene events: one row per private name warning (no message text).

Revision ID: 0004_hygiene
Revises: 0003_bot_state
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_hygiene"
down_revision: str | Sequence[str] | None = "0003_bot_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create ``hygiene_events`` with its dedupe constraint and lookup indexes."""
    op.create_table(
        "hygiene_events",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("place_key", sa.String(length=300), nullable=False),
        sa.Column("place_name", sa.String(length=200), nullable=False),
        sa.Column("conversation_type", sa.String(length=16), nullable=False),
        sa.Column("team_id", sa.String(length=300), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("author_id", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", _utc(), nullable=False),
        sa.Column("entity_types", sa.String(length=400), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("fixed_at", _utc(), nullable=True),
        sa.Column("feedback", sa.String(length=32), nullable=True),
        sa.Column("feedback_at", _utc(), nullable=True),
        sa.Column("breach_reference", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hygiene_events")),
        sa.UniqueConstraint(
            "author_id",
            "place_key",
            "content_hash",
            name=op.f("uq_hygiene_events_author_id_place_key_content_hash"),
        ),
    )
    op.create_index("ix_hygiene_events_occurred_at", "hygiene_events", ["occurred_at"])
    op.create_index(
        "ix_hygiene_events_place_key_message_id", "hygiene_events", ["place_key", "message_id"]
    )


def downgrade() -> None:
    """Drop the hygiene events table."""
    op.drop_index("ix_hygiene_events_place_key_message_id", table_name="hygiene_events")
    op.drop_index("ix_hygiene_events_occurred_at", table_name="hygiene_events")
    op.drop_table("hygiene_events")
