"""The WhatsApp replay table: Cloud API message ids already handled, hashed, with a time.

Meta redelivers a webhook call until it gets a 200, for up to seven days, and a captured
request keeps its valid signature. The ids are kept as SHA-256 digests: a ``wamid``
encodes the sender's phone number.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.register.base import Base, UTCDateTime

DIGEST_LENGTH = 64
"""Hex SHA-256."""


class WhatsAppSeenRow(Base):
    """One handled message id (its digest) and when it was first seen."""

    __tablename__ = "whatsapp_seen"
    __table_args__ = (Index("ix_whatsapp_seen_seen_at", "seen_at"),)

    id_hash: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
