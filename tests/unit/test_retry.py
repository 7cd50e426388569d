"""The one retry policy (bot.retry) that the Bot Connector and WhatsApp clients share."""

from __future__ import annotations

import pytest

from bot.retry import RetryPolicy, TryAgain, retrying


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


async def test_retries_double_and_follow_retry_after_then_give_up() -> None:
    sleeps = Sleeps()
    tries: list[int] = []

    async def attempt() -> str:
        tries.append(len(tries) + 1)
        raise TryAgain(503, retry_after=7.0 if len(tries) == 2 else None)

    policy = RetryPolicy(attempts=4, base_delay=1.0, max_delay=5.0, jitter=False)
    with pytest.raises(TryAgain) as failed:
        await retrying(policy, attempt, sleep=sleeps)
    assert tries == [1, 2, 3, 4]
    assert sleeps == [1.0, 5.0, 4.0]  # Retry-After 7 s capped at the 5 s maximum
    assert failed.value.status == 503


async def test_success_after_a_retry_and_other_errors_end_at_once() -> None:
    sleeps = Sleeps()
    calls: list[str] = []

    async def flaky() -> str:
        calls.append("x")
        if len(calls) == 1:
            raise TryAgain(429, retry_after=0.2)
        return "sent"

    assert await retrying(RetryPolicy(), flaky, sleep=sleeps) == "sent"
    assert sleeps == [0.2]

    async def rejected() -> str:
        raise ValueError("a 4xx: no retry changes it")

    with pytest.raises(ValueError, match="4xx"):
        await retrying(RetryPolicy(), rejected, sleep=sleeps)
    assert sleeps == [0.2]


def test_jitter_keeps_each_wait_in_the_upper_half() -> None:
    policy = RetryPolicy(base_delay=2.0, max_delay=30.0)
    waits = [policy.backoff(3, None) for _ in range(200)]
    assert all(4.0 <= w <= 8.0 for w in waits)
    assert len(set(waits)) > 1
