"""Per-conversation send limits: Teams throttles a bot per conversation.

Teams allows a bot about 7 messages per second and 60 per 30 seconds in one
conversation; going faster earns HTTP 429s. A small async sliding-window limiter per
conversation keeps us under both without a dependency (the rules are two lines; the
libraries that exist are either synchronous or global rather than keyed).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TEAMS_LIMITS: tuple[tuple[int, float], ...] = ((7, 1.0), (60, 30.0))
"""(sends, seconds) windows Teams enforces per bot and conversation."""


@dataclass
class _Window:
    sends: deque[float]
    lock: asyncio.Lock


class ConversationLimiter:
    """Waits before a send so no conversation goes over any of the windows.

    Args:
        limits: ``(count, seconds)`` pairs; every one must hold.
        now: Monotonic time source (tests pass a fake one).
        sleep: The sleep used to wait (tests pass a fake one).
        max_conversations: How many conversations are tracked (oldest forgotten first).
    """

    def __init__(
        self,
        limits: Sequence[tuple[int, float]] = TEAMS_LIMITS,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
        max_conversations: int = 10_000,
    ) -> None:
        self._limits = tuple(limits)
        self._keep = max(count for count, _ in self._limits)
        self._now = now
        self._sleep = sleep or asyncio.sleep
        self._max = max_conversations
        self._windows: OrderedDict[str, _Window] = OrderedDict()

    def _window(self, conversation_id: str) -> _Window:
        window = self._windows.get(conversation_id)
        if window is None:
            window = _Window(deque(maxlen=self._keep), asyncio.Lock())
            self._windows[conversation_id] = window
            while len(self._windows) > self._max:
                self._windows.popitem(last=False)
        self._windows.move_to_end(conversation_id)
        return window

    def _wait_needed(self, sends: deque[float], now: float) -> float:
        wait = 0.0
        for count, seconds in self._limits:
            if len(sends) >= count:
                oldest_in_window = sends[-count]
                wait = max(wait, oldest_in_window + seconds - now)
        return wait

    async def acquire(self, conversation_id: str) -> float:
        """Wait until a send to ``conversation_id`` is allowed; returns seconds waited."""
        window = self._window(conversation_id)
        waited = 0.0
        async with window.lock:
            while True:
                now = self._now()
                wait = self._wait_needed(window.sends, now)
                if wait <= 0:
                    window.sends.append(now)
                    return waited
                waited += wait
                result = self._sleep(wait)
                if asyncio.iscoroutine(result):
                    await result
