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


def test_not_notifying_the_ico_needs_a_reason(acknowledged: Breach) -> None:
    with pytest.raises(BreachError, match="reason for not notifying the ICO"):
        rv.record_ico_decision(acknowledged, notified=False, by=DPO, at=T0)
    breach, event = rv.record_ico_decision(
        acknowledged, notified=False, by=DPO, at=T0, reason="Recovered unopened"
    )
    assert breach.ico_decision is not None
    assert breach.ico_decision.reason == "Recovered unopened"
    assert breach.ico_notified_at is None
    assert event.private == {"reason": "Recovered unopened"}


def test_a_not_notified_decision_can_become_notified_but_not_back(acknowledged: Breach) -> None:
    breach = rv.record_ico_decision(
        acknowledged, notified=False, by=DPO, at=T0, reason="Low risk"
    ).breach
    breach, _ = rv.record_ico_decision(
        breach, notified=True, by=DPO, at=T0 + timedelta(hours=5), ico_reference=" IC-123 "
    )
    assert breach.ico_notified_at == T0 + timedelta(hours=5)
    assert breach.ico_decision is not None
    assert breach.ico_decision.ico_reference == "IC-123"
    with pytest.raises(BreachError, match="already been notified"):
        rv.record_ico_decision(breach, notified=False, by=DPO, at=T0, reason="changed mind")


@pytest.mark.parametrize(("hours", "within"), [(71, True), (72, True), (73, False)])
def test_ico_notification_records_whether_the_deadline_was_met(
    acknowledged: Breach, hours: int, within: bool
) -> None:
    breach = rv.mark_high_risk(acknowledged, by=DPO, at=T0, rationale="r").breach
    event = rv.record_ico_decision(
        breach, notified=True, by=DPO, at=DISCOVERED + timedelta(hours=hours)
    ).event
    assert event.data["within_deadline"] is within


def test_siro_and_individuals_are_recorded_once(acknowledged: Breach) -> None:
    breach = rv.notify_siro(acknowledged, by=DPO, at=T0).breach
    assert breach.siro_notified_at == T0
    with pytest.raises(BreachError, match="SIRO has already"):
        rv.notify_siro(breach, by=DPO, at=T0)
    breach, event = rv.inform_individuals(breach, by=DPO, at=T0, note="Phoned the family")
    assert breach.individuals_informed_at == T0
    assert event.private == {"note": "Phoned the family"}
    with pytest.raises(BreachError, match="already recorded"):
        rv.inform_individuals(breach, by=DPO, at=T0)


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
        "record the investigation; complete the open containment actions"
    )


def test_high_risk_breach_closes_once_siro_ico_and_investigation_are_done(
    acknowledged: Breach,
) -> None:
    breach = rv.assess(acknowledged, assessment(high_risk=True)).breach
    breach = rv.notify_siro(breach, by=DPO, at=T0).breach
    breach = rv.record_ico_decision(breach, notified=True, by=DPO, at=T0).breach
    breach = rv.record_investigation(breach, investigation()).breach
    breach = lc.record_action(
        breach, kind=ActionKind.REMEDIATION, text="Training", by=DPO, at=T0
    ).breach
    closed, event = rv.close(breach, by=SIRO, at=T0 + timedelta(days=1), outcome="Done")
    assert closed.state is BreachState.CLOSED
    assert closed.closure is not None
    assert closed.closure.by == SIRO
    assert not closed.is_open
    assert event.data == {"open_remediation_actions": 1}


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
