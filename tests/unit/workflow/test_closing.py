"""The end of the procedure as services: investigation, the SIRO's approval, close, reopen."""

from __future__ import annotations

from bot.domain.breach import ActionOwner, BreachState, EventKind
from bot.services import closing, workflow
from bot.services import desk as desk_steps
from bot.services.forms import Form
from bot.services.guard import Done
from bot.services.messages import ApprovalRequest, BreachAlert, Verb
from tests.support.bot_harness import Harness

from .conftest import ADULTS_DPO, CHILDREN_DPO, DIRECTOR, HIGH_RISK, IT, LOW_RISK, SIRO, Desk

FINDINGS = closing.InvestigationInput(
    root_cause="Autocomplete picked the wrong group",
    lessons="Check the recipient before sending",
    recommendations="Turn off autocomplete for groups",
)


async def _ready_for_approval(desk: Desk, ref: str) -> None:
    """High risk, action done, ICO notified, individuals informed, investigated."""
    steps = [
        (workflow.assess, {"form": HIGH_RISK}),
        (workflow.add_action, {"text": "Delete the message", "owner": ActionOwner.IT}),
        (workflow.ico_decision, {"form": workflow.IcoInput(notified=True, ico_reference="IC-1")}),
        (workflow.inform, {"form": workflow.InformInput(informed=True, how="Phone call")}),
        (closing.investigate, {"form": FINDINGS}),
    ]
    for step, kw in steps:
        assert (await desk.do(ADULTS_DPO, step, ref, **kw)).ok
    assert (await desk.do(IT, workflow.action_done, ref, number=1)).ok


async def test_the_siro_gets_the_report_to_approve_then_the_dpo_closes(
    desk: Desk, h: Harness, ref: str
) -> None:
    await _ready_for_approval(desk, ref)
    early = await desk.do(ADULTS_DPO, closing.close, ref, summary="Contained")
    assert early.message == f"Nothing changed on {ref}: cannot close yet: get the SIRO's approval."
    h.notifier.clear()
    asked = await desk.do(ADULTS_DPO, closing.request_approval, ref)
    assert asked.message == f"Tony Merrick (SIRO) has been asked to approve {ref}."
    [card] = desk.sent_to(SIRO)
    assert isinstance(card.message, ApprovalRequest)
    summary = dict(card.message.summary)
    assert summary["Root cause"] == "Autocomplete picked the wrong group"
    assert summary["ICO"].startswith("notified")
    assert summary["Actions"] == "1 of 1 done"
    assert card.message.decided == ""
    outcome = await h.click(h.actor(SIRO), Verb.APPROVE.value, ref)
    assert outcome.toast == f"You approved {ref}."
    assert desk.breach(ref).approved
    [told] = desk.sent_to(ADULTS_DPO)
    assert "approved the post-breach report" in told.text
    done = await desk.do(ADULTS_DPO, closing.close, ref, summary="Contained; training booked")
    assert done.message == f"{ref} is closed."
    breach = desk.breach(ref)
    assert breach.state is BreachState.CLOSED
    assert breach.closure is not None
    assert breach.closure.outcome == "Contained; training booked"
    last = [s.message for s in h.notifier.sent if s.how == "update"][-1]
    assert isinstance(last, BreachAlert)
    assert last.breach.state is BreachState.CLOSED
    assert last.history[-1].startswith("Closed by Rhiannon Williams")
    assert await h.pending_timers(ref) == []


async def test_the_siro_sends_the_report_back_with_a_note(desk: Desk, h: Harness, ref: str) -> None:
    await _ready_for_approval(desk, ref)
    await desk.do(ADULTS_DPO, closing.request_approval, ref)
    h.notifier.clear()
    back = await desk.do(SIRO, closing.decide, ref, approved=False, note="Add the training date")
    assert back.message == f"You sent {ref} back."
    [told] = desk.sent_to(ADULTS_DPO)
    assert told.text.endswith(
        "sent the post-breach report of " + ref + " back: Add the training date"
    )
    breach = desk.breach(ref)
    assert not breach.approved
    assert breach.approval_requested_at is None
    again = await desk.do(ADULTS_DPO, closing.request_approval, ref)
    assert again.ok
    assert len([s for s in desk.sent_to(SIRO) if isinstance(s.message, ApprovalRequest)]) == 1


async def test_only_the_siro_approves_and_refusals_are_audited(desk: Desk, ref: str) -> None:
    await _ready_for_approval(desk, ref)
    for who in (ADULTS_DPO, DIRECTOR):
        done = await desk.do(who, closing.decide, ref, approved=True)
        assert done.message == (
            "Sorry, only the SIRO approves post-breach reports. Your attempt has been noted."
        )
    assert [r[2] for r in desk.refusals] == ["approve", "approve"]
    assert not desk.breach(ref).approved


async def test_a_low_risk_breach_closes_without_approval(desk: Desk, ref: str) -> None:
    for step, kw in [
        (workflow.assess, {"form": LOW_RISK}),
        (workflow.ico_decision, {"form": workflow.IcoInput(False, reason="Recovered unread")}),
        (closing.investigate, {"form": FINDINGS}),
    ]:
        assert (await desk.do(ADULTS_DPO, step, ref, **kw)).ok
    asked = await desk.do(ADULTS_DPO, closing.request_approval, ref)
    assert asked.message == (
        f"Nothing changed on {ref}: this breach is neither high risk nor significant: "
        "no approval needed."
    )
    assert (await desk.do(ADULTS_DPO, closing.close, ref, summary="Recovered")).ok


async def test_closing_before_the_assessment_names_what_is_missing(desk: Desk, ref: str) -> None:
    await desk.do(ADULTS_DPO, workflow.add_action, ref, text="Call", owner=ActionOwner.DPO)
    done = await desk.do(ADULTS_DPO, closing.close, ref, summary="Done")
    assert done.message == (
        f"Nothing changed on {ref}: cannot close a breach that is acknowledged; "
        "record the assessment first."
    )
    inv = await desk.do(ADULTS_DPO, closing.investigate, ref, form=FINDINGS)
    assert not inv.ok


async def test_reopening_needs_a_dpo_or_the_siro_and_clears_the_approval(
    desk: Desk, h: Harness, ref: str
) -> None:
    await _ready_for_approval(desk, ref)
    await desk.do(SIRO, closing.decide, ref, approved=True)
    await desk.do(ADULTS_DPO, closing.close, ref, summary="Contained")
    refused = await desk.do(DIRECTOR, closing.reopen, ref, reason="Board asked")
    assert (
        refused.message
        == "Sorry, only a DPO or the SIRO reopens a breach. Your attempt has been noted."
    )
    other = await desk.do(CHILDREN_DPO, closing.reopen, ref, reason="Seen again")
    assert not other.ok
    assert len(desk.refusals) == 2
    h.notifier.clear()
    done = await desk.do(ADULTS_DPO, closing.reopen, ref, reason="A second copy was found")
    assert done.message == f"{ref} is open again."
    breach = desk.breach(ref)
    assert breach.state is BreachState.ASSESSED
    assert breach.approval is None
    assert breach.reopenings[0].reason == "A second copy was found"
    [siro] = desk.sent_to(SIRO)
    assert siro.text == f"Rhiannon Williams reopened {ref}: A second copy was found"
    kinds = [e.kind for e in desk.uow.state.events[ref]]
    assert kinds[-2:] == [EventKind.CLOSED, EventKind.REOPENED]


async def test_forms_open_only_for_those_allowed_and_keep_bad_values(
    desk: Desk, h: Harness, ref: str
) -> None:
    deps = desk.deps
    refused = desk.uow.run_now(
        lambda tx: desk_steps.open_form(tx, deps, h.person(IT), "assess", ref)
    )
    assert isinstance(refused, Done)
    assert not refused.ok
    assert desk.refusals[-1][2] == "form:assess"
    bad = {"reference": ref, "form": "close", "summary": "  "}
    result = desk.uow.run_now(
        lambda tx: desk_steps.submit(tx, deps, h.person(ADULTS_DPO), "close", ref, bad)
    )
    assert isinstance(result, Form)  # the form again, with its error and the value kept
    assert result.has_errors
    assert desk.breach(ref).state is BreachState.REPORTED
