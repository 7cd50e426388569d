"""Message ids are handled once within the window; older messages are stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.whatsapp.dedupe import MemorySeenIds, MessageDeduper


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_an_id_is_new_once() -> None:
    d = MessageDeduper(clock=Clock())
    assert await d.first_time("wamid.1")
    assert not await d.first_time("wamid.1")
    assert await d.first_time("wamid.2")


async def test_ids_expire_after_the_window() -> None:
    clock = Clock()
    d = MessageDeduper(ttl=timedelta(hours=1), clock=clock)
    assert await d.first_time("wamid.1")
    clock.now += timedelta(minutes=59)
    assert not await d.first_time("wamid.1")
    clock.now += timedelta(hours=2)
    assert await d.first_time("wamid.1")


def test_messages_older_than_the_window_are_stale() -> None:
    clock = Clock()
    d = MessageDeduper(ttl=timedelta(days=8), clock=clock)
    assert not d.is_stale(clock.now - timedelta(days=7))
    assert d.is_stale(clock.now - timedelta(days=9))


def test_memory_is_bounded_oldest_first() -> None:
    seen, now = MemorySeenIds(capacity=2), Clock().now
    for i in range(3):
        assert seen.first_time(f"wamid.{i}", now)
    assert len(seen) == 2
    assert seen.first_time("wamid.0", now)  # the oldest was forgotten
    assert not seen.first_time("wamid.2", now)


async def test_forget_lets_a_retry_through() -> None:
    d = MessageDeduper(clock=Clock())
    assert await d.first_time("wamid.1")
    await d.forget("wamid.1")
    assert await d.first_time("wamid.1")


class Recording:
    """A ``SeenIds`` that records the calls (stands for the database store)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, datetime | None]] = []

    def first_time(self, message_id: str, now: datetime) -> bool:
        self.calls.append(("first_time", message_id, now))
        return len(self.calls) == 1

    def forget(self, message_id: str) -> None:
        self.calls.append(("forget", message_id, None))


async def test_a_given_store_is_used_with_the_deduper_clock() -> None:
    clock, store = Clock(), Recording()
    d = MessageDeduper(store, clock=clock)
    assert await d.first_time("wamid.1")
    assert not await d.first_time("wamid.1")
    await d.forget("wamid.1")
    assert store.calls == [
        ("first_time", "wamid.1", clock.now),
        ("first_time", "wamid.1", clock.now),
        ("forget", "wamid.1", None),
    ]


@pytest.mark.parametrize(("ttl", "capacity"), [(timedelta(0), 10), (timedelta(hours=1), 0)])
def test_nonsense_limits_are_refused(ttl: timedelta, capacity: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        MemorySeenIds(ttl=ttl, capacity=capacity)
    with pytest.raises(ValueError, match="positive"):
        MessageDeduper(ttl=timedelta(0))
