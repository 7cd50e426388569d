"""Thin fixtures over ``tests.support.bot_harness.Harness`` on the in-memory unit of work.

No database: the register, bot state, timers and outbox are ``FakeUnitOfWork``'s
in-memory stores; the notifier, scanner and clock are fakes. ``h`` is one bot;
``harness_factory`` makes more bots over the same state (a restart: a new process on
the same database).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.breach import Breach, BreachEvent
from bot.domain.clock import ManualClock
from bot.domain.organisation import Organisation
from bot.domain.records import AlertRecord
from bot.services.messages import BreachAlert
from bot.settings import load_organisation
from tests.support.bot_harness import (
    CARER,
    CLIENT_NAMES,
    DESCRIPTION,
    OTHER_CARER,
    START,
    FakeScanner,
    Harness,
    Sent,
    texts,
)
from tests.support.fake_uow import FakeUnitOfWork

__all__ = [
    "ADULTS_CHANNEL",
    "CARER",
    "CLAIRE",
    "CLIENT_NAMES",
    "DESCRIPTION",
    "OTHER_CARER",
    "RHIANNON",
    "ROOT",
    "SAM",
    "START",
    "TONY",
    "FakeScanner",
    "Harness",
    "HarnessFactory",
    "Sent",
    "alert",
    "breach",
    "breaches",
    "card_of",
    "events",
    "texts",
]

ROOT = Path(__file__).resolve().parents[3]
ADULTS_CHANNEL = "19:9c1f2b7d4e5a4c3b8a6d0e2f1b3c5d7e@thread.tacv2"
RHIANNON = "rhiannon.williams@citycare.example"
CLAIRE = "claire.best@citycare.example"
TONY = "tony.merrick@citycare.example"
SAM = "sam.carer@citycare.example"

HarnessFactory = Callable[..., Harness]


@pytest.fixture(scope="session")
def organisation() -> Organisation:
    """The example organisation (invented staff)."""
    return load_organisation(ROOT / "examples" / "citycare.toml")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def uow(clock: ManualClock) -> FakeUnitOfWork:
    return FakeUnitOfWork(clock)


@pytest.fixture
def harness_factory(
    uow: FakeUnitOfWork, organisation: Organisation, clock: ManualClock
) -> HarnessFactory:
    """Makes bots over the same state; ``abandon_minutes`` changes the abandon timeout."""

    def make(*, abandon_minutes: int | None = None) -> Harness:
        org = organisation
        if abandon_minutes is not None:
            clocks = replace(org.clocks, abandon_timeout=timedelta(minutes=abandon_minutes))
            org = replace(org, clocks=clocks)
        return Harness(uow, org, clock)

    return make


@pytest.fixture
def h(harness_factory: HarnessFactory) -> Harness:
    """One bot on a fresh in-memory register."""
    return harness_factory()


def breach(h: Harness, reference: str) -> Breach:
    """The breach as the register holds it now."""
    assert isinstance(h.uow, FakeUnitOfWork)
    return h.uow.state.breaches[reference]


def breaches(h: Harness) -> list[Breach]:
    """Every breach in the register, oldest reference first."""
    assert isinstance(h.uow, FakeUnitOfWork)
    return [h.uow.state.breaches[r] for r in sorted(h.uow.state.breaches)]


def events(h: Harness, reference: str) -> list[BreachEvent]:
    """The breach's audit trail."""
    assert isinstance(h.uow, FakeUnitOfWork)
    return list(h.uow.state.events[reference])


def alert(h: Harness, reference: str) -> AlertRecord:
    """The breach's alert record."""
    assert isinstance(h.uow, FakeUnitOfWork)
    return h.uow.state.alerts[reference]


def card_of(h: Harness, reference: str) -> str:
    """``"<channel>/<message id>"`` of the alert card posted for ``reference``.

    The fake notifier numbers every send ``msg-<n>``; call before ``notifier.clear()``.
    """
    for n, sent in enumerate(h.notifier.sent, start=1):
        message = sent.message
        posted = sent.how == "channel" and isinstance(message, BreachAlert)
        if posted and isinstance(message, BreachAlert) and message.reference == reference:
            return f"{sent.to}/msg-{n}"
    raise AssertionError(f"no card posted for {reference}")
