"""WhatsApp replay protection: hashed Cloud API message ids already handled, for 8 days.

Revision ID: 0005_whatsapp_seen
Revises: 0004_hygiene
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_whatsapp_seen"
down_revision: str | Sequence[str] | None = "0004_hygiene"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``whatsapp_seen`` and its index on ``seen_at`` (the purge walks it)."""
    op.create_table(
        "whatsapp_seen",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_whatsapp_seen")),
    )
    op.create_index("ix_whatsapp_seen_seen_at", "whatsapp_seen", ["seen_at"])


def downgrade() -> None:
    """Drop the table and its index."""
    op.drop_index("ix_whatsapp_seen_seen_at", table_name="whatsapp_seen")
    op.drop_table("whatsapp_seen")
