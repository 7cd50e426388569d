"""Message ids are handled once within the window; older messages are stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.whatsapp.dedupe import MessageDeduper


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_an_id_is_new_once() -> None:
    d = MessageDeduper(clock=Clock())
    assert d.first_time("wamid.1")
    assert not d.first_time("wamid.1")
    assert d.first_time("wamid.2")


def test_ids_expire_after_the_window() -> None:
    clock = Clock()
    d = MessageDeduper(ttl=timedelta(hours=1), clock=clock)
    assert d.first_time("wamid.1")
    clock.now += timedelta(minutes=59)
    assert not d.first_time("wamid.1")
    clock.now += timedelta(hours=2)
    assert d.first_time("wamid.1")


def test_messages_older_than_the_window_are_stale() -> None:
    clock = Clock()
    d = MessageDeduper(ttl=timedelta(days=8), clock=clock)
    assert not d.is_stale(clock.now - timedelta(days=7))
    assert d.is_stale(clock.now - timedelta(days=9))


def test_memory_is_bounded_oldest_first() -> None:
    d = MessageDeduper(capacity=2, clock=Clock())
    for i in range(3):
        assert d.first_time(f"wamid.{i}")
    assert len(d) == 2
    assert d.first_time("wamid.0")  # the oldest was forgotten
    assert not d.first_time("wamid.2")


def test_forget_lets_a_retry_through() -> None:
    d = MessageDeduper(clock=Clock())
    assert d.first_time("wamid.1")
    d.forget("wamid.1")
    assert d.first_time("wamid.1")


@pytest.mark.parametrize(("ttl", "capacity"), [(timedelta(0), 10), (timedelta(hours=1), 0)])
def test_nonsense_limits_are_refused(ttl: timedelta, capacity: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        MessageDeduper(ttl=ttl, capacity=capacity)
