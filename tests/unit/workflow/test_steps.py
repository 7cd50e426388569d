"""The DPO's steps as services (one transaction each): assess, actions, ICO, inform.

Driven over the in-memory unit of work and the real outbox, so each test reads what the
SIRO, IT support and the alert channel would have received.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.domain.breach import ActionOwner, BreachState
from bot.domain.records import AlertStatus
from bot.services import closing, workflow
from bot.services.messages import ActionRequest, BreachAlert, Verb
from tests.support.bot_harness import Harness

from .conftest import ADULTS_DPO, CHILDREN_DPO, DIRECTOR, HIGH_RISK, IT, LOW_RISK, SIRO, Desk

NOTIFIED = workflow.IcoInput(notified=True, ico_reference="IC-0042")


async def test_high_risk_assessment_starts_the_clock_and_tells_the_siro(
    desk: Desk, h: Harness, ref: str
) -> None:
    done = await desk.do(ADULTS_DPO, workflow.assess, ref, form=HIGH_RISK)
    assert done.ok
    assert (
        done.message == f"{ref} assessed as high risk: the ICO must be told by Thu 26 Nov, 08:50."
    )
    breach = desk.breach(ref)
    assert breach.state is BreachState.ASSESSED  # taken on (acknowledged) and assessed at once
    assert breach.acknowledged_by is not None
    assert breach.siro_notified_at == h.clock.now()
    [siro] = desk.sent_to(SIRO)
    assert siro.text == (
        f"Rhiannon Williams assessed it as high risk: breach {ref}, at 09:00. "
        "The ICO must be told by Thu 26 Nov, 08:50."
    )
    assert desk.uow.state.alerts[ref].status is AlertStatus.HIGH_RISK
    [card] = [s for s in h.notifier.sent if s.how == "update"]
    assert isinstance(card.message, BreachAlert)
    assert "ICO deadline Thu 26 Nov, 08:50" in card.message.clock
    assert "Assessed (high risk) by Rhiannon Williams at 09:00" in card.message.history
    assert [k.split(":", 1)[1] for k in await h.pending_timers(ref)] == [
        "ico_reminder:24h",
        "ico_reminder:48h",
        "ico_reminder:66h",
        "ico_deadline",
    ]


async def test_a_low_risk_assessment_tells_nobody_until_flagged_significant(
    desk: Desk, ref: str
) -> None:
    assert (await desk.do(ADULTS_DPO, workflow.assess, ref, form=LOW_RISK)).ok
    assert desk.sent_to(SIRO) == []
    assert desk.breach(ref).ico_deadline is None
    done = await desk.do(ADULTS_DPO, workflow.notify_siro, ref)
    assert done.message == f"The SIRO has been told about {ref}."
    [told] = desk.sent_to(SIRO)
    assert "flagged it as significant" in told.text
    assert desk.breach(ref).needs_approval
    again = await desk.do(ADULTS_DPO, workflow.notify_siro, ref)
    assert not again.ok
    assert len(desk.sent_to(SIRO)) == 1


async def test_the_ico_decision_stops_the_reminders(desk: Desk, h: Harness, ref: str) -> None:
    await desk.do(ADULTS_DPO, workflow.assess, ref, form=HIGH_RISK)
    h.clock.advance(timedelta(hours=25))
    assert await h.run_due() == 1
    assert any("ICO reminder" in s.text for s in desk.sent_to(ADULTS_DPO))
    done = await desk.do(ADULTS_DPO, workflow.ico_decision, ref, form=NOTIFIED)
    assert done.message == f"Recorded: the ICO was notified about {ref}, case IC-0042."
    assert await h.pending_timers(f"{ref}:ico") == []
    h.notifier.clear()
    h.clock.advance(timedelta(hours=48))
    assert await h.run_due() == 0
    assert h.notifier.sent == []
    decision = desk.breach(ref).ico_decision
    assert decision is not None
    assert decision.ico_reference == "IC-0042"


async def test_not_reportable_is_refused_for_a_high_risk_breach(desk: Desk, ref: str) -> None:
    await desk.do(ADULTS_DPO, workflow.assess, ref, form=HIGH_RISK)
    declined = workflow.IcoInput(notified=False, reason="Seems minor")
    done = await desk.do(ADULTS_DPO, workflow.ico_decision, ref, form=declined)
    assert not done.ok
    assert done.message == (
        f"Nothing changed on {ref}: the breach is assessed high risk, so the ICO must be "
        "notified (or revise the assessment first)."
    )
    assert desk.breach(ref).ico_decision is None


async def test_the_ico_decision_before_any_assessment_names_what_is_missing(
    desk: Desk, ref: str
) -> None:
    done = await desk.do(ADULTS_DPO, workflow.ico_decision, ref, form=NOTIFIED)
    assert done.message == (
        f"Nothing changed on {ref}: cannot record the ICO decision for a breach that is "
        "reported; acknowledge it first."
    )
    await desk.do(ADULTS_DPO, closing.close, ref, summary="Done")
    assert desk.breach(ref).state is BreachState.REPORTED


async def test_an_ico_time_in_the_future_is_refused(desk: Desk, h: Harness, ref: str) -> None:
    await desk.do(ADULTS_DPO, workflow.assess, ref, form=HIGH_RISK)
    later = replace(NOTIFIED, at=h.clock.now() + timedelta(hours=1))
    done = await desk.do(ADULTS_DPO, workflow.ico_decision, ref, form=later)
    assert not done.ok
    assert desk.breach(ref).ico_decision is None


async def test_it_support_gets_its_action_in_a_private_chat_and_presses_done(
    desk: Desk, h: Harness, ref: str
) -> None:
    done = await desk.do(
        ADULTS_DPO, workflow.add_action, ref, text="Recall the email", owner=ActionOwner.IT
    )
    assert done.message == f"Action 1 added to {ref}, for IT support."
    [request] = desk.sent_to(IT)
    assert isinstance(request.message, ActionRequest)
    assert (request.message.number, request.message.done) == (1, False)
    assert request.message.text == "Recall the email"
    it = h.actor(IT)
    outcome = await h.click(it, Verb.ACTION_DONE.value, ref, data={"reference": ref, "action": 1})
    assert outcome.toast == f"Action 1 on {ref} is marked done."
    action = desk.breach(ref).actions[0]
    assert not action.is_open
    assert action.completed_by == h.person(IT).actor


async def test_it_support_cannot_do_the_dpos_actions_or_assess(desk: Desk, ref: str) -> None:
    await desk.do(
        ADULTS_DPO, workflow.add_action, ref, text="Call the family", owner=ActionOwner.DPO
    )
    assert desk.sent_to(IT) == []
    done = await desk.do(IT, workflow.action_done, ref, number=1)
    assert done.message == "Sorry, that action is not IT support's. Your attempt has been noted."
    assessed = await desk.do(IT, workflow.assess, ref, form=LOW_RISK)
    assert not assessed.ok
    it_upn = "support@danscomputerservices.example"
    assert [(r[1], r[2]) for r in desk.refusals] == [(it_upn, "action_done"), (it_upn, "assess")]
    assert desk.breach(ref).actions[0].is_open


async def test_a_refusal_is_audited_and_changes_nothing(desk: Desk, ref: str) -> None:
    before = desk.breach(ref)
    done = await desk.do(CHILDREN_DPO, workflow.assess, ref, form=HIGH_RISK)
    assert not done.ok
    assert done.message.startswith("Sorry, that breach belongs to the adults service")
    [(reference, actor, verb, why)] = desk.refusals
    assert (reference, actor, verb) == (ref, "claire.best@citycare.example", "assess")
    assert why.startswith("that breach belongs to the adults service")
    assert desk.breach(ref) == before
    assert desk.sent_to(SIRO) == []


async def test_a_director_acts_only_once_the_breach_is_high_risk(desk: Desk, ref: str) -> None:
    refused = await desk.do(DIRECTOR, workflow.add_action, ref, text="x", owner=ActionOwner.DPO)
    assert not refused.ok
    await desk.do(ADULTS_DPO, workflow.assess, ref, form=HIGH_RISK)
    allowed = await desk.do(
        DIRECTOR, workflow.add_action, ref, text="Board informed", owner=ActionOwner.MANAGER
    )
    assert allowed.ok
    assert len(desk.refusals) == 1


async def test_a_bad_assessment_leaves_the_breach_untouched(desk: Desk, ref: str) -> None:
    blank = replace(LOW_RISK, impact="  ")
    done = await desk.do(ADULTS_DPO, workflow.assess, ref, form=blank)
    assert done.message == f"Nothing changed on {ref}: the likely impact is required."
    assert desk.breach(ref).state is BreachState.REPORTED  # not even acknowledged
    empty = await desk.do(ADULTS_DPO, workflow.add_action, ref, text=" ", owner=ActionOwner.IT)
    assert not empty.ok
    assert desk.breach(ref).state is BreachState.REPORTED
    assert desk.sent_to(IT) == []


async def test_informing_individuals_records_how_or_why_not(desk: Desk, ref: str) -> None:
    await desk.do(ADULTS_DPO, workflow.assess, ref, form=LOW_RISK)
    why_not = workflow.InformInput(informed=False, reason="Recovered before anyone read it")
    done = await desk.do(ADULTS_DPO, workflow.inform, ref, form=why_not)
    assert done.message == f"Recorded for {ref}: individuals not informed (reason recorded)."
    told = desk.breach(ref).individuals
    assert told is not None
    assert told.reason == "Recovered before anyone read it"
