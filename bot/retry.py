"""One retry policy for the outside services the bot calls (Bot Connector, WhatsApp Cloud API).

Built on tenacity: an attempt that may be repeated raises :class:`TryAgain` (with the
server's ``Retry-After`` when it sent one); anything else it raises ends the tries. The
waits double from ``base_delay`` (with jitter, so instances do not retry in step), never
exceed ``max_delay``, and follow ``Retry-After`` when given. After ``attempts`` tries the
last :class:`TryAgain` is raised for the caller to turn into its own error.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try.

    Attributes:
        attempts: Tries in total, the first included.
        base_delay: First backoff in seconds (doubled each time, with jitter).
        max_delay: No single wait is longer than this, Retry-After included.
        timeout: Seconds for one HTTP call, connection to last byte.
        jitter: Spread each wait over its upper half (instances sharing a service).
    """

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    timeout: float = 10.0
    jitter: bool = True

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before try ``attempt + 1`` (``attempt`` counts from 1)."""
        if retry_after is not None:
            return float(min(max(retry_after, 0.0), self.max_delay))
        ceiling = self.base_delay * (1 << max(attempt - 1, 0))
        if not self.jitter:
            return min(ceiling, self.max_delay)
        return min(ceiling / 2 + random.uniform(0, ceiling / 2), self.max_delay)


class TryAgain(Exception):  # noqa: N818 - an instruction, not an error
    """The attempt failed in a way another attempt may fix.

    Attributes:
        status: The HTTP status, or 0 when no answer came.
        retry_after: Seconds the server asked us to wait, if it said.
        code: The service's own error code, if it gave one.
    """

    def __init__(self, status: int = 0, retry_after: float | None = None, code: int | None = None):
        super().__init__(f"HTTP {status or 'no answer'}")
        self.status = status
        self.retry_after = retry_after
        self.code = code


async def retrying(
    policy: RetryPolicy,
    attempt: Callable[[], Awaitable[T]],
    *,
    sleep: Callable[[float], Awaitable[None]],
    before_wait: Callable[[int, float, TryAgain], None] | None = None,
) -> T:
    """Run ``attempt`` until it returns, raises something else, or the tries run out.

    Raises:
        TryAgain: the last attempt's, when every try asked for another.
    """

    def wait(state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome is not None else None
        retry_after = failure.retry_after if isinstance(failure, TryAgain) else None
        delay = policy.backoff(state.attempt_number, retry_after)
        if before_wait is not None and isinstance(failure, TryAgain):
            before_wait(state.attempt_number, delay, failure)
        return delay

    retryer = AsyncRetrying(
        stop=stop_after_attempt(max(policy.attempts, 1)),
        wait=wait,
        retry=retry_if_exception_type(TryAgain),
        sleep=sleep,
        reraise=True,
    )
    return await retryer(attempt)
