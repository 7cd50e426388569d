"""Reports without every detail are filed, and a reporter can finish one filed incomplete."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import lifecycle as lc
from bot.domain.breach import Breach, BreachError, BreachState, EventKind, Service, System
from bot.domain.report_fields import ReportDetails

from .conftest import DPO, REPORTER, T0, in_state


def abandoned_without_details() -> Breach:
    breach = lc.create(reporter=REPORTER, at=T0, service=Service.CHILDREN).breach
    return lc.abandon(breach, at=T0 + timedelta(minutes=10), assign_to=DPO).breach


def test_report_without_location_or_systems_is_filed_and_the_gap_recorded() -> None:
    breach = lc.create(reporter=REPORTER, at=T0).breach
    breach = lc.update_draft(
        breach,
        by=REPORTER,
        at=T0,
        service=Service.ADULTS,
        discovered_at=T0 - timedelta(minutes=5),
        description="Sent a rota to the wrong group",
    ).breach
    filed, event = lc.report(breach, at=T0)
    assert filed.state is BreachState.REPORTED
    assert not filed.incomplete
    assert event.data["missing"] == ["location", "systems"]


def test_other_system_and_containment_steps_are_kept() -> None:
    breach = lc.create(reporter=REPORTER, at=T0).breach
    breach, event = lc.update_draft(
        breach,
        by=REPORTER,
        at=T0,
        systems=(System.OTHER,),
        other_system="Fax machine",
        containment_steps=("locked_device", "locked_device", "changed_password"),
    )
    assert breach.other_system == "Fax machine"
    assert breach.containment_steps == ("locked_device", "changed_password")
    assert event.private == {"other_system": "Fax machine"}
    assert event.data["containment_steps"] == ["locked_device", "changed_password"]


def test_reporter_finishes_an_abandoned_report() -> None:
    breach = abandoned_without_details()
    assert breach.incomplete
    details = ReportDetails(
        discovered_at=T0 - timedelta(minutes=70),
        location="Office",
        systems=(System.EMAIL,),
        description="Email to wrong parent",
    )
    done, event = lc.complete_report(breach, details, by=REPORTER, at=T0 + timedelta(minutes=30))
    assert not done.incomplete
    assert done.reported_at == T0 + timedelta(minutes=10)  # when the DPO got the partial
    assert done.report_minutes_late == 20  # 80 min after discovery
    assert done.became_aware_at == T0 - timedelta(minutes=70)
    assert done.state is BreachState.REPORTED
    assert event.kind is EventKind.REPORT_COMPLETED
    assert event.data["incomplete"] is False
    assert event.data["missing"] == []
    assert event.private["description"] == "Email to wrong parent"


def test_partial_completion_keeps_the_report_incomplete() -> None:
    breach = abandoned_without_details()
    details = ReportDetails(location="Kitchen")
    done = lc.complete_report(breach, details, by=REPORTER, at=T0 + timedelta(minutes=12)).breach
    assert done.incomplete
    assert done.location == "Kitchen"


def test_completion_works_after_the_dpo_acknowledged() -> None:
    breach = abandoned_without_details()
    breach = lc.acknowledge(breach, by=DPO, at=T0 + timedelta(minutes=11)).breach
    details = ReportDetails(discovered_at=T0, description="Lost phone")
    done = lc.complete_report(breach, details, by=REPORTER, at=T0 + timedelta(minutes=20)).breach
    assert done.state is BreachState.ACKNOWLEDGED
    assert not done.incomplete


def test_completion_refuses_complete_reports_and_future_discovery(reported: Breach) -> None:
    with pytest.raises(BreachError, match="already complete"):
        lc.complete_report(reported, ReportDetails(location="x"), by=REPORTER, at=T0)
    breach = abandoned_without_details()
    future = ReportDetails(discovered_at=T0 + timedelta(hours=1))
    with pytest.raises(BreachError, match="discovery time cannot be later"):
        lc.complete_report(breach, future, by=REPORTER, at=T0 + timedelta(hours=2))
    with pytest.raises(BreachError, match="cannot complete the report of a breach that is closed"):
        lc.complete_report(in_state(BreachState.CLOSED), ReportDetails(), by=REPORTER, at=T0)


def test_dpo_corrected_awareness_is_not_overwritten_by_a_late_discovery_time() -> None:
    from bot.domain import review as rv

    breach = abandoned_without_details()  # became aware = filing time (no discovery yet)
    breach = lc.acknowledge(breach, by=DPO, at=T0 + timedelta(minutes=11)).breach
    aware = T0 + timedelta(minutes=5)
    breach = rv.mark_high_risk(
        breach, by=DPO, at=T0 + timedelta(minutes=12), rationale="r", became_aware_at=aware
    ).breach
    details = ReportDetails(discovered_at=T0, description="Lost phone")
    done = lc.complete_report(breach, details, by=REPORTER, at=T0 + timedelta(minutes=20)).breach
    assert done.became_aware_at == aware
    assert done.ico_deadline == aware + timedelta(hours=72)


def test_discovery_given_later_moves_a_running_ico_clock_earlier() -> None:
    from bot.domain import review as rv

    breach = abandoned_without_details()  # filed at T0 + 10 min
    breach = lc.acknowledge(breach, by=DPO, at=T0 + timedelta(minutes=11)).breach
    breach = rv.mark_high_risk(breach, by=DPO, at=T0 + timedelta(minutes=12), rationale="r").breach
    assert breach.ico_deadline == T0 + timedelta(minutes=10, hours=72)
    details = ReportDetails(discovered_at=T0 - timedelta(hours=2), description="Lost phone")
    done = lc.complete_report(breach, details, by=REPORTER, at=T0 + timedelta(minutes=20)).breach
    assert done.became_aware_at == T0 - timedelta(hours=2)
    assert done.ico_deadline == T0 + timedelta(hours=70)
