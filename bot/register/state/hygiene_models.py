"""The hygiene events table: one row per private name warning.

A row says where and when a message was flagged, who wrote it (their Entra object id),
which kinds of identifier the detector found, and a keyed hash of the message so the
same content is never warned about twice. It holds no message text, no matched text and
no suggested rewrite: nothing in it names a client.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.register.base import Base, UTCDateTime

ID_LENGTH = 32
PLACE_LENGTH = 300
NAME_LENGTH = 200
AUTHOR_LENGTH = 100
MESSAGE_ID_LENGTH = 200
ENTITY_TYPES_LENGTH = 400
HASH_LENGTH = 64
FEEDBACK_LENGTH = 32
REFERENCE_LENGTH = 20


class HygieneEventRow(Base):
    """One warning: place, author, time, entity types, keyed hash; feedback comes later.

    ``breach_reference`` is ``"pending"`` while a breach is being recorded from the
    warning (so two clicks make one breach), then the register reference.
    """

    __tablename__ = "hygiene_events"
    __table_args__ = (
        # The dedupe rule: one warning per author, place and message content.
        UniqueConstraint("author_id", "place_key", "content_hash"),
        Index("ix_hygiene_events_occurred_at", "occurred_at"),
        Index("ix_hygiene_events_place_key_message_id", "place_key", "message_id"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    place_key: Mapped[str] = mapped_column(String(PLACE_LENGTH))
    place_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    conversation_type: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str | None] = mapped_column(String(PLACE_LENGTH))
    message_id: Mapped[str | None] = mapped_column(String(MESSAGE_ID_LENGTH))
    author_id: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    entity_types: Mapped[str] = mapped_column(String(ENTITY_TYPES_LENGTH))
    content_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    fixed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    feedback: Mapped[str | None] = mapped_column(String(FEEDBACK_LENGTH))
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    breach_reference: Mapped[str | None] = mapped_column(String(REFERENCE_LENGTH))


class PlaceNameRow(Base):
    """A channel's or group chat's name as people know it ("Adults – Rota").

    Learned from Teams (channel events and the team's channel list); the organisation
    file's ``[place_names]`` overrides it. Names of places are not personal data.
    """

    __tablename__ = "place_names"

    place_key: Mapped[str] = mapped_column(String(PLACE_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
