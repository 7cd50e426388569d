"""What the fake unit of work holds: one in-memory copy of every table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain.breach import Breach, BreachEvent
from bot.domain.records import (
    AlertRecord,
    HygieneEvent,
    OutboxEntry,
    OutboxState,
    StoredConversation,
)


@dataclass
class _Timer:
    kind: str
    key: str
    due_at: datetime
    payload: dict[str, Any]
    state: str = "pending"
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime | None = None


@dataclass
class _Out:
    id: int
    entry: OutboxEntry
    state: str = OutboxState.PENDING.value
    attempts: int = 0
    due_at: datetime | None = None
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    last_error: str | None = None
    posted_id: str | None = None
    created_at: datetime | None = None


@dataclass
class State:
    """Everything the fake stores hold."""

    breaches: dict[str, Breach] = field(default_factory=dict)
    events: dict[str, list[BreachEvent]] = field(default_factory=dict)
    refusals: list[tuple[str | None, str, str, str]] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)
    alerts: dict[str, AlertRecord] = field(default_factory=dict)
    conversations: dict[str, StoredConversation] = field(default_factory=dict)
    activities: dict[str, datetime] = field(default_factory=dict)
    away: dict[str, datetime] = field(default_factory=dict)
    hygiene: dict[str, HygieneEvent] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    timers: dict[str, _Timer] = field(default_factory=dict)
    outbox: list[_Out] = field(default_factory=list)
