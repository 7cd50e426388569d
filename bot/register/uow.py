"""The SQLAlchemy unit of work: one transaction per step, run in a worker thread.

``SqlUnitOfWork.run(work)`` opens one write transaction (``BEGIN IMMEDIATE`` on SQLite,
row locks on PostgreSQL), hands ``work`` the session-bound stores (``SqlTx``), and
commits when it returns; any exception rolls everything back. A step that lost a race
(``StaleStateError``) is run again from the start, a few times.

Steps are typed against the services' ``Tx`` port, which ``SqlTx`` fits structurally
(the composition root checks that with mypy); the adapter does not import the port.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.domain.clock import Clock
from bot.domain.errors import StaleStateError
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachStore
from bot.register.db import read_session, write_session
from bot.register.jobs.outbox import SqlOutbox
from bot.register.jobs.timers import SqlTimers
from bot.register.state.alerts import SqlAlerts, SqlAway
from bot.register.state.conversations import SqlActivities, SqlAudit, SqlConversations
from bot.register.state.hygiene import SqlHygiene

T = TypeVar("T")

RETRIES = 3
"""Runs of a step that keeps losing races before the error reaches the caller."""


class SqlTx:
    """The stores of one transaction (each built on first use)."""

    def __init__(self, session: Session, cipher: FieldCipher, clock: Clock) -> None:
        self.session = session
        self._cipher = cipher
        self._clock = clock

    @cached_property
    def breaches(self) -> BreachStore:
        """The breach register."""
        return BreachStore(self.session, self._cipher, self._clock)

    @cached_property
    def audit(self) -> SqlAudit:
        """RefusedError actions."""
        return SqlAudit(self.session, self._cipher, self._clock)

    @cached_property
    def alerts(self) -> SqlAlerts:
        """Breach alerts."""
        return SqlAlerts(self.session, self._cipher, self._clock)

    @cached_property
    def conversations(self) -> SqlConversations:
        """Conversations in progress."""
        return SqlConversations(self.session, self._cipher, self._clock)

    @cached_property
    def activities(self) -> SqlActivities:
        """Activity ids already handled."""
        return SqlActivities(self.session, self._clock)

    @cached_property
    def away(self) -> SqlAway:
        """Absences."""
        return SqlAway(self.session, self._clock)

    @cached_property
    def hygiene(self) -> SqlHygiene:
        """Name warnings."""
        return SqlHygiene(self.session)

    @cached_property
    def timers(self) -> SqlTimers:
        """Timers."""
        return SqlTimers(self.session, self._clock)

    @cached_property
    def outbox(self) -> SqlOutbox:
        """Messages on their way out."""
        return SqlOutbox(self.session, self._cipher, self._clock)


class SqlUnitOfWork:
    """Runs steps on the register's database.

    Args:
        engine: The register's engine.
        cipher: The register's cipher (free text and outbox content are encrypted).
        clock: Stamps rows.
        executor: Threads for the blocking database work; ``None``: the loop's default.
    """

    def __init__(
        self,
        engine: Engine,
        cipher: FieldCipher,
        clock: Clock,
        *,
        executor: Executor | None = None,
    ) -> None:
        self.engine = engine
        self._cipher = cipher
        self._clock = clock
        self._executor = executor

    def run_now(self, work: Callable[[Any], T]) -> T:
        """``run`` without the thread: for callers already off the loop (the CLI)."""
        for attempt in range(1, RETRIES + 1):
            try:
                with write_session(self.engine) as session:
                    return work(SqlTx(session, self._cipher, self._clock))
            except StaleStateError:
                if attempt == RETRIES:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def read_now(self, work: Callable[[Any], T]) -> T:
        """``read`` without the thread."""
        with read_session(self.engine) as session:
            return work(SqlTx(session, self._cipher, self._clock))

    async def run(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` in one write transaction, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.run_now, work)

    async def read(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` in one read transaction, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.read_now, work)
