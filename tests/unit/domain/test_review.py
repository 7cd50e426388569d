"""DPO side: high risk and the ICO clock, SIRO, ICO decision, assessment, closure, reopening."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.domain import clocks as clk
from bot.domain import lifecycle as lc
from bot.domain import review as rv
from bot.domain.assessment import AffectedCount, Assessment, DataType
from bot.domain.breach import ActionKind, Breach, BreachError, BreachState, EventKind

from .conftest import DPO, SIRO, T0, assessment, in_state, investigation

DISCOVERED = T0 - timedelta(minutes=20)


def test_marking_high_risk_starts_the_ico_clock_from_discovery(acknowledged: Breach) -> None:
    breach, event = rv.mark_high_risk(
        acknowledged, by=DPO, at=T0 + timedelta(hours=2), rationale="Health data"
    )
    assert breach.high_risk is True
    assert breach.ico_deadline == DISCOVERED + timedelta(hours=72)
    assert event.data["ico_deadline"] == (DISCOVERED + timedelta(hours=72)).isoformat()
    assert event.private == {"rationale": "Health data"}
    with pytest.raises(BreachError, match="already marked high risk"):
        rv.mark_high_risk(breach, by=DPO, at=T0, rationale="again")


def test_dpo_can_correct_the_time_of_becoming_aware(acknowledged: Breach) -> None:
    aware = T0 + timedelta(minutes=30)
    breach = rv.mark_high_risk(
        acknowledged, by=DPO, at=T0 + timedelta(hours=1), rationale="r", became_aware_at=aware
    ).breach
    assert breach.became_aware_at == aware
    assert breach.ico_deadline == aware + timedelta(hours=72)
    with pytest.raises(BreachError, match="cannot be in the future"):
        rv.mark_high_risk(acknowledged, by=DPO, at=T0, rationale="r", became_aware_at=aware)


def test_ico_window_comes_from_the_clock_settings(acknowledged: Breach) -> None:
    clocks = clk.ClockSettings(ico_window=timedelta(hours=48), ico_reminders=(timedelta(hours=24),))
    breach = rv.mark_high_risk(acknowledged, by=DPO, at=T0, rationale="r", clocks=clocks).breach
    assert breach.ico_deadline == DISCOVERED + timedelta(hours=48)


def test_rationale_is_required(acknowledged: Breach) -> None:
    with pytest.raises(BreachError, match="rationale is required"):
        rv.mark_high_risk(acknowledged, by=DPO, at=T0, rationale=" ")


def test_the_ico_decision_follows_the_assessment(acknowledged: Breach) -> None:
    with pytest.raises(BreachError, match="record the assessment first"):
        rv.record_ico_decision(acknowledged, notified=True, by=DPO, at=T0)
    high = rv.assess(acknowledged, assessment(high_risk=True)).breach
    with pytest.raises(BreachError, match="assessed high risk, so the ICO must be notified"):
        rv.record_ico_decision(high, notified=False, by=DPO, at=T0, reason="Seems fine")
    assert rv.record_ico_decision(high, notified=True, by=DPO, at=T0).breach.ico_notified_at == T0


def test_not_notifying_the_ico_needs_a_reason(acknowledged: Breach) -> None:
    low = rv.assess(acknowledged, assessment(high_risk=False)).breach
    with pytest.raises(BreachError, match="reason for not notifying the ICO"):
        rv.record_ico_decision(low, notified=False, by=DPO, at=T0)
    breach, event = rv.record_ico_decision(
        low, notified=False, by=DPO, at=T0, reason="Recovered unopened"
    )
    assert breach.ico_decision is not None
    assert breach.ico_decision.reason == "Recovered unopened"
    assert breach.ico_notified_at is None
    assert event.private == {"reason": "Recovered unopened"}
    assert event.data["within_deadline"] is None


def test_a_not_notified_decision_can_become_notified_but_not_back(acknowledged: Breach) -> None:
    low = rv.assess(acknowledged, assessment(high_risk=False)).breach
    breach = rv.record_ico_decision(low, notified=False, by=DPO, at=T0, reason="Low risk").breach
    breach, _ = rv.record_ico_decision(
        breach, notified=True, by=DPO, at=T0 + timedelta(hours=5), ico_reference=" IC-123 "
    )
    assert breach.ico_notified_at == T0 + timedelta(hours=5)
    assert breach.ico_decision is not None
    assert breach.ico_decision.ico_reference == "IC-123"
    with pytest.raises(BreachError, match="already been notified"):
        rv.record_ico_decision(breach, notified=False, by=DPO, at=T0, reason="changed mind")


def test_reassessing_as_high_risk_withdraws_a_not_reportable_decision(
    acknowledged: Breach,
) -> None:
    low = rv.assess(acknowledged, assessment(high_risk=False)).breach
    declined = rv.record_ico_decision(low, notified=False, by=DPO, at=T0, reason="Low").breach
    high, event = rv.assess(declined, assessment(high_risk=True))
    assert high.ico_decision is None  # the ICO question is open again, and its clock runs
    assert high.ico_deadline == DISCOVERED + timedelta(hours=72)
    assert event.data["ico_decision_withdrawn"] is True
    notified = rv.record_ico_decision(high, notified=True, by=DPO, at=T0).breach
    assert rv.assess(notified, assessment(high_risk=True)).breach.ico_decision is not None


@pytest.mark.parametrize(("hours", "within"), [(71, True), (72, True), (73, False)])
def test_ico_notification_records_whether_the_deadline_was_met(
    acknowledged: Breach, hours: int, within: bool
) -> None:
    breach = rv.assess(acknowledged, assessment(high_risk=True)).breach
    event = rv.record_ico_decision(
        breach, notified=True, by=DPO, at=DISCOVERED + timedelta(hours=hours)
    ).event
    assert event.data["within_deadline"] is within


def test_siro_and_individuals_are_recorded_once(acknowledged: Breach) -> None:
    breach = rv.notify_siro(acknowledged, by=DPO, at=T0).breach
    assert breach.siro_notified_at == T0
    with pytest.raises(BreachError, match="SIRO has already"):
        rv.notify_siro(breach, by=DPO, at=T0)
    with pytest.raises(BreachError, match="how they were told is required"):
        rv.inform_individuals(breach, by=DPO, at=T0)
    breach, event = rv.inform_individuals(breach, by=DPO, at=T0, how="Phoned the family")
    assert breach.individuals_informed_at == T0
    assert breach.individuals is not None
    assert breach.individuals.informed
    assert breach.individuals.how == "Phoned the family"
    assert event.kind is EventKind.INDIVIDUALS_INFORMED
    assert event.private == {"how": "Phoned the family"}
    with pytest.raises(BreachError, match="already recorded"):
        rv.inform_individuals(breach, by=DPO, at=T0, how="Again")


def test_not_informing_individuals_needs_a_reason(acknowledged: Breach) -> None:
    with pytest.raises(BreachError, match="reason for not informing them"):
        rv.inform_individuals(acknowledged, by=DPO, at=T0, informed=False)
    breach, event = rv.inform_individuals(
        acknowledged, by=DPO, at=T0, informed=False, reason="Recovered before anyone read it"
    )
    assert breach.individuals is not None
    assert not breach.individuals.informed
    assert breach.individuals_informed_at is None
    assert event.kind is EventKind.INDIVIDUALS_NOT_INFORMED
    assert event.private == {"reason": "Recovered before anyone read it"}


def test_high_risk_assessment_starts_the_ico_clock(acknowledged: Breach) -> None:
    breach, event = rv.assess(acknowledged, assessment(high_risk=True, at=T0))
    assert breach.state is BreachState.ASSESSED
    assert breach.high_risk is True
    assert breach.ico_deadline == DISCOVERED + timedelta(hours=72)
    assert event.data["data_types"] == ["personal", "special_category"]
    assert event.data["reassessment"] is False


def test_reassessment_as_not_high_risk_stops_the_ico_clock(acknowledged: Breach) -> None:
    breach = rv.assess(acknowledged, assessment(high_risk=True)).breach
    breach, event = rv.assess(breach, assessment(high_risk=False))
    assert breach.high_risk is False
    assert breach.ico_deadline is None
    assert event.data["reassessment"] is True


def test_assessment_validates_its_content() -> None:
    with pytest.raises(BreachError, match="at least one data type"):
        replace(assessment(), data_types=frozenset())
    with pytest.raises(BreachError, match="cannot be negative"):
        AffectedCount(-1)
    assert AffectedCount(40, estimated=True).describe() == "about 40 (estimate)"
    with pytest.raises(BreachError, match="likely impact"):
        Assessment(frozenset({DataType.CHILDREN}), AffectedCount(2), "", False, "r", DPO, T0)


def test_closing_names_everything_outstanding(acknowledged: Breach) -> None:
    breach = rv.assess(acknowledged, assessment(high_risk=True)).breach
    breach = lc.record_action(
        breach, kind=ActionKind.CONTAINMENT, text="Recall email", by=DPO, at=T0
    ).breach
    with pytest.raises(BreachError) as err:
        rv.close(breach, by=DPO, at=T0, outcome="Done")
    assert str(err.value) == (
        "cannot close yet: record the ICO decision; notify the SIRO; "
        "record whether the individuals were informed; record the investigation; "
        "complete the open containment actions; get the SIRO's approval"
    )


def _report_ready(acknowledged: Breach) -> Breach:
    """A high-risk breach with everything the post-breach report needs."""
    breach = rv.assess(acknowledged, assessment(high_risk=True)).breach
    breach = rv.notify_siro(breach, by=DPO, at=T0).breach
    breach = rv.record_ico_decision(breach, notified=True, by=DPO, at=T0).breach
    breach = rv.inform_individuals(breach, by=DPO, at=T0, how="Letter").breach
    breach = rv.record_investigation(breach, investigation()).breach
    return lc.record_action(
        breach, kind=ActionKind.REMEDIATION, text="Training", by=DPO, at=T0
    ).breach


def test_high_risk_breach_closes_once_the_siro_approved(acknowledged: Breach) -> None:
    breach = _report_ready(acknowledged)
    assert breach.needs_approval
    with pytest.raises(BreachError, match=r"cannot close yet: get the SIRO's approval$"):
        rv.close(breach, by=DPO, at=T0, outcome="Done")
    asked, event = rv.request_approval(breach, by=DPO, at=T0 + timedelta(hours=1))
    assert asked.approval_requested_at == T0 + timedelta(hours=1)
    assert event.kind is EventKind.APPROVAL_REQUESTED
    approved, event = rv.decide_approval(asked, by=SIRO, at=T0 + timedelta(hours=2), approved=True)
    assert approved.approved
    assert event.kind is EventKind.APPROVED
    with pytest.raises(BreachError, match="already approved"):
        rv.decide_approval(approved, by=SIRO, at=T0, approved=True)
    closed, event = rv.close(approved, by=SIRO, at=T0 + timedelta(days=1), outcome="Done")
    assert closed.state is BreachState.CLOSED
    assert closed.closure is not None
    assert closed.closure.by == SIRO
    assert not closed.is_open
    assert event.data == {"open_remediation_actions": 1}


def test_approval_is_asked_only_for_a_complete_report_that_needs_it(
    acknowledged: Breach, assessed: Breach
) -> None:
    with pytest.raises(BreachError, match="no approval needed"):
        rv.request_approval(assessed, by=DPO, at=T0)
    high = rv.assess(acknowledged, assessment(high_risk=True)).breach
    with pytest.raises(BreachError, match="not ready: record the ICO decision; notify the SIRO"):
        rv.request_approval(high, by=DPO, at=T0)
    with pytest.raises(BreachError, match="not ready"):
        rv.decide_approval(high, by=SIRO, at=T0, approved=True)


def test_the_siro_sends_back_with_a_note_and_the_dpo_asks_again(acknowledged: Breach) -> None:
    asked = rv.request_approval(_report_ready(acknowledged), by=DPO, at=T0).breach
    with pytest.raises(BreachError, match="note saying what to change"):
        rv.decide_approval(asked, by=SIRO, at=T0, approved=False)
    back, event = rv.decide_approval(
        asked, by=SIRO, at=T0, approved=False, note="Add the training date"
    )
    assert event.kind is EventKind.SENT_BACK
    assert event.private == {"note": "Add the training date"}
    assert back.approval is not None
    assert not back.approved
    assert back.approval_requested_at is None
    with pytest.raises(BreachError, match="has not asked for approval"):
        rv.decide_approval(back, by=SIRO, at=T0, approved=False, note="again")
    again = rv.request_approval(back, by=DPO, at=T0 + timedelta(hours=1)).breach
    assert again.approval is None
    assert rv.decide_approval(again, by=SIRO, at=T0, approved=True).breach.approved


def test_the_siro_may_approve_a_complete_report_not_yet_sent(acknowledged: Breach) -> None:
    approved = rv.decide_approval(
        _report_ready(acknowledged), by=SIRO, at=T0, approved=True, note=" Fine "
    )
    assert approved.breach.approval is not None
    assert approved.breach.approval.note == "Fine"
    assert approved.event.private == {"note": "Fine"}


def test_reopening_clears_the_approval(acknowledged: Breach) -> None:
    approved = rv.decide_approval(_report_ready(acknowledged), by=SIRO, at=T0, approved=True)
    closed = rv.close(approved.breach, by=DPO, at=T0, outcome="Done").breach
    reopened = rv.reopen(closed, by=SIRO, at=T0 + timedelta(days=1), reason="New facts").breach
    assert reopened.approval is None
    assert reopened.approval_requested_at is None
    with pytest.raises(BreachError, match="get the SIRO's approval"):
        rv.close(reopened, by=DPO, at=T0 + timedelta(days=2), outcome="Again")


def test_reopen_needs_a_reason_and_keeps_the_history(closed: Breach) -> None:
    with pytest.raises(BreachError, match="reason for reopening"):
        rv.reopen(closed, by=DPO, at=T0, reason="")
    assert closed.closure is not None
    first_close = closed.closure.at
    later = first_close + timedelta(days=1)
    breach, event = rv.reopen(closed, by=DPO, at=later, reason="Second folder found")
    assert breach.state is BreachState.ASSESSED
    assert breach.closure is None
    assert breach.reopenings[0].previous_closed_at == first_close
    assert event.kind is EventKind.REOPENED
    assert event.data["times"] == 1
    again = rv.close(breach, by=DPO, at=later + timedelta(hours=1), outcome="Both found").breach
    assert again.state is BreachState.CLOSED
    assert len(rv.reopen(again, by=DPO, at=later, reason="More").breach.reopenings) == 2


def test_investigation_only_after_assessment() -> None:
    with pytest.raises(BreachError, match="cannot record the investigation"):
        rv.record_investigation(in_state(BreachState.ACKNOWLEDGED), investigation())


def test_reassessment_as_high_risk_keeps_the_deadline_and_takes_the_new_reason(
    acknowledged: Breach,
) -> None:
    breach = rv.mark_high_risk(acknowledged, by=DPO, at=T0, rationale="First view").breach
    revised = replace(assessment(high_risk=True), rationale="Health data of two clients")
    again = rv.assess(breach, revised).breach
    assert again.ico_deadline == breach.ico_deadline
    assert again.risk_rationale == "Health data of two clients"
