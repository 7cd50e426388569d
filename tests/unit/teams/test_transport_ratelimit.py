"""Per-conversation pacing: 7 per second and 60 per 30 seconds, on a fake clock."""

from __future__ import annotations

import asyncio

from bot.teams.ratelimit import ConversationLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def sent_times(limiter: ConversationLimiter, time: FakeTime, n: int, key: str = "c") -> list[float]:
    async def run() -> list[float]:
        times = []
        for _ in range(n):
            await limiter.acquire(key)
            times.append(time.now)
        return times

    return asyncio.run(run())


def test_seven_per_second() -> None:
    time = FakeTime()
    limiter = ConversationLimiter(now=time.clock, sleep=time.sleep)
    times = sent_times(limiter, time, 15)
    assert times[:7] == [0.0] * 7
    assert times[7] == 1.0
    for earlier, later in zip(times, times[7:], strict=False):
        assert later - earlier >= 1.0


def test_sixty_per_thirty_seconds() -> None:
    time = FakeTime()
    limiter = ConversationLimiter(now=time.clock, sleep=time.sleep)
    times = sent_times(limiter, time, 130)
    for earlier, later in zip(times, times[60:], strict=False):
        assert later - earlier >= 30.0
    for earlier, later in zip(times, times[7:], strict=False):
        assert later - earlier >= 1.0
    assert times[60] == 30.0  # no slower than the limits need


def test_conversations_do_not_share_limits() -> None:
    time = FakeTime()
    limiter = ConversationLimiter(now=time.clock, sleep=time.sleep)
    assert sent_times(limiter, time, 7, "a") == [0.0] * 7
    assert sent_times(limiter, time, 7, "b") == [0.0] * 7
    assert time.sleeps == []


def test_forgets_the_oldest_conversations() -> None:
    time = FakeTime()
    limiter = ConversationLimiter(now=time.clock, sleep=time.sleep, max_conversations=3)
    for key in "abcd":
        sent_times(limiter, time, 7, key)
    assert sent_times(limiter, time, 7, "a") == [0.0] * 7  # "a" was forgotten: fresh window
