"""Tables of the bot's own state: conversations, processed activities, alerts, absences.

Kept in the register database so a restart or a second instance loses nothing.
``conversation_state.data`` holds the reporter's answers so far and
``breach_alerts.history`` names staff: both are encrypted with the register's key like
every other free text. The other tables hold ids, sign-in names and times.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.register.base import Base, UTCDateTime

KEY_LENGTH = 400
ID_LENGTH = 200


class ConversationStateRow(Base):
    """One ``/breach`` conversation in progress (``ConversationKey.as_text()``)."""

    __tablename__ = "conversation_state"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    reporter_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    data: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    partial_reference: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProcessedActivityRow(Base):
    """An activity id already handled (Teams re-delivers); purged after a TTL."""

    __tablename__ = "processed_activities"

    activity_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class BreachAlertRow(Base):
    """Where a breach's alert card was posted, who reported it, and its history."""

    __tablename__ = "breach_alerts"

    reference: Mapped[str] = mapped_column(String(20), primary_key=True)
    reporter_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    reporter_upn: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    reporter_channel: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    message_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    status: Mapped[str] = mapped_column(String(20))
    history: Mapped[str] = mapped_column(Text)
    tried: Mapped[str] = mapped_column(Text)
    asked: Mapped[str] = mapped_column(Text, default="[]")
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AwayRow(Base):
    """A DPO away until a time (``/away until 17:00``)."""

    __tablename__ = "away_periods"

    person_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime())
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConversationRefRow(Base):
    """A front-end's reference to a chat or channel, for proactive messages."""

    __tablename__ = "conversation_refs"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
