"""Hygiene unit fixtures: the whole bot on the in-memory unit of work, a fake scanner.

Messages go in through ``CareGuardBot.on_message`` and the warnings come out of the
outbox, as in production; the hygiene events are read from the fake's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.domain.breach import Breach
from bot.domain.clock import ManualClock
from bot.domain.records import HygieneEvent
from bot.services.hygiene import HygieneConfig, HygieneService
from bot.services.hygiene_hash import MessageHasher
from bot.services.hygiene_report import HygieneReport
from bot.services.messages import (
    ActionOutcome,
    Actor,
    CardAction,
    HygieneSummary,
    Incoming,
    PrivateWarning,
)
from tests.support.bot_harness import Harness, Sent
from tests.support.fake_uow import FakeUnitOfWork
from tests.unit.hygiene.fakes import OFFICE, ROTA, FakeScanner, organisation

START = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
"""A Tuesday (ISO week 2026-W47)."""
PLACES = {ROTA: "Adults – Rota", OFFICE: "Adults – Office"}


@dataclass
class Hygiene:
    """The bot with name warnings on, and ways to look inside it."""

    h: Harness
    uow: FakeUnitOfWork
    scanner: FakeScanner
    clock: ManualClock

    @property
    def service(self) -> HygieneService:
        assert self.h.runtime.hygiene is not None
        return self.h.runtime.hygiene

    def rebuild(self, **config: object) -> None:
        """Other knobs for the same service (the bot's listeners share it)."""
        self.service.config = HygieneConfig(place_names=PLACES, **config)  # type: ignore[arg-type]

    async def post(self, incoming: Incoming) -> list[Sent]:
        """A message as the front-end hands it over; returns what was delivered for it."""
        before = len(self.h.notifier.sent)
        await self.h.bot.on_message(incoming)
        await self.h.runtime.outbox.drain()
        return self.h.notifier.sent[before:]

    async def warn(self, incoming: Incoming) -> PrivateWarning:
        """Post a message that must be warned about; returns the one warning."""
        [sent] = [s for s in await self.post(incoming) if s.how == "person"]
        assert isinstance(sent.message, PrivateWarning)
        return sent.message

    async def click(self, action: CardAction) -> ActionOutcome:
        outcome = await self.h.bot.on_card_action(action)
        await self.h.runtime.outbox.drain()
        return outcome

    async def to_breach(self, actor: Actor, warning_id: str) -> str:
        """``HygieneService.to_breach`` as one step; returns the reference."""
        reference = await self.uow.run(lambda tx: self.service.to_breach(tx, actor, warning_id))
        await self.h.runtime.outbox.drain()
        return reference

    async def summary(self, actor: Actor) -> HygieneSummary:
        """What ``/hygiene`` answers ``actor`` in their 1:1 chat."""
        [sent] = await self.h.say(actor, "/hygiene")
        assert isinstance(sent.message, HygieneSummary), sent.text
        return sent.message

    async def report(self, weeks: int | None = None) -> HygieneReport:
        return await self.uow.read(lambda tx: self.service.report(tx, weeks))

    def events(self) -> list[HygieneEvent]:
        """Every hygiene event stored, oldest first."""
        return sorted(self.uow.state.hygiene.values(), key=lambda e: (e.occurred_at, e.id))

    def event(self, warning_id: str) -> HygieneEvent:
        return self.uow.state.hygiene[warning_id]

    def breaches(self) -> list[Breach]:
        return [self.uow.state.breaches[r] for r in sorted(self.uow.state.breaches)]

    def breach(self, reference: str) -> Breach:
        return self.uow.state.breaches[reference]


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
