"""One user-visible step is one transaction (issue 9), and nothing is sent from inside it.

``FakeUnitOfWork.commits`` counts committed transactions. Each step is called on the bot
directly (not through the harness, whose outbox drain commits claims and outcomes of its
own), so the count is the step's alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from bot.domain.values import BreachState
from bot.services.messages import CardAction, Verb
from tests.support.fake_uow import FakeUnitOfWork
from tests.unit.services.conftest import CARER, CLAIRE, Harness, breach

ANSWERS = ("/breach", "10 minutes ago", "adults", "in the office", "1, 6", "Lost a rota", "2")


def fake(h: Harness) -> FakeUnitOfWork:
    assert isinstance(h.uow, FakeUnitOfWork)
    return h.uow


async def transactions(h: Harness, step: Callable[[], Awaitable[Any]]) -> int:
    """Commits made by ``step``; also checks it sent nothing itself and rolled nothing back."""
    uow = fake(h)
    commits, rollbacks, sent = uow.commits, uow.rollbacks, len(h.notifier.sent)
    await step()
    assert len(h.notifier.sent) == sent  # delivery happens afterwards, from the outbox
    assert uow.rollbacks == rollbacks
    return uow.commits - commits


def click(h: Harness, who: str, verb: Verb, reference: str) -> Callable[[], Awaitable[Any]]:
    action = CardAction(
        h.actor(who), verb, {"reference": reference}, "alert-channel", "msg-1", uuid.uuid4().hex
    )
    return lambda: h.bot.on_card_action(action)


async def test_every_report_turn_and_the_final_yes_are_one_transaction_each(h: Harness) -> None:
    for text in ANSWERS:
        assert await transactions(h, lambda t=text: h.bot.on_message(h.incoming(CARER, t))) == 1
        await h.runtime.outbox.drain()

    assert await transactions(h, lambda: h.bot.on_message(h.incoming(CARER, "yes"))) == 1

    state = fake(h).state  # everything the submit caused, committed together
    assert list(state.breaches) == ["BR-2026-0001"]
    assert list(state.alerts) == ["BR-2026-0001"]
    assert state.conversations == {}
    kinds = sorted(str(o.entry.body.get("type")) for o in state.outbox if o.state == "pending")
    assert kinds == ["alert_card", "message"]  # the DPO card and the reporter's reference
    assert await h.pending_timers() == []  # the chain waits for the card to reach the DPO
    await h.runtime.outbox.drain()
    assert await h.pending_timers() == ["BR-2026-0001:escalation:1"]


async def test_acknowledge_is_one_transaction(h: Harness) -> None:
    reference = await h.report(CARER)
    assert await transactions(h, click(h, "rhiannon", Verb.ACKNOWLEDGE, reference)) == 1
    assert breach(h, reference).state is BreachState.ACKNOWLEDGED
    live = [o.entry.body.get("type") for o in fake(h).state.outbox if o.state == "pending"]
    assert sorted(str(k) for k in live) == ["alert_card", "message"]  # card update, reporter


async def test_hand_over_and_mark_high_risk_are_one_transaction_each(h: Harness) -> None:
    reference = await h.report(CARER)
    assert await transactions(h, click(h, "rhiannon", Verb.HAND_OVER, reference)) == 1
    await h.runtime.outbox.drain()
    assert breach(h, reference).assigned_to.upn == CLAIRE  # type: ignore[union-attr]
    assert await transactions(h, click(h, "claire", Verb.MARK_HIGH_RISK, reference)) == 1
    assert breach(h, reference).high_risk


async def test_an_escalation_step_is_one_transaction(h: Harness) -> None:
    reference = await h.report(CARER)
    h.clock.advance(minutes=12)
    assert await transactions(h, h.runtime.timers.fire_one) == 1
    assert breach(h, reference).assigned_to.upn == CLAIRE  # type: ignore[union-attr]
    await h.runtime.outbox.drain()
    assert len(h.notifier.to(CLAIRE)) == 1


async def test_a_refused_click_is_one_transaction_holding_the_audit_record(h: Harness) -> None:
    reference = await h.report(CARER)
    assert await transactions(h, click(h, "claire", Verb.ACKNOWLEDGE, reference)) == 1
    assert len(fake(h).state.refusals) == 1
    assert not [o for o in fake(h).state.outbox if o.state == "pending"]  # nobody is told
