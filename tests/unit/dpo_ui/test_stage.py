"""The stage a breach card shows: what is due next, the clocks in UK time, the stage's steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain import lifecycle as lc
from bot.domain import review
from bot.domain.assessment import AffectedCount, Assessment, DataType, Investigation
from bot.domain.breach import Actor, Breach, Service
from bot.domain.clocks import DEFAULT_CLOCKS
from bot.services.stage import due_text, stage_of

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; UK time is UTC in November
DPO = Actor("ada@example.org", "Ada")
SIRO = Actor("sue@example.org", "Sue")


def reported(discovered_minutes_ago: int = 20) -> Breach:
    reporter = Actor("sam@example.org", "Sam")
    breach, _ = lc.create(reporter=reporter, at=T0)
    breach, _ = lc.update_draft(
        breach,
        by=reporter,
        at=T0,
        service=Service.ADULTS,
        discovered_at=T0 - timedelta(minutes=discovered_minutes_ago),
        description="Rota sent to the wrong group",
    )
    return replace(lc.report(breach, at=T0, assign_to=DPO).breach, reference="BR-2026-0001")


def assessed(high_risk: bool) -> Breach:
    breach = lc.acknowledge(reported(), by=DPO, at=T0 + timedelta(minutes=5)).breach
    assessment = Assessment(
        data_types=frozenset({DataType.PERSONAL}),
        individuals=AffectedCount(3),
        likely_impact="Distress",
        high_risk=high_risk,
        rationale="Because",
        by=DPO,
        at=T0 + timedelta(minutes=30),
    )
    return review.assess(breach, assessment).breach


def keys(breach: Breach, now: datetime) -> list[str]:
    return [s.key for s in stage_of(breach, now, DEFAULT_CLOCKS).steps]


def test_due_text_is_uk_local_with_hours_or_minutes_left_or_overdue() -> None:
    deadline = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)  # Thursday
    assert due_text(deadline, deadline - timedelta(hours=31, minutes=20)) == (
        "due Thu 14:05, 31 h left"
    )
    assert due_text(deadline, deadline - timedelta(minutes=45)) == "due Thu 14:05, 45 min left"
    assert due_text(deadline, deadline + timedelta(hours=2)) == "due Thu 14:05, 2 h overdue"
    summer = datetime(2026, 7, 2, 13, 5, tzinfo=UTC)  # 14:05 British Summer Time
    assert due_text(summer, summer - timedelta(hours=1)).startswith("due Thu 14:05")


def test_new_breach_waits_for_a_dpo_with_report_and_acknowledgement_clocks() -> None:
    stage = stage_of(reported(), T0 + timedelta(minutes=3), DEFAULT_CLOCKS)
    assert stage.name == "New"
    clocks = dict(stage.clocks)
    assert clocks["1-hour report"] == "reported Mon 23 Nov, 09:00, within the hour"
    assert clocks["Acknowledge"] == "due Mon 09:15, 12 min left"
    assert [s.key for s in stage.steps][:2] == ["breach.acknowledge", "assess"]


def test_late_report_says_how_late() -> None:
    clocks = dict(stage_of(reported(90), T0, DEFAULT_CLOCKS).clocks)
    assert clocks["1-hour report"] == "reported Mon 23 Nov, 09:00, 30 min late"


def test_acknowledged_breach_is_to_be_assessed() -> None:
    breach = lc.acknowledge(reported(), by=DPO, at=T0).breach
    stage = stage_of(breach, T0, DEFAULT_CLOCKS)
    assert stage.name == "Assessment"
    assert "Acknowledge" not in dict(stage.clocks)
    assert keys(breach, T0)[0] == "assess"


def test_high_risk_shows_the_ico_clock_and_the_ico_steps() -> None:
    breach = assessed(high_risk=True)
    now = T0 + timedelta(hours=40)  # aware Mon 08:40, due Thu 08:40: 31 h 40 min left
    stage = stage_of(breach, now, DEFAULT_CLOCKS)
    assert stage.name == "ICO decision"
    assert dict(stage.clocks)["ICO (72 h)"] == "due Thu 08:40, 31 h left"
    assert "due Thu 08:40, 31 h left" in stage.next_due
    assert keys(breach, now)[:2] == ["ico", "breach.ico_pack"]
    assert "breach.notify_siro" not in keys(breach, now)  # high risk: the SIRO was told


def test_not_high_risk_offers_notify_siro_and_no_ico_clock() -> None:
    breach = assessed(high_risk=False)
    stage = stage_of(breach, T0, DEFAULT_CLOCKS)
    assert "ICO (72 h)" not in dict(stage.clocks)
    assert "breach.notify_siro" in keys(breach, T0)
    assert "breach.ico_pack" not in keys(breach, T0)


def _investigated(breach: Breach) -> Breach:
    at = T0 + timedelta(hours=2)
    if breach.high_risk:
        breach = review.notify_siro(breach, by=DPO, at=at).breach
    breach = review.record_ico_decision(breach, notified=True, by=DPO, at=at).breach
    if breach.high_risk:
        breach = review.inform_individuals(breach, by=DPO, at=at, how="Phone").breach
    found = Investigation("Cause", "Lessons", "Changes", DPO, at)
    return review.record_investigation(breach, found).breach


def test_after_the_ico_is_notified_the_clock_says_so_and_approval_comes_next() -> None:
    breach = _investigated(assessed(high_risk=True))
    now = T0 + timedelta(hours=3)
    stage = stage_of(breach, now, DEFAULT_CLOCKS)
    assert dict(stage.clocks)["ICO (72 h)"] == "notified Mon 23 Nov, 11:00, within 72 h"
    assert keys(breach, now)[0] == "breach.request_approval"
    asked = review.request_approval(breach, by=DPO, at=now).breach
    assert stage_of(asked, now, DEFAULT_CLOCKS).name == "SIRO approval"
    approved = review.decide_approval(asked, by=SIRO, at=now, approved=True).breach
    ready = stage_of(approved, now, DEFAULT_CLOCKS)
    assert ready.name == "Ready to close"
    assert ready.steps[0].key == "close"


def test_closed_breach_offers_reopen_only() -> None:
    breach = _investigated(assessed(high_risk=False))
    breach = review.close(breach, by=DPO, at=T0 + timedelta(hours=4), outcome="Done").breach
    stage = stage_of(breach, T0 + timedelta(hours=5), DEFAULT_CLOCKS)
    assert stage.closed
    assert stage.next_due == ""
    assert [s.key for s in stage.steps] == ["reopen", "breach.details"]
    assert dict(stage.clocks)["Closed"] == "Mon 23 Nov, 13:00"
