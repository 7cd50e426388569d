"""Hygiene unit fixtures: the whole bot on the in-memory unit of work, a fake scanner.

Messages go in through ``CareGuardBot.on_message`` and the warnings come out of the
outbox, as in production; the hygiene events are read from the fake's state.
"""

from __future__ import annotations

import pytest

from bot.domain.clock import ManualClock
from bot.services.hygiene_hash import MessageHasher
from tests.support.bot_harness import Harness
from tests.support.fake_uow import FakeUnitOfWork
from tests.unit.hygiene.fakes import START, FakeScanner, Hygiene, organisation

__all__ = ["START", "Hygiene"]


@pytest.fixture
def hy() -> Hygiene:
    """The bot with name warnings on, on a fresh in-memory register."""
    clock = ManualClock(START)
    uow = FakeUnitOfWork(clock)
    scanner = FakeScanner()
    h = Harness(uow, organisation(), clock, hasher=MessageHasher(b"k" * 32), scanner=scanner)
    harness = Hygiene(h, uow, scanner, clock)
    harness.rebuild()
    return harness
