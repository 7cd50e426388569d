"""Remember which Cloud API message ids were handled, so retries and replays are ignored.

Meta retries a delivery until it gets a 200, for up to seven days, and a captured request
with its valid signature could be sent again. Ids are kept for ``ttl`` (longer than Meta's
retry window); a message older than ``ttl`` is stale and refused outright, so a replay is
caught either way. The memory is bounded by ``capacity``; the store lives in the process.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

DEFAULT_TTL = timedelta(days=8)
DEFAULT_CAPACITY = 100_000

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware (the default clock)."""
    return datetime.now(UTC)


class MessageDeduper:
    """A bounded, time-limited set of message ids."""

    def __init__(
        self,
        *,
        ttl: timedelta = DEFAULT_TTL,
        capacity: int = DEFAULT_CAPACITY,
        clock: Clock = utc_now,
    ) -> None:
        """Create an empty store.

        Args:
            ttl: how long an id is remembered; messages older than this are stale.
            capacity: most ids kept; the oldest are forgotten first.
            clock: returns the current aware datetime (injected in tests).
        """
        if capacity < 1 or ttl <= timedelta(0):
            raise ValueError("capacity and ttl must be positive")
        self._ttl = ttl
        self._capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[str, datetime] = OrderedDict()

    def is_stale(self, sent_at: datetime) -> bool:
        """True when a message sent at ``sent_at`` is older than the dedupe window."""
        return self._clock() - sent_at > self._ttl

    def first_time(self, message_id: str) -> bool:
        """Record ``message_id``; True if it was not seen within the window."""
        now = self._clock()
        self._expire(now)
        if message_id in self._seen:
            return False
        self._seen[message_id] = now
        while len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True

    def forget(self, message_id: str) -> None:
        """Drop ``message_id`` (its handling failed, so Meta's retry must get through)."""
        self._seen.pop(message_id, None)

    def __len__(self) -> int:
        return len(self._seen)

    def _expire(self, now: datetime) -> None:
        while self._seen:
            oldest_id, seen_at = next(iter(self._seen.items()))
            if now - seen_at <= self._ttl:
                break
            del self._seen[oldest_id]
