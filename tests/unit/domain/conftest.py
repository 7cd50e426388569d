"""Builders for breaches in every state; invented people only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import lifecycle as lc
from bot.domain import review as rv
from bot.domain.assessment import AffectedCount, Assessment, DataType, Investigation
from bot.domain.breach import Actor, Breach, BreachState, Service, System

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
REPORTER = Actor("sam.carer@example.org", "Sam Carer")
DPO = Actor("dee.dpo@example.org", "Dee Dpo")
OTHER_DPO = Actor("ola.dpo@example.org", "Ola Dpo")
SIRO = Actor("sid.siro@example.org", "Sid Siro")
SECRET_TEXT = "Folder for Mrs Zebedee Quill left on bus"


def draft(at: datetime = T0) -> Breach:
    """A complete draft, discovered 20 minutes before ``at``."""
    breach, _ = lc.create(reporter=REPORTER, at=at - timedelta(minutes=5))
    breach, _ = lc.update_draft(
        breach,
        by=REPORTER,
        at=at,
        service=Service.ADULTS,
        discovered_at=at - timedelta(minutes=20),
        location="Route 4 bus",
        systems=(System.PAPER,),
        description=SECRET_TEXT,
    )
    return breach


def assessment(high_risk: bool = False, at: datetime = T0) -> Assessment:
    return Assessment(
        data_types=frozenset({DataType.PERSONAL, DataType.SPECIAL_CATEGORY}),
        individuals=AffectedCount(1),
        likely_impact="Distress; address known to a stranger",
        high_risk=high_risk,
        rationale="Health details and home address",
        by=DPO,
        at=at,
    )


def investigation(at: datetime = T0) -> Investigation:
    return Investigation(
        root_cause="Paper copy taken off site",
        lessons_learned="Use Birdie on the phone instead",
        recommended_changes="Remind carers in supervision",
        by=DPO,
        at=at,
    )


def in_state(state: BreachState) -> Breach:
    """A breach in ``state`` with everything a closure needs recorded along the way."""
    breach = draft()
    if state is BreachState.DRAFT:
        return breach
    breach = lc.report(breach, at=T0, assign_to=DPO).breach
    if state is BreachState.REPORTED:
        return breach
    breach = lc.acknowledge(breach, by=DPO, at=T0 + timedelta(minutes=4)).breach
    if state is BreachState.ACKNOWLEDGED:
        return breach
    breach = rv.assess(breach, assessment(at=T0 + timedelta(hours=1))).breach
    breach = rv.record_ico_decision(
        breach, notified=False, by=DPO, at=T0 + timedelta(hours=2), reason="Low risk"
    ).breach
    breach = rv.record_investigation(breach, investigation(T0 + timedelta(days=1))).breach
    if state is BreachState.ASSESSED:
        return breach
    return rv.close(breach, by=DPO, at=T0 + timedelta(days=2), outcome="Folder returned").breach


@pytest.fixture
def reported() -> Breach:
    return in_state(BreachState.REPORTED)


@pytest.fixture
def acknowledged() -> Breach:
    return in_state(BreachState.ACKNOWLEDGED)


@pytest.fixture
def assessed() -> Breach:
    return in_state(BreachState.ASSESSED)


@pytest.fixture
def closed() -> Breach:
    return in_state(BreachState.CLOSED)
