"""Timers a breach needs, and how its clocks read on cards."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import deadlines as dl
from bot.domain import review as rv
from bot.domain.breach import Breach, BreachState
from bot.domain.clocks import ClockSettings

from .conftest import DPO, T0, assessment, in_state

DISCOVERED = T0 - timedelta(minutes=20)


def test_unacknowledged_report_needs_its_first_escalation_step(reported: Breach) -> None:
    assert dl.timers_for(reported) == (
        dl.Timer(dl.TimerKind.ESCALATION, T0 + timedelta(minutes=15), "escalation:1"),
    )
    short = ClockSettings(ack_timeout=timedelta(minutes=2))
    assert dl.timers_for(reported, short)[0].due_at == T0 + timedelta(minutes=2)


def test_acknowledged_low_risk_breach_needs_no_timers(acknowledged: Breach) -> None:
    assert dl.timers_for(acknowledged) == ()
    assert dl.timers_for(in_state(BreachState.DRAFT)) == ()


def test_high_risk_breach_needs_ico_reminders_until_decided(acknowledged: Breach) -> None:
    breach = rv.assess(acknowledged, assessment(high_risk=True)).breach
    timers = dl.timers_for(breach)
    assert [(t.key, t.due_at - DISCOVERED) for t in timers] == [
        ("ico_reminder:24h", timedelta(hours=24)),
        ("ico_reminder:48h", timedelta(hours=48)),
        ("ico_reminder:66h", timedelta(hours=66)),
        ("ico_deadline", timedelta(hours=72)),
    ]
    notified = rv.record_ico_decision(breach, notified=True, by=DPO, at=T0).breach
    assert dl.timers_for(notified) == ()
    assert dl.ico_clock(notified, T0) is None
    assert dl.ico_clock(breach, T0) is not None


def test_ico_clock_reads_time_left_in_uk_time(acknowledged: Breach) -> None:
    assert dl.ico_clock(acknowledged, T0) is None
    breach = rv.mark_high_risk(acknowledged, by=DPO, at=T0, rationale="r").breach
    reading = dl.ico_clock(breach, DISCOVERED + timedelta(hours=70))
    assert reading is not None
    assert reading.minutes_left == 120
    assert reading.status == "2 h 00 min left"
    assert reading.shown == "Thu 07 May 2026 09:40 BST"
    assert not reading.overdue
    late = dl.ico_clock(breach, DISCOVERED + timedelta(hours=73))
    assert late is not None
    assert late.overdue


def test_report_clock(reported: Breach) -> None:
    reading = dl.report_clock(reported, T0)
    assert reading is not None
    assert reading.minutes_left == 40


def test_escalation_steps_follow_the_plan(reported: Breach) -> None:
    every = timedelta(minutes=12)
    plan = dl.EscalationPlan(every, steps=3)
    assert dl.timers_for(reported, escalation=plan) == (
        dl.Timer(dl.TimerKind.ESCALATION, T0 + 3 * every, "escalation:3"),
    )


def test_a_chain_waiting_for_a_delivery_has_no_step_pending(reported: Breach) -> None:
    plan = dl.EscalationPlan(timedelta(minutes=15), steps=2, waiting=True)
    assert dl.timers_for(reported, escalation=plan) == ()


def test_a_late_delivery_gives_the_person_half_an_interval(reported: Breach) -> None:
    every = timedelta(minutes=15)
    told = T0 + timedelta(minutes=34)  # an outage delayed the second notice
    plan = dl.EscalationPlan(every, steps=2, last_asked_at=told)
    (step,) = dl.timers_for(reported, escalation=plan)
    assert step.due_at == told + every / 2


def test_an_exhausted_chain_reminds_the_owner_once(reported: Breach) -> None:
    every = timedelta(minutes=15)
    (remind,) = dl.timers_for(reported, escalation=dl.EscalationPlan(every, steps=4, more=False))
    assert remind.key == "escalation:remind"
    assert remind.due_at == T0 + 4 * every
    done = dl.EscalationPlan(every, steps=4, more=False, reminded=True)
    assert dl.timers_for(reported, escalation=done) == ()
