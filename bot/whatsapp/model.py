"""The parsed form of a WhatsApp export: messages, layout and date order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class MessageKind(StrEnum):
    """What a parsed line is."""

    TEXT = "text"
    MEDIA = "media"
    DELETED = "deleted"
    SYSTEM = "system"


class DateOrder(StrEnum):
    """How the export writes dates."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"
    YEAR_FIRST = "year-first"


class Layout(StrEnum):
    """Which phone produced the export."""

    ANDROID = "android"
    IOS = "ios"


class ChatFormatError(ValueError):
    """The text is not a WhatsApp chat export. The message is safe to show to a user."""


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message (or system line) of an export.

    Attributes:
        timestamp: the device's local time, as written in the export (no time zone).
        sender: the name as the export writes it; ``None`` for system lines.
        text: what the sender wrote, without media/edited markers and invisible
            characters; empty for deleted messages, media without caption and system lines.
        kind: text, media, deleted or system.
        edited: the export marked the message as edited.
    """

    timestamp: datetime
    sender: str | None
    text: str
    kind: MessageKind
    edited: bool = False


@dataclass(frozen=True, slots=True)
class ParsedChat:
    """A whole export.

    Attributes:
        messages: every message and system line, in file order.
        layout: Android (``date, time - ``) or iOS (``[date, time] ``).
        date_order: the order the dates were read in.
        date_order_detected: True when the export itself proves the order (a day above
            12, or a four-digit year first); False when it was ambiguous and the UK
            default (day-first) was assumed.
    """

    messages: tuple[ChatMessage, ...]
    layout: Layout
    date_order: DateOrder
    date_order_detected: bool
