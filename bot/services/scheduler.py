"""The timer worker: fires due timers, each in the one transaction of its handler's changes.

A handler is ``handler(tx, deps, work)``: plain database work in the step's transaction
(messages go to the outbox). The worker takes the oldest due timer under a row lock, runs
its handler and marks it done in the same transaction, so a timer fires once even with
several instances, and a crash leaves it pending. A handler that raises is rolled back
and tried again later (30 s, doubling, at most 10 minutes apart; a bad payload is failed
at once). Housekeeping (forgetting old activity ids and delivered outbox rows, and the
register's daily checkpoint post, ``anchor.py``) runs every ten minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.domain.deadlines import TimerKind
from bot.domain.records import DueWork
from bot.services import abandon, anchor, escalation
from bot.services.deps import BotDeps
from bot.services.escalation import TimerPayloadError
from bot.services.uow import Tx

log = logging.getLogger(__name__)

Handler = Callable[[Tx, BotDeps, DueWork], None]

HANDLERS: Mapping[str, Handler] = {
    TimerKind.ESCALATION.value: escalation.escalate,
    TimerKind.ICO_REMINDER.value: escalation.ico_reminder,
    TimerKind.ICO_DEADLINE.value: escalation.ico_deadline,
    TimerKind.ABANDON.value: abandon.abandoned,
}
"""Every timer kind the bot schedules, and what fires it."""

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(minutes=10)
MAX_ATTEMPTS = 20
HOUSEKEEPING_EVERY = timedelta(minutes=10)
DELIVERED_KEPT = timedelta(days=8)


class TimerWorker:
    """Fires due timers (see the module docstring).

    Args:
        deps: The bot's shared parts.
        handlers: Timer kind → handler; the bot's own by default.
        on_commit: Called after a timer's step committed (the outbox worker's ``kick``).
    """

    def __init__(
        self,
        deps: BotDeps,
        handlers: Mapping[str, Handler] | None = None,
        *,
        on_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self.deps = deps
        self.handlers = dict(handlers or HANDLERS)
        self.on_commit = on_commit
        self._last_housekeeping: datetime | None = None

    async def fire_one(self) -> bool:
        """Fire the oldest due timer; False when none is due."""
        taken: list[DueWork] = []

        def step(tx: Tx) -> bool:
            taken.clear()
            work = tx.timers.take_due(self.handlers)
            if work is None:
                return False
            taken.append(work)
            self.handlers[work.kind](tx, self.deps, work)
            tx.timers.finish(work.key)
            return True

        try:
            fired = await self.deps.uow.run(step)
        except Exception as exc:
            if not taken:
                raise
            await self._failed(taken[0], exc)
            return True
        if fired:
            self.on_commit()
        return fired

    async def run_once(self, limit: int = 50) -> int:
        """Fire due timers one by one (at most ``limit``); returns how many fired."""
        await self._housekeeping()
        fired = 0
        while fired < limit and await self.fire_one():
            fired += 1
        return fired

    async def run(self, stop: asyncio.Event, poll: float = 1.0) -> None:
        """Fire timers until ``stop`` is set; a database outage is logged and retried."""
        while not stop.is_set():
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("timers: round failed (%s); retrying", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=poll)

    async def _failed(self, work: DueWork, exc: Exception) -> None:
        code = "bad_payload" if isinstance(exc, TimerPayloadError) else type(exc).__name__
        attempts = work.attempts + 1
        delay = min(FIRST_RETRY * (2 ** (attempts - 1)), MAX_RETRY)
        give_up = isinstance(exc, TimerPayloadError) or attempts >= MAX_ATTEMPTS
        retry_at = None if give_up else self.deps.now() + delay
        log.error("timers: %s failed (%s, attempt %d)", work.key, code, attempts)
        await self.deps.uow.run(lambda tx: tx.timers.fail(work.key, code, retry_at))

    async def _housekeeping(self) -> None:
        now = self.deps.now()
        last = self._last_housekeeping
        if last is not None and now - last < HOUSEKEEPING_EVERY:
            return
        self._last_housekeeping = now
        ttl = self.deps.config.dedupe_ttl

        def tidy(tx: Tx) -> None:
            tx.activities.forget(now - ttl)
            tx.outbox.forget_delivered(now - DELIVERED_KEPT)

        await self.deps.uow.run(tidy)
        try:
            posted = await self.deps.uow.run(lambda tx: anchor.post_checkpoint(tx, self.deps, now))
        except Exception as exc:
            log.error("housekeeping: register checkpoint not posted (%s)", type(exc).__name__)
            return
        if posted:
            self.on_commit()
