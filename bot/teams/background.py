"""Work that runs after the HTTP answer: a task set and a short-lived de-duplication memory."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any, Literal

log = logging.getLogger(__name__)


Outcome = Literal["done", "failed", "later"]
"""How work started with ``Background.within`` stood when the wait ended."""


def incident_id() -> str:
    """A short id to quote in a user-facing apology and find in the logs."""
    return uuid.uuid4().hex[:10]


class Background:
    """Runs coroutines after the request was answered; failures are logged, never raised.

    Args:
        limit: At most this many run at once; the rest wait their turn (a burst of
            channel messages must not start thousands of detector scans together).
    """

    def __init__(self, limit: int = 64) -> None:
        self._tasks: set[asyncio.Task[bool]] = set()
        self._slots = asyncio.Semaphore(limit)
        self._queues: dict[str, asyncio.Lock] = {}

    async def within(
        self, what: str, work: Coroutine[Any, Any, None], *, key: str | None, budget: float
    ) -> Outcome:
        """Start ``work`` like ``start`` and wait for it at most ``budget`` seconds.

        Returns:
            ``"done"`` when it finished in time (its step committed before the HTTP answer,
            so a crash after that loses nothing); ``"failed"`` when it raised (logged; it
            did nothing, so the sender should try again); ``"later"`` when it goes on in
            the background.
        """
        task = self.start(what, work, key=key)
        done, _pending = await asyncio.wait({task}, timeout=budget)
        if task not in done:
            return "later"
        return "done" if not task.cancelled() and task.result() else "failed"

    def start(
        self, what: str, work: Coroutine[Any, Any, None], *, key: str | None = None
    ) -> asyncio.Task[bool]:
        """Run ``work`` in the background.

        Args:
            what: Names the work in logs.
            work: The coroutine.
            key: Work with the same key runs one at a time, in the order started (the
                turns of one conversation must not overtake each other).
        """
        task = asyncio.get_running_loop().create_task(self._guarded(what, work, key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # A task cancelled before it ran never awaited ``work``: close it quietly.
        task.add_done_callback(lambda _task: work.close())
        return task

    async def _guarded(self, what: str, work: Coroutine[Any, Any, None], key: str | None) -> bool:
        queue = self._queues.setdefault(key, asyncio.Lock()) if key is not None else None
        try:
            if queue is not None:
                await queue.acquire()  # asyncio locks wake waiters first come, first served
            try:
                async with self._slots:
                    await work
            finally:
                if queue is not None:
                    queue.release()
                    if not queue.locked() and self._queues.get(key or "") is queue:
                        self._forget_if_idle(key or "", queue)
        except asyncio.CancelledError:
            work.close()  # cancelled before it started: say so to Python, not to the user
            raise
        except Exception as exc:  # one failed turn must not take anything else down
            log.error("%s failed: %s (incident %s)", what, type(exc).__name__, incident_id())
            return False
        return True

    def _forget_if_idle(self, key: str, queue: asyncio.Lock) -> None:
        waiting = getattr(queue, "_waiters", None)
        if not waiting:
            del self._queues[key]

    @property
    def pending(self) -> int:
        """How many tasks are running or waiting."""
        return len(self._tasks)

    async def drain(self, seconds: float = 10.0) -> None:
        """Wait for running work (at shutdown, and in tests); cancel what is left."""
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(set(self._tasks), timeout=seconds)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


class SeenIds:
    """Remembers activity ids for a while: Teams re-delivers after about 15 s.

    Args:
        ttl: Seconds an id is remembered.
        size: At most this many ids (oldest forgotten first).
        now: Monotonic clock (injected in tests).
    """

    def __init__(
        self, ttl: float = 3600.0, size: int = 100_000, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl
        self._size = size
        self._now = now
        self._seen: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._seen:
            key, (at, _) = next(iter(self._seen.items()))
            if now - at < self._ttl and len(self._seen) <= self._size:
                break
            del self._seen[key]

    def first_time(self, key: str, value: Any = None) -> tuple[bool, Any]:
        """Record ``key``; returns (True, value) the first time, else (False, stored value)."""
        now = self._now()
        self._expire(now)
        if key in self._seen:
            return False, self._seen[key][1]
        self._seen[key] = (now, value)
        return True, value

    def set(self, key: str, value: Any) -> None:
        """Replace the value stored for a key already seen."""
        if key in self._seen:
            self._seen[key] = (self._seen[key][0], value)

    def forget(self, key: str) -> None:
        """Forget ``key``: its work failed, and the next delivery must be handled again."""
        self._seen.pop(key, None)
