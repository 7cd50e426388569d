"""Names of channels and group chats as people know them, learned from Teams.

Revision ID: 0008_place_names
Revises: 0007_outbox
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_place_names"
down_revision: str | Sequence[str] | None = "0007_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``place_names``."""
    op.create_table(
        "place_names",
        sa.Column("place_key", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("place_key", name=op.f("pk_place_names")),
    )


def downgrade() -> None:
    """Drop ``place_names``."""
    op.drop_table("place_names")
