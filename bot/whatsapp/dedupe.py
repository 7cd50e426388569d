"""Remember which Cloud API message ids were handled, so retries and replays are ignored.

Meta retries a delivery until it gets a 200, for up to seven days, and a captured request
with its valid signature could be sent again. Ids are kept for ``ttl`` (longer than Meta's
retry window); a message older than ``ttl`` is stale and refused outright, so a replay is
caught either way. Where the ids live is a port, :class:`SeenIds`: the register database
in the server (``bot.register.state.whatsapp_seen.WhatsAppSeenStore``), so a restart
forgets nothing; :class:`MemorySeenIds` where there is no database.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

DEFAULT_TTL = timedelta(days=8)
DEFAULT_CAPACITY = 100_000

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware (the default clock)."""
    return datetime.now(UTC)


class SeenIds(Protocol):
    """Where handled message ids are kept. Calls may block: they run in a worker thread."""

    def first_time(self, message_id: str, now: datetime) -> bool:
        """Record ``message_id`` as handled at ``now``; False if it already was."""
        ...

    def forget(self, message_id: str) -> None:
        """Drop ``message_id`` (its handling failed; Meta's retry must get through)."""
        ...


class MemorySeenIds:
    """A bounded, time-limited set of message ids in this process (lost on restart).

    Args:
        ttl: how long an id is remembered.
        capacity: most ids kept; the oldest are forgotten first.
    """

    def __init__(self, *, ttl: timedelta = DEFAULT_TTL, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1 or ttl <= timedelta(0):
            raise ValueError("capacity and ttl must be positive")
        self._ttl = ttl
        self._capacity = capacity
        self._seen: OrderedDict[str, datetime] = OrderedDict()
        self._lock = threading.Lock()  # calls come from worker threads

    def first_time(self, message_id: str, now: datetime) -> bool:
        """Record ``message_id``; True if it was not seen within the window."""
        with self._lock:
            self._expire(now)
            if message_id in self._seen:
                return False
            self._seen[message_id] = now
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return True

    def forget(self, message_id: str) -> None:
        """Drop ``message_id``."""
        with self._lock:
            self._seen.pop(message_id, None)

    def __len__(self) -> int:
        return len(self._seen)

    def _expire(self, now: datetime) -> None:
        while self._seen:
            oldest_id, seen_at = next(iter(self._seen.items()))
            if now - seen_at <= self._ttl:
                break
            del self._seen[oldest_id]


class MessageDeduper:
    """The webhook's replay guard: stale messages, and ids already handled.

    Args:
        seen: where handled ids are kept (default: in memory, for ``ttl``).
        ttl: messages older than this are stale.
        clock: returns the current aware datetime (injected in tests).
    """

    def __init__(
        self,
        seen: SeenIds | None = None,
        *,
        ttl: timedelta = DEFAULT_TTL,
        clock: Clock = utc_now,
    ) -> None:
        if ttl <= timedelta(0):
            raise ValueError("ttl must be positive")
        self._seen = seen if seen is not None else MemorySeenIds(ttl=ttl)
        self._ttl = ttl
        self._clock = clock

    def is_stale(self, sent_at: datetime) -> bool:
        """True when a message sent at ``sent_at`` is older than the dedupe window."""
        return self._clock() - sent_at > self._ttl

    async def first_time(self, message_id: str) -> bool:
        """Record ``message_id``; True if it was not handled within the window."""
        return await asyncio.to_thread(self._seen.first_time, message_id, self._clock())

    async def forget(self, message_id: str) -> None:
        """Drop ``message_id`` (its handling failed, so Meta's retry must get through)."""
        await asyncio.to_thread(self._seen.forget, message_id)
