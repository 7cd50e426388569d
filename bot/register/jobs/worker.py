"""The scheduler's worker loop: claim due items, run their handlers, finish them.

Runs inside the aiohttp app's event loop (``run_worker``) or step by step in tests
(``run_once``). Database calls run in a thread so the loop keeps answering requests.

A handler is ``async def handler(item: WorkItem) -> Finaliser | None``. It may do slow or
external work (send a Teams message), then return a finaliser: a function that receives
the SQLAlchemy session of the transaction that marks the item done. Whatever the finaliser
writes is committed exactly once. A handler can run more than once for one item (its
worker crashed, or it outlived its lease), so external effects must be idempotent by
``item.key``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.register.jobs.models import WorkState
from bot.register.jobs.store import Finaliser, SchedulerStore, WorkItem, backoff_delay

log = logging.getLogger(__name__)

Handler = Callable[[WorkItem], Awaitable[Finaliser | None]]
"""Runs one work item; returns database work to commit with ``done`` (or None)."""


class PermanentError(Exception):
    """Raised by a handler when retrying cannot help; the item is failed at once.

    Args:
        code: A short error code stored with the item (no personal data).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class HandlerRegistry(Mapping[str, Handler]):
    """Handlers by work kind. A worker only claims kinds it has a handler for."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def add(self, kind: str, handler: Handler) -> None:
        """Register ``handler`` for ``kind``; registering a kind twice is a mistake."""
        if kind in self._handlers:
            raise ValueError(f"a handler for {kind!r} is already registered")
        self._handlers[kind] = handler

    def on(self, kind: str) -> Callable[[Handler], Handler]:
        """Decorator form of ``add``."""

        def register(handler: Handler) -> Handler:
            self.add(kind, handler)
            return handler

        return register

    def __getitem__(self, kind: str) -> Handler:
        return self._handlers[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._handlers)

    def __len__(self) -> int:
        return len(self._handlers)


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """How a worker claims and retries.

    Attributes:
        lease: How long a claim is exclusive; must exceed ``handler_timeout``.
        handler_timeout: A handler still running after this is cancelled and retried.
        batch_size: Items claimed per transaction.
        max_attempts: Attempts before an item is failed for good.
        backoff_base: Delay before the first retry; doubles per failure.
        backoff_cap: Longest delay between retries.
    """

    lease: timedelta = timedelta(minutes=2)
    handler_timeout: timedelta = timedelta(seconds=60)
    batch_size: int = 20
    max_attempts: int = 5
    backoff_base: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        if self.lease <= self.handler_timeout:
            raise ValueError("the lease must be longer than the handler timeout")
        if self.batch_size < 1 or self.max_attempts < 1:
            raise ValueError("batch_size and max_attempts must be at least 1")


def default_worker_id() -> str:
    """``host:pid:random``: tells an operator which instance holds a lease."""
    host = socket.gethostname()[:60] or "host"
    return f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Worker:
    """Claims and runs due work on one store.

    Args:
        store: The scheduler store.
        handlers: Handlers by kind.
        worker_id: Names this worker in ``claimed_by``; unique per process by default.
        settings: Leases, timeouts and retries.
    """

    def __init__(
        self,
        store: SchedulerStore,
        handlers: Mapping[str, Handler],
        *,
        worker_id: str | None = None,
        settings: WorkerSettings | None = None,
    ) -> None:
        self.store = store
        self.handlers = handlers
        self.worker_id = worker_id or default_worker_id()
        self.settings = settings or WorkerSettings()
        self.last_poll: datetime | None = None
        """When the worker last reached the database (for ``/readyz``); None before."""

    async def run_once(self) -> int:
        """Claim one batch of due items and run them concurrently.

        Returns:
            How many items were claimed (0 when nothing was due).
        """
        if not self.handlers:
            return 0
        s = self.settings
        items = await asyncio.to_thread(
            self.store.claim,
            self.worker_id,
            list(self.handlers),
            limit=s.batch_size,
            lease=s.lease,
            max_attempts=s.max_attempts,
        )
        self.last_poll = self.store.now()
        if items:
            await asyncio.gather(*(self._run(item) for item in items))
        return len(items)

    async def run_worker(self, stop_event: asyncio.Event, poll_interval: float = 1.0) -> None:
        """Run until ``stop_event`` is set, polling every ``poll_interval`` seconds when idle.

        A database outage is logged (error type only) and retried after the interval;
        it never ends the loop.
        """
        while not stop_event.is_set():
            try:
                claimed = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("scheduler: claim failed (%s); retrying", type(exc).__name__)
                claimed = 0
            if claimed < self.settings.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_event.wait(), timeout=poll_interval)

    async def _run(self, item: WorkItem) -> None:
        handler = self.handlers[item.kind]
        timeout = self.settings.handler_timeout.total_seconds()
        try:
            finaliser = await asyncio.wait_for(handler(item), timeout=timeout)
        except TimeoutError:
            await self._failed(item, "timeout", retry=True)
            return
        except PermanentError as exc:
            await self._failed(item, exc.code, retry=False)
            return
        except Exception as exc:
            await self._failed(item, type(exc).__name__, retry=True)
            return
        try:
            done = await asyncio.to_thread(self.store.complete, item, finaliser)
        except Exception as exc:
            # The finaliser or the database failed and the transaction was rolled back:
            # a retry like any failure (if even that cannot be recorded, the lease runs
            # out and the item is claimed again, so nothing is lost).
            await self._failed(item, type(exc).__name__, retry=True)
            return
        if not done:
            log.warning("scheduler: lease on %s was lost; another run owns it", item.key)

    async def _failed(self, item: WorkItem, code: str, *, retry: bool) -> None:
        s = self.settings
        delay = backoff_delay(item.attempt, s.backoff_base, s.backoff_cap) if retry else None
        try:
            state = await asyncio.to_thread(
                self.store.fail, item, code, retry_in=delay, max_attempts=s.max_attempts
            )
        except Exception as exc:
            log.warning(
                "scheduler: recording failure of %s failed (%s)", item.key, type(exc).__name__
            )
            return
        if state is WorkState.FAILED:
            log.error(
                "scheduler: %s failed for good after %d attempts (%s)", item.key, item.attempt, code
            )
        elif state is WorkState.PENDING:
            log.info("scheduler: %s attempt %d failed (%s); retrying", item.key, item.attempt, code)


@contextlib.asynccontextmanager
async def running(
    worker: Worker, poll_interval: float = 1.0, shutdown_timeout: float = 30.0
) -> AsyncIterator[asyncio.Task[None]]:
    """Run ``worker`` in a background task for the duration of the ``async with`` block.

    Made for an aiohttp ``cleanup_ctx``: on exit the loop is asked to stop, the batch in
    progress may finish within ``shutdown_timeout`` seconds, and is cancelled after that
    (cancelled items are claimed again once their lease ends, so nothing is lost).
    """
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run_worker(stop, poll_interval), name="scheduler-worker")
    try:
        yield task
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=shutdown_timeout)
        except TimeoutError:
            log.warning("scheduler: worker did not stop in time; cancelled")
