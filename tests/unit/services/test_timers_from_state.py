"""Timers derived from state (issue 9): a breach's pending timers are what the domain says.

And the reproduction from the issue: a reporter's second, half-finished report is filed
as incomplete and reaches the DPO, however the first one ended.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.deadlines import timers_for
from bot.domain.values import BreachState
from bot.services.messages import ActionOutcome, BreachAlert, CardAction, Verb
from bot.services.timers import escalation_plan
from bot.services.uow import Tx
from tests.unit.services.conftest import (
    ADULTS_CHANNEL,
    CARER,
    RHIANNON,
    SAM,
    Harness,
    HarnessFactory,
    breach,
    breaches,
    events,
)

LOW_RISK = {
    "data_types": "personal",
    "affected": "1",
    "impact": "Staff saw a client's first name",
    "high_risk": "no",
    "rationale": "One person, internal, recalled at once",
}


async def expected_timers(h: Harness, reference: str) -> list[str]:
    """The timer keys the domain says the breach needs now (``timers_for``)."""

    def needed(tx: Tx) -> list[str]:
        stored = tx.breaches.get(reference)
        plan = escalation_plan(tx, h.runtime.deps, stored, tx.alerts.get(reference))
        return sorted(f"{reference}:{t.key}" for t in timers_for(stored, h.org.clocks, plan))

    return await h.uow.read(needed)


async def all_pending(h: Harness) -> list[str]:
    return sorted(await h.pending_timers())


async def dialog(h: Harness, who: str, form: str, reference: str, **values: Any) -> ActionOutcome:
    data = {"form": form, "reference": reference, **values}
    action = CardAction(h.actor(who), Verb.FORM, data, "alert-channel", "msg-1")
    result = await h.bot.on_dialog(action, submitted=True)
    await h.runtime.outbox.drain()
    assert isinstance(result, ActionOutcome), [(f.key, f.error) for f in result.fields if f.error]
    return result


async def test_second_half_finished_report_is_filed_incomplete(
    harness_factory: HarnessFactory,
) -> None:
    h = harness_factory(abandon_minutes=1)
    first = await h.report(CARER)
    first_events = [e.kind for e in events(h, first)]
    h.clock.advance(seconds=5)
    for text in ("/breach", "10 minutes ago", "adults"):  # two questions answered
        await h.say(CARER, text)
    h.notifier.clear()

    h.clock.advance(minutes=2)
    await h.run_due()

    [one, two] = breaches(h)
    assert (one.label, one.incomplete, one.state) == (first, False, BreachState.REPORTED)
    assert [e.kind for e in events(h, first)] == first_events  # untouched
    assert two.incomplete
    assert two.state is BreachState.REPORTED
    assert two.assigned_to is not None
    assert two.assigned_to.upn == RHIANNON
    [card] = h.notifier.to(ADULTS_CHANNEL, "channel")
    assert isinstance(card.message, BreachAlert)
    assert card.message.reference == two.label
    assert "INCOMPLETE" in card.text
    assert any("haven't heard from you for 1 minute" in s.text for s in h.notifier.to(SAM))
    assert await h.pending_timers("abandon:") == []  # filed once; nothing left to fire


async def test_each_turn_moves_the_one_abandon_timer(h: Harness) -> None:
    await h.say(CARER, "/breach")
    [timer] = await h.uow.read(lambda tx: tx.timers.pending("abandon:"))
    assert timer.due_at == h.clock.now() + timedelta(minutes=10)
    h.clock.advance(minutes=4)
    await h.say(CARER, "10 minutes ago")
    [moved] = await h.uow.read(lambda tx: tx.timers.pending("abandon:"))
    assert moved.key == timer.key
    assert moved.due_at == h.clock.now() + timedelta(minutes=10)


async def test_a_cancelled_report_leaves_no_timer(h: Harness) -> None:
    for text in ("/breach", "10 minutes ago"):
        await h.say(CARER, text)
    await h.say(CARER, "cancel")
    assert await all_pending(h) == []


async def test_report_then_acknowledge_leaves_exactly_what_the_domain_needs(h: Harness) -> None:
    reference = await h.report(CARER)
    assert await all_pending(h) == [f"{reference}:escalation:1"]  # no abandon timer is left
    assert await all_pending(h) == await expected_timers(h, reference)

    h.clock.advance(minutes=3)
    await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    assert await all_pending(h) == []  # no ack timeout, no abandon timers
    assert await expected_timers(h, reference) == []
    assert await h.run_due() == 0


async def test_high_risk_brings_the_ico_timers_and_the_decision_ends_them(h: Harness) -> None:
    reference = await h.report(CARER)
    await h.click(h.actor("rhiannon"), Verb.MARK_HIGH_RISK, reference)
    ico = [f"{reference}:ico_deadline", *(f"{reference}:ico_reminder:{n}h" for n in (24, 48, 66))]
    assert await all_pending(h) == sorted(ico)
    assert await all_pending(h) == await expected_timers(h, reference)
    work = await h.uow.read(lambda tx: tx.timers.pending())
    aware = breach(h, reference).became_aware_at
    assert aware is not None
    assert {w.key: w.due_at - aware for w in work} == {
        f"{reference}:ico_reminder:24h": timedelta(hours=24),
        f"{reference}:ico_reminder:48h": timedelta(hours=48),
        f"{reference}:ico_reminder:66h": timedelta(hours=66),
        f"{reference}:ico_deadline": timedelta(hours=72),
    }

    h.clock.advance(hours=3)
    assessed = await dialog(h, "rhiannon", "assess", reference, **{**LOW_RISK, "high_risk": "yes"})
    assert "Nothing changed" not in assessed.toast, assessed.toast
    assert await all_pending(h) == sorted(ico)  # still undecided
    told = await dialog(h, "rhiannon", "ico", reference, notified="yes", at="23/11/2026 11:30")
    assert told.toast == f"Recorded: the ICO was notified about {reference}."
    assert await all_pending(h) == []


async def test_a_closed_breach_has_no_timers(h: Harness) -> None:
    reference = await h.report(CARER)
    await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    steps = [
        ("assess", LOW_RISK),
        ("ico", {"notified": "no", "reason": "Unlikely to result in a risk to the client"}),
        ("investigate", {"root_cause": "Wrong group picked", "lessons": "Check the group",
                         "recommendations": "Rota group renamed"}),
        ("close", {"summary": "Recalled; the group was renamed"}),
    ]  # fmt: skip
    for form, values in steps:
        outcome = await dialog(h, "rhiannon", form, reference, **values)
        assert "Nothing changed" not in outcome.toast, outcome.toast
        assert await all_pending(h) == await expected_timers(h, reference)
    assert breach(h, reference).state is BreachState.CLOSED
    assert await all_pending(h) == []
    assert await h.runtime.start() == 0  # the start-up repair finds nothing to do
