"""The whole bot over ``SqlUnitOfWork`` on SQLite and PostgreSQL: report, escalation by the
timer worker, acknowledgement, and what each step committed (timers, outbox, alert)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from bot.domain.clock import ManualClock
from bot.domain.values import BreachState
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import make_engine
from bot.register.uow import SqlUnitOfWork
from bot.services.messages import BreachAlert, EscalationNotice, Verb
from bot.settings import load_organisation
from tests.support.bot_harness import CARER, START, Harness

ROOT = Path(__file__).resolve().parents[3]
ORGANISATION = load_organisation(ROOT / "examples" / "citycare.toml")


@pytest.fixture
def key() -> bytes:
    return Fernet.generate_key()


@pytest.fixture
def instances(db_url: str, key: bytes) -> Iterator[Any]:
    """Makes bot instances on the test database, each with its own engine (one clock)."""
    clock = ManualClock(START)
    engines: list[Engine] = []

    def instance() -> Harness:
        engine = make_engine(db_url)
        engines.append(engine)
        return Harness(SqlUnitOfWork(engine, FieldCipher([key]), clock), ORGANISATION, clock)

    yield instance
    for engine in engines:
        engine.dispose()


def committed(h: Harness, reference: str) -> dict[str, Any]:
    """What is in the register for ``reference``, read in one transaction."""

    def read(tx: Any) -> dict[str, Any]:
        alert = tx.alerts.get(reference)
        return {
            "state": tx.breaches.get(reference).state,
            "pending": [w.key for w in tx.timers.pending()],
            "backlog": tx.outbox.backlog()[0],
            "asked": alert.asked,
            "posted": alert.message_id is not None,
        }

    uow: Any = h.uow
    return uow.read_now(read)


async def test_report_then_acknowledge_leaves_exactly_the_expected_timers(instances) -> None:
    h = instances()
    reference = await h.report(CARER)
    after_report = committed(h, reference)
    assert after_report == {
        "state": BreachState.REPORTED,
        "pending": [f"{reference}:escalation:1"],  # the report's abandon timer is gone
        "backlog": 0,
        "asked": ("rhiannon",),
        "posted": True,
    }
    cards = [s for s in h.notifier.sent if isinstance(s.message, BreachAlert)]
    assert [s.how for s in cards] == ["channel"]

    outcome = await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    assert "You acknowledged" in outcome.toast
    after_ack = committed(h, reference)
    assert after_ack["state"] is BreachState.ACKNOWLEDGED
    assert after_ack["pending"] == []
    assert after_ack["backlog"] == 0
    assert await h.pending_timers() == []

    # Another instance starting up finds nothing to repair, and nothing fires later.
    restarted = instances()
    assert await restarted.runtime.start() == 0
    h.clock.advance(hours=80)
    assert await restarted.run_due() == 0
    assert await restarted.pending_timers() == []


async def test_two_instances_escalate_once_and_either_can_acknowledge(instances) -> None:
    h, second = instances(), instances()
    reference = await h.report(CARER)
    h.clock.advance(minutes=13)
    await h.run_due()
    await second.run_due()
    notices = [
        s
        for s in h.notifier.sent + second.notifier.sent
        if isinstance(s.message, EscalationNotice) and s.message.alert.reference == reference
    ]
    assert [n.to for n in notices] == ["claire.best@citycare.example"]
    state = committed(second, reference)
    assert state["asked"] == ("rhiannon", "claire")
    assert state["pending"] == [f"{reference}:escalation:2"]

    outcome = await second.click(second.actor("claire"), Verb.ACKNOWLEDGE, reference)
    assert "You acknowledged" in outcome.toast
    state = committed(h, reference)
    assert (state["state"], state["pending"], state["backlog"]) == (
        BreachState.ACKNOWLEDGED,
        [],
        0,
    )
