"""Records the services and the storage adapters exchange: plain values, no behaviour.

The services define their ports (``bot.services.uow``) in terms of these types and the
domain's own (``Breach``, ``BreachEvent``, ``Timer``); the SQLAlchemy adapters return
them, never ORM rows. Living at the bottom layer lets both sides use them without the
services importing an adapter or an adapter importing the services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.domain.values import BreachState, Service


class AlertStatus(StrEnum):
    """Where a breach alert stands, as its card shows it (defined once, used everywhere)."""

    REPORTED = "reported"
    ACKNOWLEDGED = "acknowledged"
    HIGH_RISK = "high_risk"
    HANDED_OVER = "handed_over"
    ESCALATED = "escalated"


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """A breach alert: who reported it, where its card is, its escalation and history.

    Attributes:
        reference: The breach.
        reporter_id: The reporter's front-end id (Entra object id, phone number...).
        reporter_upn: Their sign-in name when known.
        reporter_channel: The front-end they reported on (``msteams``, ``whatsapp``...).
        status: Where the alert stands.
        channel_id: Where the card was posted (``None`` until it is).
        message_id: The card's message id (``None`` until posted).
        history: What happened to the alert, oldest first (display lines).
        tried: Person keys the chain has gone to, in order (the first is whoever the
            breach was routed to); the next escalation step asks the next person.
        asked: Person keys the chain is done asking: their notice was delivered (or
            could not be, for good, which the history says).
        asked_at: When the last of those notices was delivered.
        reminded: The chain was exhausted and the owner was reminded (once).
    """

    reference: str
    reporter_id: str
    reporter_upn: str | None
    reporter_channel: str
    status: AlertStatus
    channel_id: str | None = None
    message_id: str | None = None
    history: tuple[str, ...] = ()
    tried: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    asked_at: datetime | None = None
    reminded: bool = False


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """One of a reporter's breaches as the register lists it (nothing decrypted)."""

    reference: str
    state: str
    reported_at: datetime | None
    minutes_late: int | None
    incomplete: bool


@dataclass(frozen=True, slots=True)
class StoredConversation:
    """A ``/breach`` conversation as stored: the domain's state dict, its version and links."""

    key: str
    reporter_id: str
    data: Mapping[str, Any] = field(repr=False)
    version: int
    partial_reference: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class BreachSummary:
    """What lists and statistics need of a breach, read without decrypting anything.

    Attributes mirror the plain columns of the register; ``purged`` marks a tombstone.
    """

    reference: str
    service: Service | None
    state: BreachState
    discovered_at: datetime | None
    reported_at: datetime | None
    minutes_late: int | None
    acknowledged_at: datetime | None
    assigned_to: str | None
    high_risk: bool | None
    category: str | None
    ico_deadline: datetime | None
    ico_notified: bool | None
    open_actions: int
    incomplete: bool
    closed_at: datetime | None
    purged: bool
    ico_decided_at: datetime | None = None


class Feedback(StrEnum):
    """What the author answered on a name-warning card."""

    EDITED = "edited"
    NOT_CLIENT_DATA = "not_client_data"


@dataclass(frozen=True, slots=True)
class HygieneEvent:
    """One private name warning, as stored (never the message text).

    Attributes:
        id: Opaque id (the warning card's buttons send it back).
        place_key: The Teams channel id, or the conversation id of a group chat.
        place_name: A display name for the place, e.g. ``"Adults – Rota"``.
        conversation_type: ``"channel"`` or ``"groupChat"``.
        team_id: The team, for channel messages.
        message_id: The front-end's id of the flagged message (edits carry it too).
        author_id: The author's Entra object id.
        occurred_at: When the warning was given (UTC).
        entity_types: Detector entity types found, e.g. ``("PERSON", "UK_NHS")``.
        content_hash: HMAC-SHA256 of the message (hex); never the message itself.
        fixed_at: When an edit of the message scanned clean.
        feedback: The author's answer on the card, if any.
        feedback_at: When they answered.
        breach_reference: The register reference when a DPO recorded it as a breach.
    """

    id: str
    place_key: str
    place_name: str
    conversation_type: str
    team_id: str | None
    message_id: str | None
    author_id: str
    occurred_at: datetime
    entity_types: tuple[str, ...]
    content_hash: str
    fixed_at: datetime | None = None
    feedback: Feedback | None = None
    feedback_at: datetime | None = None
    breach_reference: str | None = None


@dataclass(frozen=True, slots=True)
class DueWork:
    """A timer that is due, handed to its handler inside the step's transaction.

    Attributes:
        kind: Which handler runs it (a ``TimerKind`` value, or ``"abandon"``).
        key: Unique key, e.g. ``"BR-2026-0001:ico_reminder:24h"``.
        payload: JSON details (references and codes, no personal data).
        due_at: When it was due (UTC).
        attempts: Earlier failed runs.
    """

    kind: str
    key: str
    payload: Mapping[str, Any]
    due_at: datetime
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A message a step causes, written to the outbox in the step's transaction.

    Attributes:
        channel: The front-end that delivers it (``msteams``, ``whatsapp``, ``console``).
        target: Where it goes, as JSON (``{"kind": "person", ...}``; see the services).
        body: What to send, as JSON (encrypted at rest: it may quote a report).
        lane: Messages of one lane are delivered one at a time, in order.
        reference: The breach it is about, if any (kept retrying while it is open).
        key: Idempotency key: a second entry with the same key is not added.
    """

    channel: str
    target: Mapping[str, Any] = field(repr=False)
    body: Mapping[str, Any] = field(repr=False)
    lane: str
    reference: str | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """An outbox row claimed for delivery."""

    id: int
    channel: str
    target: Mapping[str, Any] = field(repr=False)
    body: Mapping[str, Any] = field(repr=False)
    lane: str
    reference: str | None
    attempts: int
    created_at: datetime
    claimed_by: str


class OutboxState(StrEnum):
    """Where an outbox row is."""

    PENDING = "pending"
    SENDING = "sending"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PendingWork:
    """A row of ``careguard jobs list``: a timer or an outbox message, without content."""

    queue: str
    id: str
    kind: str
    reference: str | None
    state: str
    attempts: int
    due_at: datetime
    created_at: datetime
    last_error: str | None
