"""An in-memory unit of work: the services' ports without a database (unit tests).

Each ``run`` works on a deep copy of the state and keeps it only when the step returns,
so a step that raises leaves nothing behind, as a real transaction would. ``commits``
counts the steps that committed.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from bot.domain.clock import Clock
from bot.domain.errors import StaleStateError
from tests.support.fake_jobs import _Outbox, _Timers
from tests.support.fake_state import State
from tests.support.fake_stores import (
    _Activities,
    _Alerts,
    _Audit,
    _Away,
    _Breaches,
    _Conversations,
    _Hygiene,
)

T = TypeVar("T")

__all__ = ["FakeTx", "FakeUnitOfWork", "State", "fields_of"]


class FakeTx:
    """The stores of one fake transaction."""

    def __init__(self, s: State, clock: Clock, ids: Iterable[int]) -> None:
        self.breaches = _Breaches(s, clock)
        self.audit = _Audit(s)
        self.alerts = _Alerts(s)
        self.conversations = _Conversations(s, clock)
        self.activities = _Activities(s, clock)
        self.away = _Away(s)
        self.hygiene = _Hygiene(s)
        self.timers = _Timers(s, clock)
        self.outbox = _Outbox(s, clock, ids)


class FakeUnitOfWork:
    """Runs steps against in-memory state (see the module docstring)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.state = State()
        self.commits = 0
        self.rollbacks = 0
        self._ids = itertools.count(1)

    def run_now(self, work: Callable[[Any], T]) -> T:
        for attempt in range(3):
            draft = copy.deepcopy(self.state)
            try:
                result = work(FakeTx(draft, self.clock, self._ids))
            except StaleStateError:
                self.rollbacks += 1
                if attempt == 2:
                    raise
                continue
            except BaseException:
                self.rollbacks += 1
                raise
            self.state = draft
            self.commits += 1
            return result
        raise AssertionError("unreachable")

    async def run(self, work: Callable[[Any], T]) -> T:
        return self.run_now(work)

    async def read(self, work: Callable[[Any], T]) -> T:
        return work(FakeTx(copy.deepcopy(self.state), self.clock, self._ids))


def fields_of(record: Any) -> dict[str, Any]:
    """A record as a dict (for readable assertions)."""
    return dataclasses.asdict(record)
