"""Worker processes for the concurrency tests (top-level so ``spawn`` can import them)."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bot.register.db import make_engine
from bot.register.jobs.models import WorkState
from bot.register.jobs.store import SchedulerStore, WorkItem
from bot.register.jobs.worker import Finaliser, HandlerRegistry, Worker, WorkerSettings
from tests.integration.scheduler.conftest import EFFECTS

KIND = "test-fire"


def _worker(store: SchedulerStore, name: str, ran: list[str], lease: timedelta) -> Worker:
    handlers = HandlerRegistry()

    @handlers.on(KIND)
    async def fire(item: WorkItem) -> Finaliser:
        ran.append(item.key)

        def finalise(session: Session) -> None:
            session.execute(insert(EFFECTS).values(key=item.key, worker=name))

        return finalise

    settings = WorkerSettings(lease=lease, handler_timeout=timedelta(seconds=10), batch_size=25)
    return Worker(store, handlers, worker_id=name, settings=settings)


def drain(url: str, name: str, barrier: Any, results: Any) -> None:
    """Wait for the other workers, then run until nothing is pending or claimed."""
    engine = make_engine(url)
    store = SchedulerStore(engine)
    ran: list[str] = []
    worker = _worker(store, name, ran, timedelta(seconds=60))

    async def loop() -> None:
        while True:
            if await worker.run_once() == 0:
                counts = store.counts()
                if counts[WorkState.PENDING] + counts[WorkState.CLAIMED] == 0:
                    return
                await asyncio.sleep(0.01)

    barrier.wait(timeout=60)
    asyncio.run(loop())
    engine.dispose()
    results.put((name, ran))


def claim_then_hang(url: str, started: Any) -> None:
    """Claim with a short lease, signal, then hang in the handler until killed."""
    engine = make_engine(url)
    store = SchedulerStore(engine)
    handlers = HandlerRegistry()

    @handlers.on(KIND)
    async def hang(item: WorkItem) -> None:
        started.set()
        time.sleep(3600)  # noqa: ASYNC251 -- blocks on purpose: the process is about to be killed

    settings = WorkerSettings(lease=timedelta(seconds=2), handler_timeout=timedelta(seconds=1))
    asyncio.run(Worker(store, handlers, worker_id="doomed", settings=settings).run_once())
