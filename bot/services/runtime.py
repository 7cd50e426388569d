"""The running bot: its steps, the outbox worker and the timer worker, built once.

The composition root (``bot.app``, the console, tests) gives it the unit of work, the
detector, the organisation and the clock, then a notifier per front-end; ``start``
repairs timers a crash left behind, and ``run`` delivers and fires until stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from dataclasses import dataclass, field

from bot.domain.clock import Clock
from bot.domain.organisation import Organisation
from bot.services.bot import CareGuardBot
from bot.services.delivery import DeliverySettings, OutboxWorker
from bot.services.deps import BotConfig, BotDeps
from bot.services.hygiene import HygieneConfig, HygieneService
from bot.services.hygiene_hash import MessageHasher
from bot.services.ports import Notifier, Scanner
from bot.services.scheduler import TimerWorker
from bot.services.timers import sync_all
from bot.services.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """The bot and its two workers."""

    deps: BotDeps
    bot: CareGuardBot
    outbox: OutboxWorker
    timers: TimerWorker
    hygiene: HygieneService | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def deliver_with(self, channel: str, notifier: Notifier) -> None:
        """Deliver messages for front-end ``channel`` (``msteams``, ``whatsapp``, ...)."""
        self.outbox.notifiers[channel] = notifier

    async def start(self) -> int:
        """Repair timers left behind by a crash; returns how many breaches or reports changed."""
        changed = await self.deps.uow.run(lambda tx: sync_all(tx, self.deps))
        if changed:
            log.info("timers: repaired %d breaches or reports at start-up", changed)
        return changed

    async def settle(self, rounds: int = 50) -> None:
        """Fire what is due and deliver everything (tests and the console, step by step)."""
        for _ in range(rounds):
            fired = await self.timers.run_once()
            sent = await self.outbox.drain()
            if not fired and not sent:
                return

    @contextlib.asynccontextmanager
    async def running(self, poll: float = 1.0) -> AsyncIterator[None]:
        """Run both workers in the background for the ``async with`` block."""
        stop = asyncio.Event()
        self.tasks = [
            asyncio.create_task(self.outbox.run(stop), name="outbox"),
            asyncio.create_task(self.timers.run(stop, poll), name="timers"),
        ]
        try:
            yield
        finally:
            stop.set()
            self.outbox.kick()
            _done, pending = await asyncio.wait(self.tasks, timeout=10.0)
            for task in pending:
                task.cancel()
            self.tasks = []

    @property
    def alive(self) -> bool:
        """True while both workers run (for ``/readyz``)."""
        return bool(self.tasks) and not any(t.done() for t in self.tasks)


def build_runtime(
    *,
    organisation: Organisation,
    uow: UnitOfWork,
    scanner: Scanner,
    clock: Clock,
    hasher: MessageHasher | None = None,
    config: BotConfig | None = None,
    hygiene_config: HygieneConfig | None = None,
    delivery: DeliverySettings | None = None,
    scan_executor: Executor | None = None,
) -> Runtime:
    """Build the bot and its workers (no I/O; notifiers are added with ``deliver_with``).

    Args:
        organisation: From ``bot.settings.require_organisation``.
        uow: The unit of work (``bot.register.uow.SqlUnitOfWork`` in production).
        scanner: The detector.
        clock: The time source used everywhere.
        hasher: Keys the hashes of flagged messages; without it name warnings are off.
        config: Knobs; the defaults follow the policy.
        hygiene_config: Knobs of the name warnings.
        delivery: Knobs of the outbox worker.
        scan_executor: Where detector scans run (one thread by default).
    """
    deps = BotDeps(organisation, uow, scanner, clock, config or BotConfig())
    hygiene = (
        HygieneService(deps, hasher, config=hygiene_config, executor=scan_executor)
        if hasher is not None
        else None
    )
    outbox = OutboxWorker(deps, {}, delivery)
    bot = CareGuardBot(deps, hygiene, on_commit=outbox.kick)
    timers = TimerWorker(deps, on_commit=outbox.kick)
    return Runtime(deps, bot, outbox, timers, hygiene)
