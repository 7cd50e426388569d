"""An in-memory unit of work: the services' ports without a database (unit tests).

Each ``run`` works on a deep copy of the state and keeps it only when the step returns,
so a step that raises leaves nothing behind, as a real transaction would. ``commits``
counts the steps that committed.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent, Transition
from bot.domain.clock import Clock
from bot.domain.deadlines import Timer
from bot.domain.errors import BreachError, BreachNotFoundError, StaleStateError
from bot.domain.records import (
    AlertRecord,
    AlertStatus,
    BreachSummary,
    DueWork,
    Feedback,
    HygieneEvent,
    OutboxEntry,
    OutboxItem,
    OutboxState,
    PendingWork,
    ReportSummary,
    StoredConversation,
)
from bot.domain.reference import format_reference, normalise_reference, reference_year

T = TypeVar("T")


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


class _Breaches:
    def __init__(self, s: State, clock: Clock) -> None:
        self.s, self.clock = s, clock

    def add(self, breach: Breach, events: Sequence[BreachEvent] = ()) -> Breach:
        if breach.reported_at is None or breach.reference is not None:
            raise BreachError("only a reported breach can be logged in the register")
        year = reference_year(breach.reported_at)
        number = self.s.counters.get(year, 0) + 1
        self.s.counters[year] = number
        stored = lifecycle.with_reference(breach, format_reference(year, number))
        assert stored.reference is not None
        self.s.breaches[stored.reference] = stored
        self.s.events[stored.reference] = list(events)
        return stored

    def get(self, reference: str, *, for_update: bool = False) -> Breach:
        canonical = normalise_reference(reference)
        if canonical not in self.s.breaches:
            raise BreachNotFoundError(canonical)
        return self.s.breaches[canonical]

    def apply(self, reference: str, change: Callable[[Breach], Transition]) -> Breach:
        transition = change(self.get(reference))
        canonical = normalise_reference(reference)
        self.s.breaches[canonical] = transition.breach
        self.s.events[canonical].append(transition.event)
        return transition.breach

    def reference_of(self, breach_id: str) -> str | None:
        return next((r for r, b in self.s.breaches.items() if b.id == breach_id), None)

    def list_breaches(self, *, open_only: bool = False) -> list[Breach]:
        return [b for b in self.s.breaches.values() if b.is_open or not open_only]

    def summaries(self, *, open_only: bool = False) -> list[BreachSummary]:
        raise NotImplementedError("the unit tests do not read summaries")

    def history(self, reference: str) -> list[BreachEvent]:
        return list(self.s.events[normalise_reference(reference)])


class _Audit:
    def __init__(self, s: State) -> None:
        self.s = s

    def refused(self, reference: str | None, actor: str, verb: str, reason: str) -> None:
        self.s.refusals.append((reference, actor, verb, reason))

    def checkpoint(self, at: datetime) -> str:
        count = sum(len(events) for events in self.s.events.values()) + len(self.s.refusals)
        return f'{{"careguard_checkpoint": 1, "count": {count}, "at": "{at.isoformat()}"}}'


class _Alerts:
    def __init__(self, s: State) -> None:
        self.s = s

    def add(self, record: AlertRecord) -> bool:
        if record.reference in self.s.alerts:
            return False
        self.s.alerts[record.reference] = record
        return True

    def get(self, reference: str, *, for_update: bool = False) -> AlertRecord | None:
        return self.s.alerts.get(reference)

    def update(
        self,
        reference: str,
        *,
        status: AlertStatus | None = None,
        add_history: Sequence[str] = (),
        tried: Sequence[str] | None = None,
        asked: Sequence[str] | None = None,
        asked_at: datetime | None = None,
        reminded: bool | None = None,
        posted: tuple[str, str] | None = None,
    ) -> AlertRecord | None:
        record = self.s.alerts.get(reference)
        if record is None:
            return None
        history = list(record.history)
        history.extend(line for line in add_history if line not in history)
        changes: dict[str, Any] = {"history": tuple(history)}
        if status is not None:
            changes["status"] = status
        if tried is not None:
            changes["tried"] = tuple(dict.fromkeys(tried))
        if asked is not None:
            changes["asked"] = tuple(dict.fromkeys(asked))
        if asked_at is not None:
            changes["asked_at"] = asked_at
        if reminded is not None:
            changes["reminded"] = reminded
        if posted is not None:
            changes["channel_id"], changes["message_id"] = posted
        self.s.alerts[reference] = replace(record, **changes)
        return self.s.alerts[reference]

    def reports_of(self, reporter_id: str) -> list[ReportSummary]:
        out = []
        for ref, record in self.s.alerts.items():
            if record.reporter_id != reporter_id:
                continue
            b = self.s.breaches[ref]
            out.append(
                ReportSummary(
                    ref, b.state.value, b.reported_at, b.report_minutes_late, b.incomplete
                )
            )
        return out


class _Conversations:
    def __init__(self, s: State, clock: Clock) -> None:
        self.s, self.clock = s, clock

    def load(self, key: str, *, for_update: bool = False) -> StoredConversation | None:
        return self.s.conversations.get(key)

    def unfinished(self) -> list[StoredConversation]:
        return list(self.s.conversations.values())

    def save(
        self,
        key: str,
        reporter_id: str,
        data: Mapping[str, Any],
        *,
        expected_version: int | None,
        partial_reference: str | None = None,
    ) -> int:
        current = self.s.conversations.get(key)
        if (current.version if current else None) != expected_version:
            raise StaleStateError("the report")
        version = (current.version if current else 0) + 1
        partial = partial_reference or (current.partial_reference if current else None)
        self.s.conversations[key] = StoredConversation(
            key, reporter_id, copy.deepcopy(dict(data)), version, partial, self.clock.now()
        )
        return version

    def delete(self, key: str) -> bool:
        return self.s.conversations.pop(key, None) is not None


class _Activities:
    def __init__(self, s: State, clock: Clock) -> None:
        self.s, self.clock = s, clock

    def first_time(self, key: str) -> bool:
        if key in self.s.activities:
            return False
        self.s.activities[key] = self.clock.now()
        return True

    def forget(self, before: datetime) -> int:
        old = [k for k, at in self.s.activities.items() if at < before]
        for k in old:
            del self.s.activities[k]
        return len(old)


class _Away:
    def __init__(self, s: State) -> None:
        self.s = s

    def set(self, person_key: str, until: datetime) -> None:
        self.s.away[person_key] = until

    def clear(self, person_key: str) -> bool:
        return self.s.away.pop(person_key, None) is not None

    def map(self, now: datetime) -> dict[str, datetime]:
        return {k: v for k, v in self.s.away.items() if v > now}


class _Hygiene:
    def __init__(self, s: State) -> None:
        self.s = s

    def record(self, event: HygieneEvent) -> bool:
        if self.seen(event.author_id, event.place_key, event.content_hash):
            return False
        self.s.hygiene[event.id] = event
        return True

    def seen(self, author_id: str, place_key: str, content_hash: str) -> bool:
        return any(
            (e.author_id, e.place_key, e.content_hash) == (author_id, place_key, content_hash)
            for e in self.s.hygiene.values()
        )

    def get(self, event_id: str, *, for_update: bool = False) -> HygieneEvent | None:
        return self.s.hygiene.get(event_id)

    def mark_fixed(self, place_key: str, message_id: str, at: datetime) -> int:
        hits = [
            e
            for e in self.s.hygiene.values()
            if e.place_key == place_key and e.message_id == message_id and e.fixed_at is None
        ]
        for e in hits:
            self.s.hygiene[e.id] = replace(e, fixed_at=at)
        return len(hits)

    def set_feedback(self, event_id: str, feedback: Feedback, at: datetime) -> bool:
        e = self.s.hygiene.get(event_id)
        if e is None:
            return False
        self.s.hygiene[event_id] = replace(e, feedback=feedback, feedback_at=at)
        return True

    def set_breach(self, event_id: str, reference: str) -> None:
        self.s.hygiene[event_id] = replace(self.s.hygiene[event_id], breach_reference=reference)

    def between(self, start: datetime, end: datetime) -> list[HygieneEvent]:
        return sorted(
            (e for e in self.s.hygiene.values() if start <= e.occurred_at <= end),
            key=lambda e: (e.occurred_at, e.id),
        )

    def place_name(self, place_key: str) -> str | None:
        return self.s.places.get(place_key)

    def name_places(self, names: Mapping[str, str], at: datetime) -> int:
        changed = {k: v for k, v in names.items() if self.s.places.get(k) != v}
        self.s.places.update(changed)
        return len(changed)


class _Timers:
    def __init__(self, s: State, clock: Clock) -> None:
        self.s, self.clock = s, clock

    def set(self, kind: str, key: str, due_at: datetime, payload: Mapping[str, Any]) -> None:
        self.s.timers[key] = _Timer(kind, key, due_at, dict(payload), created_at=self.clock.now())

    def cancel(self, key: str) -> bool:
        t = self.s.timers.get(key)
        if t is None or t.state != "pending":
            return False
        t.state = "cancelled"
        return True

    def sync(self, reference: str, timers: Sequence[Timer]) -> bool:
        needed = {f"{reference}:{t.key}": t for t in timers}
        changed = False
        for key, t in list(self.s.timers.items()):
            if not key.startswith(f"{reference}:") or t.state != "pending":
                continue
            if key not in needed:
                t.state, changed = "cancelled", True
            elif t.due_at != needed[key].due_at:
                t.due_at, changed = needed[key].due_at, True
        for key, timer in needed.items():
            known = self.s.timers.get(key)
            if known is None or known.state == "cancelled":  # new, or needed again
                payload = {"reference": reference, "timer": timer.key}
                self.s.timers[key] = _Timer(
                    timer.kind.value, key, timer.due_at, payload, created_at=self.clock.now()
                )
                changed = True
        return changed

    def pending(self, prefix: str = "") -> list[DueWork]:
        rows = [
            t for t in self.s.timers.values() if t.state == "pending" and t.key.startswith(prefix)
        ]
        rows.sort(key=lambda t: (t.due_at, t.key))
        return [DueWork(t.kind, t.key, dict(t.payload), t.due_at, t.attempts) for t in rows]

    def take_due(self, kinds: Iterable[str]) -> DueWork | None:
        wanted = set(kinds)
        due = [w for w in self.pending() if w.kind in wanted and w.due_at <= self.clock.now()]
        return due[0] if due else None

    def finish(self, key: str) -> None:
        self.s.timers[key].state = "done"

    def fail(self, key: str, code: str, retry_at: datetime | None) -> None:
        t = self.s.timers[key]
        t.attempts += 1
        t.last_error = code
        if retry_at is None:
            t.state = "failed"
        else:
            t.due_at = retry_at

    def listing(self, *, failed_only: bool) -> list[PendingWork]:
        raise NotImplementedError("the unit tests do not list timers")

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.s.timers.values():
            out[t.state] = out.get(t.state, 0) + 1
        return out


class _Outbox:
    def __init__(self, s: State, clock: Clock, ids: Iterable[int]) -> None:
        self.s, self.clock, self.ids = s, clock, iter(ids)

    def add(self, entry: OutboxEntry) -> bool:
        if entry.key is not None and any(o.entry.key == entry.key for o in self.s.outbox):
            return False
        now = self.clock.now()
        self.s.outbox.append(_Out(next(self.ids), entry, due_at=now, created_at=now))
        return True

    def claim(self, worker_id: str, *, limit: int, lease: timedelta) -> list[OutboxItem]:
        now = self.clock.now()
        live = {OutboxState.PENDING.value, OutboxState.SENDING.value}
        busy: set[str] = set()
        items = []
        for o in self.s.outbox:
            if o.state not in live or o.entry.lane in busy:
                continue
            busy.add(o.entry.lane)
            due = (o.state == "pending" and o.due_at is not None and o.due_at <= now) or (
                o.state == "sending" and o.claimed_until is not None and o.claimed_until <= now
            )
            if not due or len(items) >= limit:
                continue
            o.state, o.claimed_by, o.claimed_until = "sending", worker_id, now + lease
            o.attempts += 1
            e = o.entry
            items.append(
                OutboxItem(
                    o.id,
                    e.channel,
                    dict(e.target),
                    copy.deepcopy(dict(e.body)),
                    e.lane,
                    e.reference,
                    o.attempts,
                    o.created_at or now,
                    worker_id,
                )
            )
        return items

    def _owned(self, item: OutboxItem) -> _Out | None:
        o = next((o for o in self.s.outbox if o.id == item.id), None)
        ok = o is not None and o.state == "sending" and o.claimed_by == item.claimed_by
        return o if ok and o is not None and o.attempts == item.attempts else None

    def delivered(self, item: OutboxItem, posted_id: str | None) -> bool:
        o = self._owned(item)
        if o is None:
            return False
        o.state, o.posted_id, o.last_error = "done", posted_id, None
        return True

    def failed(self, item: OutboxItem, code: str, retry_at: datetime | None) -> bool:
        o = self._owned(item)
        if o is None:
            return False
        o.last_error = code
        o.state = "failed" if retry_at is None else "pending"
        o.due_at = retry_at or o.due_at
        return True

    def backlog(self) -> tuple[int, datetime | None]:
        live = [o for o in self.s.outbox if o.state in ("pending", "sending")]
        return len(live), min((o.created_at for o in live if o.created_at), default=None)

    def listing(self, *, failed_only: bool) -> list[PendingWork]:
        raise NotImplementedError("the unit tests do not list the outbox")

    def forget_delivered(self, before: datetime) -> int:
        return 0


class FakeTx:
    """The stores of one fake transaction."""

    def __init__(self, s: State, clock: Clock, ids: Iterable[int]) -> None:
        self.breaches = _Breaches(s, clock)
        self.audit = _Audit(s)
        self.alerts = _Alerts(s)
        self.conversations = _Conversations(s, clock)
        self.activities = _Activities(s, clock)
        self.away = _Away(s)
        self.hygiene = _Hygiene(s)
        self.timers = _Timers(s, clock)
        self.outbox = _Outbox(s, clock, ids)


class FakeUnitOfWork:
    """Runs steps against in-memory state (see the module docstring)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.state = State()
        self.commits = 0
        self.rollbacks = 0
        self._ids = itertools.count(1)

    def run_now(self, work: Callable[[Any], T]) -> T:
        for attempt in range(3):
            draft = copy.deepcopy(self.state)
            try:
                result = work(FakeTx(draft, self.clock, self._ids))
            except StaleStateError:
                self.rollbacks += 1
                if attempt == 2:
                    raise
                continue
            except BaseException:
                self.rollbacks += 1
                raise
            self.state = draft
            self.commits += 1
            return result
        raise AssertionError("unreachable")

    async def run(self, work: Callable[[Any], T]) -> T:
        return self.run_now(work)

    async def read(self, work: Callable[[Any], T]) -> T:
        return work(FakeTx(copy.deepcopy(self.state), self.clock, self._ids))


def fields_of(record: Any) -> dict[str, Any]:
    """A record as a dict (for readable assertions)."""
    return dataclasses.asdict(record)
