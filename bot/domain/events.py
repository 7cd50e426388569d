"""Append-only change records: every transition of a breach produces one event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias

from bot.domain.values import Actor

JSONValue: TypeAlias = (
    "str | int | float | bool | Sequence[JSONValue] | Mapping[str, JSONValue] | None"
)
"""A value that survives ``json.dumps``/``json.loads`` unchanged."""


class EventKind(StrEnum):
    """What happened to a breach."""

    CREATED = "created"
    DRAFT_UPDATED = "draft_updated"
    REPORTED = "reported"
    ABANDONED = "abandoned"
    REPORT_COMPLETED = "report_completed"
    ACKNOWLEDGED = "acknowledged"
    HANDED_OVER = "handed_over"
    ACTION_RECORDED = "action_recorded"
    ACTION_COMPLETED = "action_completed"
    MARKED_HIGH_RISK = "marked_high_risk"
    SIRO_NOTIFIED = "siro_notified"
    ICO_DECISION = "ico_decision"
    INDIVIDUALS_INFORMED = "individuals_informed"
    INDIVIDUALS_NOT_INFORMED = "individuals_not_informed"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVED = "approved"
    SENT_BACK = "sent_back"
    ASSESSED = "assessed"
    INVESTIGATED = "investigated"
    CLOSED = "closed"
    REOPENED = "reopened"


@dataclass(frozen=True, slots=True)
class BreachEvent:
    """One change to a breach: who, when, what.

    ``data`` holds only values that carry no personal data about clients (states,
    enums, counts, ISO timestamps, sign-in names of staff). Free text that may hold
    personal data (descriptions, locations, notes, reasons) goes in ``private`` so the
    register can encrypt it at rest; both parts belong to the audit record.

    Attributes:
        kind: What happened.
        actor: Who did it (``SYSTEM_ACTOR`` for CareGuard itself).
        at: When, timezone-aware UTC.
        data: JSON-safe details without free text.
        private: Free-text details, keyed by field name.
    """

    kind: EventKind
    actor: Actor
    at: datetime
    data: dict[str, JSONValue] = field(default_factory=dict)
    private: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, JSONValue]:
        """A JSON-safe dictionary of the whole event (including the private part)."""
        return {
            "kind": self.kind.value,
            "actor": {"upn": self.actor.upn, "name": self.actor.name},
            "at": self.at.isoformat(),
            "data": dict(self.data),
            "private": dict(self.private),
        }
