"""The fake unit of work's state and its register and bot-state stores (in memory)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent, Transition
from bot.domain.clock import Clock
from bot.domain.errors import BreachError, BreachNotFoundError, StaleStateError
from bot.domain.records import (
    AlertRecord,
    AlertStatus,
    BreachSummary,
    Feedback,
    HygieneEvent,
    ReportSummary,
    StoredConversation,
)
from bot.domain.reference import format_reference, normalise_reference, reference_year
from tests.support.fake_state import State


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
