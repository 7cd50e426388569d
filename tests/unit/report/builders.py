"""Breaches for report tests, built through the real domain transitions; invented people.

The reviews count from facts; ``monthly`` turns the breaches (and their events) into
facts through the register's projection (``bot.domain.facts.breach_facts``) first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from bot.domain import lifecycle as lc
from bot.domain import review as rv
from bot.domain.assessment import AffectedCount, Assessment, DataType
from bot.domain.breach import ActionKind, Actor, Breach, BreachEvent, Service, System
from bot.domain.facts import breach_facts
from bot.services.reports.monthly import Month, MonthlyReport, build_monthly_report

REPORTER = Actor("sam.carer@example.org", "Sam Carer")
DPO = Actor("dee.dpo@example.org", "Dee Dpo")
SIRO = Actor("sid.siro@example.org", "Sid Siro")
SECRET = "Care plan for Mrs Zebedee Quill left at 12 Pelican Row"


def reported(
    ref: str | None,
    at: datetime,
    *,
    service: Service = Service.ADULTS,
    minutes_after_discovery: int = 20,
) -> Breach:
    """A breach discovered ``minutes_after_discovery`` before it was reported ``at``.

    ``ref`` None leaves the reference for the register to allocate.
    """
    draft, _ = lc.create(reporter=REPORTER, at=at - timedelta(minutes=1))
    draft, _ = lc.update_draft(
        draft,
        by=REPORTER,
        at=at - timedelta(minutes=1),
        service=service,
        discovered_at=at - timedelta(minutes=minutes_after_discovery),
        location=SECRET,
        systems=(System.PAPER,),
        description=SECRET,
    )
    breach = lc.report(draft, at=at).breach
    return breach if ref is None else lc.with_reference(breach, ref)


def abandoned(ref: str, at: datetime, service: Service | None = Service.CHILDREN) -> Breach:
    """An incomplete report whose discovery time was never given."""
    draft, _ = lc.create(reporter=REPORTER, at=at - timedelta(minutes=15), service=service)
    return lc.with_reference(lc.abandon(draft, at=at).breach, ref)


def acked(breach: Breach, after: timedelta) -> Breach:
    assert breach.reported_at is not None
    return lc.acknowledge(breach, by=DPO, at=breach.reported_at + after).breach


def assessed(breach: Breach, at: datetime, *types: DataType, high_risk: bool = False) -> Breach:
    assessment = Assessment(
        data_types=frozenset(types or {DataType.PERSONAL}),
        individuals=AffectedCount(2),
        likely_impact=SECRET,
        high_risk=high_risk,
        rationale=SECRET,
        by=DPO,
        at=at,
    )
    return rv.assess(breach, assessment).breach


def ico(breach: Breach, at: datetime, *, notified: bool = True) -> Breach:
    reason = None if notified else "Encrypted device, no risk"
    return rv.record_ico_decision(breach, notified=notified, by=DPO, at=at, reason=reason).breach


def action(
    breach: Breach, at: datetime, kind: ActionKind, done_at: datetime | None = None
) -> Breach:
    breach = lc.record_action(breach, kind=kind, text=SECRET, by=DPO, at=at).breach
    if done_at is not None:
        index = len(breach.actions) - 1
        breach = lc.complete_action(breach, index=index, by=DPO, at=done_at).breach
    return breach


def escalation(breach: Breach, at: datetime) -> BreachEvent:
    return lc.hand_over(
        breach,
        to=SIRO,
        by=Actor("system", "CareGuard"),
        at=at,
        reason=lc.HandoverReason.NO_ACKNOWLEDGEMENT,
    ).event


def monthly(
    month: Month,
    breaches: Sequence[Breach],
    *,
    now: datetime,
    events: Mapping[str, Sequence[BreachEvent]] | None = None,
) -> MonthlyReport:
    """The monthly review of ``breaches`` (``events`` by reference: their escalations)."""
    trails = events or {}
    facts = [breach_facts(x, trails.get(x.reference or "", ())) for x in breaches]
    return build_monthly_report(month, facts, now=now)
