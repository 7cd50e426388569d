"""The DPO workflow over the in-memory unit of work: a reported breach and a desk to work it.

``Desk.do`` runs one step as the front-ends do (one transaction; a refusal's audit record
is kept), checks it committed exactly once, and delivers what it caused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.domain.assessment import DataType
from bot.domain.breach import Breach
from bot.domain.clock import ManualClock
from bot.domain.organisation import Organisation
from bot.services import workflow
from bot.services.deps import BotDeps
from bot.services.desk import attempt
from bot.services.guard import Done
from bot.settings import load_organisation
from tests.support.bot_harness import CARER, START, Harness, Sent
from tests.support.fake_uow import FakeUnitOfWork

ROOT = Path(__file__).resolve().parents[3]
ADULTS_DPO = "rhiannon"
CHILDREN_DPO = "claire"
SIRO = "tony"
DIRECTOR = "director-a"
IT = "dans-it"

HIGH_RISK = workflow.AssessInput(
    data_types=frozenset({DataType.PERSONAL, DataType.SPECIAL_CATEGORY}),
    affected=3,
    estimate=False,
    impact="Distress; health details seen by others",
    high_risk=True,
    rationale="Health data of three clients",
)
LOW_RISK = workflow.AssessInput(
    data_types=frozenset({DataType.PERSONAL}),
    affected=1,
    estimate=False,
    impact="Little: the rota went to a colleague",
    high_risk=False,
    rationale="Recovered unread",
)

Step = Callable[[Any, BotDeps, Any], Done]


class Desk:
    """Steps taken by people of the organisation file on one harness."""

    def __init__(self, h: Harness, uow: FakeUnitOfWork) -> None:
        self.h = h
        self.uow = uow
        self.deps = h.runtime.deps

    async def do(self, key: str, step: Callable[..., Done], *args: Any, **kw: Any) -> Done:
        """``step(tx, deps, reference..., person)`` as ``key``: one commit, then delivered."""
        person = self.h.person(key)
        before = self.uow.commits
        done = self.uow.run_now(
            lambda tx: attempt(tx, lambda t: step(t, self.deps, *args, person, **kw))
        )
        assert self.uow.commits == before + 1, "a step is exactly one transaction"
        await self.h.runtime.outbox.drain()
        assert isinstance(done, Done)
        return done

    def breach(self, reference: str) -> Breach:
        return self.uow.state.breaches[reference]

    def sent_to(self, key: str) -> list[Sent]:
        return self.h.notifier.to(self.h.person(key).upn or "")

    @property
    def refusals(self) -> list[tuple[str | None, str, str, str]]:
        return self.uow.state.refusals


@pytest.fixture(scope="session")
def organisation() -> Organisation:
    return load_organisation(ROOT / "examples" / "citycare.toml")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(ManualClock(START))


@pytest.fixture
def h(uow: FakeUnitOfWork, organisation: Organisation) -> Harness:
    clock = uow.clock
    assert isinstance(clock, ManualClock)
    return Harness(uow, organisation, clock)


@pytest.fixture
def desk(h: Harness, uow: FakeUnitOfWork) -> Desk:
    return Desk(h, uow)


@pytest.fixture
async def ref(h: Harness) -> str:
    """An adults breach reported by a carer through the whole conversation (not acknowledged)."""
    reference = await h.report(CARER)
    h.notifier.clear()
    return reference
