"""Building breaches through the real domain transitions (invented people only)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import lifecycle, review
from bot.domain.assessment import AffectedCount, Assessment, DataType, Investigation
from bot.domain.breach import Actor, Breach, BreachEvent, Service, System, Transition
from bot.register.breaches.repository import BreachRepository

REPORTER = Actor("sam.carer@example.org", "Sam Carer")
DPO = Actor("dee.protector@example.org", "Dee Protector")
SECRET_DESCRIPTION = "Left the care plan of Mrs Zelda Quincefield on the number 7 bus"
SECRET_LOCATION = "14 Invented Lane, Exampleton"


def reported(
    at: datetime,
    *,
    service: Service = Service.ADULTS,
    description: str = SECRET_DESCRIPTION,
) -> tuple[Breach, list[BreachEvent]]:
    """A breach reported 20 minutes after discovery, with its three events."""
    created = lifecycle.create(reporter=REPORTER, at=at, service=service)
    drafted = lifecycle.update_draft(
        created.breach,
        by=REPORTER,
        at=at,
        discovered_at=at - timedelta(minutes=20),
        location=SECRET_LOCATION,
        systems=(System.BIRDIE, System.WHATSAPP),
        description=description,
        containment_notes="Phoned the bus company",
    )
    submitted = lifecycle.report(drafted.breach, at=at)
    return submitted.breach, [created.event, drafted.event, submitted.event]


def add_reported(repo: BreachRepository, at: datetime, **kwargs: object) -> Breach:
    """Log a reported breach and return it with its reference."""
    breach, events = reported(at, **kwargs)  # type: ignore[arg-type]
    return repo.add(breach, events)


def close_steps(at: datetime) -> list[object]:
    """Transitions that take a reported breach to closed, one hour apart from ``at``."""

    def step(n: int) -> datetime:
        return at + timedelta(hours=n)

    assessment = Assessment(
        data_types=frozenset({DataType.PERSONAL, DataType.SPECIAL_CATEGORY}),
        individuals=AffectedCount(1),
        likely_impact="Distress to the client",
        high_risk=False,
        rationale="Recovered within the hour",
        by=DPO,
        at=step(2),
    )
    investigation = Investigation(
        root_cause="Paper notes taken off site",
        lessons_learned="Use the app",
        recommended_changes="Refresher training",
        by=DPO,
        at=step(4),
    )
    return [
        lambda b: lifecycle.acknowledge(b, by=DPO, at=step(1)),
        lambda b: review.assess(b, assessment),
        lambda b: review.record_ico_decision(
            b, notified=False, by=DPO, at=step(3), reason="Low risk: recovered"
        ),
        lambda b: review.record_investigation(b, investigation),
        lambda b: review.close(b, by=DPO, at=step(5), outcome="Retrained; no further action"),
    ]


def add_closed(repo: BreachRepository, at: datetime) -> Breach:
    """Log a breach reported at ``at`` and take it all the way to closed (5 h later)."""
    breach = add_reported(repo, at)
    assert breach.reference is not None
    for change in close_steps(at):
        breach = repo.apply(breach.reference, change)  # type: ignore[arg-type]
    return breach


__all__ = ["Transition"]
