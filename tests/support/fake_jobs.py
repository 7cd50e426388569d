"""The fake unit of work's timers and outbox (in memory)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain.clock import Clock
from bot.domain.deadlines import Timer
from bot.domain.records import (
    DueWork,
    OutboxEntry,
    OutboxItem,
    OutboxState,
    PendingWork,
)
from tests.support.fake_state import State, _Out, _Timer


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
