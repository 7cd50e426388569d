"""A breach's facts: what the monthly and annual reviews count, and nothing else.

Times, codes, flags and counts only, never free text or a person: the register keeps
them in plain columns (``bot.register.breaches.projection`` writes them from
``breach_facts`` on every change), so a review reads them without decrypting anything.
``breach_facts`` is the one projection from a domain breach and its events; the register
and the tests both use it, so figures from either are the same by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.assessment import DataType
from bot.domain.breach import Breach
from bot.domain.errors import BreachError
from bot.domain.events import BreachEvent, EventKind
from bot.domain.values import ActionKind, BreachState, Service, System

ESCALATION_REASON = "no_acknowledgement"
"""The hand-over reason of an automatic escalation (``handling.HandoverReason``)."""


@dataclass(frozen=True, slots=True)
class ActionFacts:
    """One containment or remediation action, without its text or its people."""

    kind: ActionKind
    opened_at: datetime
    completed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BreachFacts:
    """The non-personal facts of one breach, as the register's plain columns hold them.

    Attributes:
        reference: ``BR-YYYY-NNNN``.
        service: Adults or children (``None``: an abandoned report never named one).
        state: Where the breach is in its lifecycle.
        reported_at: When the report reached the DPO.
        minutes_late: Minutes past the report window (0 on time, ``None``: unknown).
        incomplete: Filed unfinished and still lacking what filing needs.
        acknowledged_at: When a DPO took it on.
        became_aware_at: When the organisation became aware (starts the ICO clock).
        high_risk: The assessment's verdict (``None`` until assessed).
        data_types: Kinds of data the assessment found (empty until assessed).
        systems: Systems involved.
        ico_deadline: When the ICO must be told (high-risk breaches only).
        ico_decided_at: When the ICO decision was recorded.
        ico_notified: Whether the ICO was told (``None`` until decided).
        closed_at: When it was closed (``None`` unless closed).
        actions: Its actions, in recorded order.
        escalated_at: When it was escalated for want of an acknowledgement, oldest first.
        purged: Only a tombstone remains (its other facts are as they were when purged).
    """

    reference: str
    service: Service | None
    state: BreachState
    reported_at: datetime | None
    minutes_late: int | None = None
    incomplete: bool = False
    acknowledged_at: datetime | None = None
    became_aware_at: datetime | None = None
    high_risk: bool | None = None
    data_types: frozenset[DataType] = frozenset()
    systems: frozenset[System] = frozenset()
    ico_deadline: datetime | None = None
    ico_decided_at: datetime | None = None
    ico_notified: bool | None = None
    closed_at: datetime | None = None
    actions: tuple[ActionFacts, ...] = ()
    escalated_at: tuple[datetime, ...] = ()
    purged: bool = False


def is_escalation(event: BreachEvent) -> bool:
    """True for a hand-over CareGuard made because nobody acknowledged the report."""
    return event.kind is EventKind.HANDED_OVER and event.data.get("reason") == ESCALATION_REASON


def escalation_times(events: Iterable[BreachEvent]) -> tuple[datetime, ...]:
    """When each escalation among ``events`` happened, in their order."""
    return tuple(e.at for e in events if is_escalation(e))


def breach_facts(breach: Breach, events: Iterable[BreachEvent] = ()) -> BreachFacts:
    """The facts of a breach in the register; ``events`` are its events (for escalations).

    Raises:
        BreachError: the breach has no reference yet (it is not in the register).
    """
    if breach.reference is None:
        raise BreachError("a breach in the register needs a reference")
    assessment = breach.assessment
    decision = breach.ico_decision
    return BreachFacts(
        reference=breach.reference,
        service=breach.service,
        state=breach.state,
        reported_at=breach.reported_at,
        minutes_late=breach.report_minutes_late,
        incomplete=breach.incomplete,
        acknowledged_at=breach.acknowledged_at,
        became_aware_at=breach.became_aware_at,
        high_risk=breach.high_risk,
        data_types=assessment.data_types if assessment else frozenset(),
        systems=frozenset(breach.systems),
        ico_deadline=breach.ico_deadline,
        ico_decided_at=decision.at if decision else None,
        ico_notified=decision.notified if decision else None,
        closed_at=breach.closure.at if breach.closure else None,
        actions=tuple(ActionFacts(a.kind, a.at, a.completed_at) for a in breach.actions),
        escalated_at=escalation_times(events),
    )
