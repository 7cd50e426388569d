"""Worker processes for the concurrency tests (top-level so ``spawn`` can import them).

Each process builds its own engine, unit of work and worker on the shared database, as a
second server instance would. Effects go to ``test_fired``: a timer handler writes its
row in the timer's own transaction; the outbox notifier writes one row per send, in a
transaction of its own, as a real send would happen outside the outbox's transactions.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, insert

from bot.domain.clock import SystemClock
from bot.domain.records import DueWork
from bot.register.db import make_engine
from bot.services.delivery import DeliverySettings, OutboxWorker
from bot.services.deps import BotDeps
from bot.services.messages import Outgoing, PostedRef, plain_text
from bot.services.scheduler import TimerWorker
from tests.integration.scheduler.conftest import EFFECTS, make_deps

KIND = "escalation"


def timer_worker(deps: BotDeps, name: str, ran: list[str], *, hang: Any = None) -> TimerWorker:
    """A worker whose handler records its effect (or, with ``hang``, signals and hangs)."""

    def fire(tx: Any, d: BotDeps, work: DueWork) -> None:
        if hang is not None:
            hang.set()
            time.sleep(3600)  # holds the timer's row (and transaction) until killed
        ran.append(work.key)
        tx.session.execute(insert(EFFECTS).values(key=work.key, worker=name))

    return TimerWorker(deps, {KIND: fire})


def fire_timers(url: str, key: bytes, name: str, barrier: Any, results: Any) -> None:
    """Wait for the other workers, then fire timers until none is pending."""
    engine = make_engine(url)
    deps = make_deps(engine, key, SystemClock())
    ran: list[str] = []
    worker = timer_worker(deps, name, ran)
    uow: Any = deps.uow

    async def loop() -> None:
        while True:
            if await worker.run_once() == 0:
                if not uow.read_now(lambda tx: tx.timers.pending()):
                    return
                await asyncio.sleep(0.01)

    barrier.wait(timeout=60)
    asyncio.run(loop())
    engine.dispose()
    results.put((name, ran))


def take_timer_then_hang(url: str, key: bytes, started: Any) -> None:
    """Take the due timer, signal, then hang inside its transaction until killed."""
    engine = make_engine(url)
    deps = make_deps(engine, key, SystemClock())
    asyncio.run(timer_worker(deps, "doomed", [], hang=started).run_once())


class RecordingNotifier:
    """Sends by writing a row to ``test_fired`` (key: the message text)."""

    def __init__(self, engine: Engine, name: str, *, hang: Any = None) -> None:
        self.engine, self.name, self.hang = engine, name, hang
        self.sent: list[str] = []

    def _send(self, message: Outgoing) -> PostedRef:
        if self.hang is not None:
            self.hang.set()
            time.sleep(3600)  # the process is about to be killed mid-send
        text = plain_text(message)
        with self.engine.begin() as conn:
            conn.execute(insert(EFFECTS).values(key=text, worker=self.name))
        self.sent.append(text)
        return PostedRef("dm", f"{self.name}-{len(self.sent)}")

    async def to_person(self, person: Any, message: Outgoing) -> PostedRef:
        return self._send(message)

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        return self._send(message)

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef:
        return self._send(message)

    async def update(self, ref: PostedRef, message: Outgoing) -> None:
        self._send(message)


def outbox_worker(
    engine: Engine, key: bytes, name: str, lease: timedelta, clock: Any = None, hang: Any = None
) -> tuple[OutboxWorker, RecordingNotifier]:
    deps = make_deps(engine, key, clock or SystemClock())
    notifier = RecordingNotifier(engine, name, hang=hang)
    settings = DeliverySettings(batch=10, lease=lease)
    return OutboxWorker(deps, {"msteams": notifier}, settings), notifier


def deliver(url: str, key: bytes, name: str, barrier: Any, results: Any) -> None:
    """Wait for the other workers, then deliver until the outbox is empty."""
    engine = make_engine(url)
    worker, notifier = outbox_worker(engine, key, name, timedelta(minutes=5))
    uow: Any = worker.deps.uow

    async def loop() -> None:
        while True:
            if await worker.run_once() == 0:
                if uow.read_now(lambda tx: tx.outbox.backlog())[0] == 0:
                    return
                await asyncio.sleep(0.01)

    barrier.wait(timeout=60)
    asyncio.run(loop())
    engine.dispose()
    results.put((name, notifier.sent))


def claim_then_hang(url: str, key: bytes, lease_seconds: float, started: Any) -> None:
    """Claim the message with a short lease, signal, then hang in the send until killed."""
    engine = make_engine(url)
    lease = timedelta(seconds=lease_seconds)
    worker, _ = outbox_worker(engine, key, "doomed", lease, hang=started)
    asyncio.run(worker.run_once())
