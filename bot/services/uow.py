"""The unit of work: every user-visible step is one transaction, and these are its stores.

A step is a plain function ``work(tx) -> result`` that the unit of work runs off the event
loop inside one write transaction: it loads what it needs, asks the domain for the
change, and writes the change, its audit events, the messages it causes (outbox entries)
and the timers the new state implies. If ``work`` raises, nothing of it is kept and
nothing is sent. Delivery happens afterwards, from the outbox.

The SQLAlchemy adapter is ``bot.register.uow.SqlUnitOfWork``; the unit tests use an
in-memory fake. Adapters fit these Protocols structurally; they do not import them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from bot.domain.breach import Breach, BreachEvent, Transition
from bot.domain.deadlines import Timer
from bot.domain.records import (
    AlertRecord,
    AlertStatus,
    BreachSummary,
    DueWork,
    Feedback,
    HygieneEvent,
    OutboxEntry,
    OutboxItem,
    PendingWork,
    ReportSummary,
    StoredConversation,
)

T = TypeVar("T")


class BreachStore(Protocol):
    """The breach register (changes are audited and hash-chained by the adapter)."""

    def add(self, breach: Breach, events: Sequence[BreachEvent] = ...) -> Breach: ...

    def get(self, reference: str, *, for_update: bool = ...) -> Breach: ...

    def apply(self, reference: str, change: Callable[[Breach], Transition]) -> Breach: ...

    def reference_of(self, breach_id: str) -> str | None: ...

    def list_breaches(self, *, open_only: bool = ...) -> list[Breach]: ...

    def summaries(self, *, open_only: bool = ...) -> list[BreachSummary]: ...

    def history(self, reference: str) -> list[BreachEvent]: ...


class AuditLog(Protocol):
    """Audit events that are not breach transitions."""

    def refused(self, reference: str | None, actor: str, verb: str, reason: str) -> None: ...

    def checkpoint(self, at: datetime) -> str:
        """The trail's length and head, signed at ``at``: one line for the DPO to keep."""
        ...


class AlertStore(Protocol):
    """Breach alerts: card, reporter, status, escalation and history."""

    def add(self, record: AlertRecord) -> bool: ...

    def get(self, reference: str, *, for_update: bool = ...) -> AlertRecord | None: ...

    def update(
        self,
        reference: str,
        *,
        status: AlertStatus | None = ...,
        add_history: Sequence[str] = ...,
        tried: Sequence[str] | None = ...,
        asked: Sequence[str] | None = ...,
        asked_at: datetime | None = ...,
        reminded: bool | None = ...,
        posted: tuple[str, str] | None = ...,
    ) -> AlertRecord | None: ...

    def reports_of(self, reporter_id: str) -> list[ReportSummary]: ...


class ConversationStore(Protocol):
    """``/breach`` conversations in progress."""

    def load(self, key: str, *, for_update: bool = ...) -> StoredConversation | None: ...

    def unfinished(self) -> list[StoredConversation]: ...

    def save(
        self,
        key: str,
        reporter_id: str,
        data: Mapping[str, Any],
        *,
        expected_version: int | None,
        partial_reference: str | None = ...,
    ) -> int: ...

    def delete(self, key: str) -> bool: ...


class ActivityLog(Protocol):
    """Activity ids already handled (a re-delivery changes nothing)."""

    def first_time(self, key: str) -> bool: ...

    def forget(self, before: datetime) -> int: ...


class AwayStore(Protocol):
    """Who is away until when."""

    def set(self, person_key: str, until: datetime) -> None: ...

    def clear(self, person_key: str) -> bool: ...

    def map(self, now: datetime) -> dict[str, datetime]: ...


class HygieneStore(Protocol):
    """Name warnings (never message text)."""

    def record(self, event: HygieneEvent) -> bool: ...

    def seen(self, author_id: str, place_key: str, content_hash: str) -> bool: ...

    def get(self, event_id: str, *, for_update: bool = ...) -> HygieneEvent | None: ...

    def mark_fixed(self, place_key: str, message_id: str, at: datetime) -> int: ...

    def set_feedback(self, event_id: str, feedback: Feedback, at: datetime) -> bool: ...

    def set_breach(self, event_id: str, reference: str) -> None: ...

    def between(self, start: datetime, end: datetime) -> list[HygieneEvent]: ...

    def place_name(self, place_key: str) -> str | None: ...

    def name_places(self, names: Mapping[str, str], at: datetime) -> int: ...


class TimerStore(Protocol):
    """Timers of breaches and conversations."""

    def set(self, kind: str, key: str, due_at: datetime, payload: Mapping[str, Any]) -> None: ...

    def cancel(self, key: str) -> bool: ...

    def sync(self, reference: str, timers: Sequence[Timer]) -> bool: ...

    def pending(self, prefix: str = ...) -> list[DueWork]: ...

    def take_due(self, kinds: Iterable[str]) -> DueWork | None: ...

    def finish(self, key: str) -> None: ...

    def fail(self, key: str, code: str, retry_at: datetime | None) -> None: ...

    def listing(self, *, failed_only: bool) -> list[PendingWork]: ...

    def counts(self) -> dict[str, int]: ...


class OutboxStore(Protocol):
    """Messages on their way out."""

    def add(self, entry: OutboxEntry) -> bool: ...

    def claim(self, worker_id: str, *, limit: int, lease: timedelta) -> list[OutboxItem]: ...

    def delivered(self, item: OutboxItem, posted_id: str | None) -> bool: ...

    def failed(self, item: OutboxItem, code: str, retry_at: datetime | None) -> bool: ...

    def backlog(self) -> tuple[int, datetime | None]: ...

    def listing(self, *, failed_only: bool) -> list[PendingWork]: ...

    def forget_delivered(self, before: datetime) -> int: ...


class Tx(Protocol):
    """The stores of one transaction."""

    @property
    def breaches(self) -> BreachStore: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def alerts(self) -> AlertStore: ...

    @property
    def conversations(self) -> ConversationStore: ...

    @property
    def activities(self) -> ActivityLog: ...

    @property
    def away(self) -> AwayStore: ...

    @property
    def hygiene(self) -> HygieneStore: ...

    @property
    def timers(self) -> TimerStore: ...

    @property
    def outbox(self) -> OutboxStore: ...


class UnitOfWork(Protocol):
    """Runs steps, each in one transaction, off the event loop."""

    async def run(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one write transaction; commit if it returns, roll back if it raises.

        ``work`` may be run again (from the start, in a new transaction) when it raises
        ``StaleStateError`` because another step changed the same rows first.
        """
        ...

    async def read(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one read-only transaction (a consistent snapshot)."""
        ...
