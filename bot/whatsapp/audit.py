"""Audit a parsed export: scan every message, count, and keep masked excerpts only.

The scanner is a port (:class:`Scanner`): the CLI plugs in ``nlp.detector.Detector``,
tests plug in a fake. Nothing here keeps or returns the raw text of a flagged span.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.services.ports import FindingLike, ScanResultLike
from bot.whatsapp.masking import excerpt
from bot.whatsapp.model import ChatMessage, DateOrder, Layout, MessageKind, ParsedChat

BATCH = 256
"""Messages per ``scan_many`` call: big enough for spaCy's batching, small for progress."""


class Scanner(Protocol):
    """Scans message texts for client-identifying data (``nlp.detector.Detector`` fits)."""

    def scan_many(self, texts: Iterable[str]) -> Sequence[ScanResultLike]: ...


@dataclass(frozen=True, slots=True)
class FlaggedMessage:
    """A flagged message as the report shows it: masked, never raw."""

    timestamp: datetime
    sender: str
    entity_types: tuple[str, ...]
    excerpt: str


@dataclass(frozen=True, slots=True)
class WeekCount:
    """Messages and flagged messages in the week starting on ``week_start`` (a Monday)."""

    week_start: date
    messages: int
    flagged: int


@dataclass(frozen=True)
class AuditReport:
    """Everything the HTML and JSON reports show.

    ``by_entity_type`` counts flagged messages containing each type; ``by_sender`` maps
    the sender as named in the export to ``(messages scanned, messages flagged)``.
    """

    chat_name: str
    layout: Layout
    date_order: DateOrder
    date_order_detected: bool
    period_start: datetime | None
    period_end: datetime | None
    messages_total: int
    messages_scanned: int
    system_lines: int
    media_messages: int
    deleted_messages: int
    flagged: tuple[FlaggedMessage, ...]
    by_entity_type: dict[str, int] = field(default_factory=dict)
    by_sender: dict[str, tuple[int, int]] = field(default_factory=dict)
    weekly: tuple[WeekCount, ...] = ()

    @property
    def messages_flagged(self) -> int:
        """Number of flagged messages."""
        return len(self.flagged)


Progress = Callable[[int], object]
"""Called with the number of messages just scanned."""


def audit_chat(
    chat: ParsedChat, scanner: Scanner, *, chat_name: str, progress: Progress | None = None
) -> AuditReport:
    """Scan every message of ``chat`` and build the report.

    Args:
        chat: the parsed export.
        scanner: finds identifiers in text.
        chat_name: the export's file name; it is masked like a message before use.
        progress: told how many messages each batch scanned.
    """
    people = [m for m in chat.messages if m.kind is not MessageKind.SYSTEM]
    to_scan = [m for m in people if m.text.strip()]
    flagged = _scan_all(to_scan, scanner, progress)
    by_type = Counter(t for f in flagged for t in f.entity_types)
    sent = Counter(m.sender or "" for m in to_scan)
    hits = Counter(f.sender for f in flagged)
    kinds = Counter(m.kind for m in chat.messages)
    stamps = [m.timestamp for m in people] or [m.timestamp for m in chat.messages]
    return AuditReport(
        chat_name=_masked_name(chat_name, scanner),
        layout=chat.layout,
        date_order=chat.date_order,
        date_order_detected=chat.date_order_detected,
        period_start=min(stamps, default=None),
        period_end=max(stamps, default=None),
        messages_total=len(people),
        messages_scanned=len(to_scan),
        system_lines=kinds[MessageKind.SYSTEM],
        media_messages=kinds[MessageKind.MEDIA],
        deleted_messages=kinds[MessageKind.DELETED],
        flagged=tuple(flagged),
        by_entity_type=dict(by_type.most_common()),
        by_sender={s: (n, hits[s]) for s, n in sorted(sent.items(), key=lambda kv: -kv[1])},
        weekly=tuple(_weekly(to_scan, flagged)),
    )


def _scan_all(
    messages: list[ChatMessage], scanner: Scanner, progress: Progress | None
) -> list[FlaggedMessage]:
    """Scan in batches; keep only masked excerpts of the flagged messages.

    Each distinct text is scanned once: group chats repeat "Thanks", "On my way", ….
    """
    counts = Counter(m.text for m in messages)
    unique = list(counts)
    found: dict[str, Sequence[FindingLike]] = {}
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        results = scanner.scan_many(batch)
        if len(results) != len(batch):
            raise RuntimeError("the scanner returned a different number of results")
        for text, result in zip(batch, results, strict=True):
            if result.flagged and result.findings:
                found[text] = result.findings
        if progress is not None:
            progress(sum(counts[t] for t in batch))
    return [_flag(m, found[m.text]) for m in messages if m.text in found]


def _flag(msg: ChatMessage, findings: Sequence[FindingLike]) -> FlaggedMessage:
    spans = [(f.start, f.end, f.entity_type) for f in findings]
    types = tuple(sorted({f.entity_type for f in findings}))
    return FlaggedMessage(
        timestamp=msg.timestamp,
        sender=msg.sender or "",
        entity_types=types,
        excerpt=excerpt(msg.text, spans),
    )


def _masked_name(name: str, scanner: Scanner) -> str:
    """A chat named after a client ("WhatsApp Chat with …") must not leak into the report."""
    (result,) = scanner.scan_many([name])
    spans = [(f.start, f.end, f.entity_type) for f in result.findings]
    return excerpt(name, spans, width=len(name) + 1) if spans else name


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekly(scanned: list[ChatMessage], flagged: list[FlaggedMessage]) -> list[WeekCount]:
    """Per-week counts, with empty weeks filled in so the trend is honest."""
    if not scanned:
        return []
    msgs = Counter(_monday(m.timestamp.date()) for m in scanned)
    hits = Counter(_monday(f.timestamp.date()) for f in flagged)
    week, last = min(msgs), max(msgs)
    out: list[WeekCount] = []
    while week <= last:
        out.append(WeekCount(week, msgs[week], hits[week]))
        week += timedelta(days=7)
    return out
