"""The breach record. Immutable: transitions in ``lifecycle`` and ``review`` return new copies.

Re-exports the value types so callers can ``from bot.domain.breach import ...`` everything
a breach is made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from bot.domain.assessment import Assessment, Closure, DataType, Investigation
from bot.domain.errors import BreachError
from bot.domain.events import BreachEvent, EventKind
from bot.domain.values import (
    OPEN_STATES,
    SYSTEM_ACTOR,
    Action,
    ActionKind,
    ActionOwner,
    Actor,
    Approval,
    BreachState,
    IcoDecision,
    IndividualsDecision,
    Reopening,
    Service,
    System,
)

__all__ = [
    "OPEN_STATES",
    "SYSTEM_ACTOR",
    "Action",
    "ActionKind",
    "ActionOwner",
    "Actor",
    "Approval",
    "Assessment",
    "Breach",
    "BreachError",
    "BreachEvent",
    "BreachState",
    "Closure",
    "DataType",
    "EventKind",
    "IcoDecision",
    "IndividualsDecision",
    "Investigation",
    "Reopening",
    "Service",
    "System",
    "Transition",
]


@dataclass(frozen=True, slots=True)
class Breach:
    """One personal-data breach, from the first words of a report to its closure.

    Attributes:
        id: Stable identifier, assigned at creation (before any reference exists).
        reference: ``BR-YYYY-NNNN`` once the register has allocated it, else ``None``.
        state: Where the breach is in its lifecycle.
        reporter: Who reported it.
        created_at: When the report was started.
        service: Adults or children (``None`` only in an unfinished draft).
        discovered_at: When staff discovered the breach (policy 1b: date/time).
        reported_at: When the report reached the DPO.
        became_aware_at: When the organisation became aware (starts the ICO clock).
        report_minutes_late: Minutes past the 60-minute report window; 0 when on time.
        location: Where it happened (free text).
        systems: Systems involved.
        other_system: What the "other" system was (free text).
        description: What happened (free text).
        containment_steps: Codes of immediate steps the reporter took (policy 1c).
        containment_notes: Other immediate steps, in the reporter's words.
        actions: Containment and remediation actions.
        assigned_to: Who is responsible now.
        acknowledged_by: Who acknowledged the report.
        acknowledged_at: When.
        high_risk: True/False once decided; ``None`` until then.
        risk_rationale: Why it is high risk.
        ico_deadline: When the ICO must be told (high-risk breaches only).
        siro_notified_at: When the SIRO was told.
        ico_decision: Whether the ICO was notified, and why not if not.
        individuals_informed_at: When the affected people were told.
        individuals: Whether they were told, how, or why not.
        assessment: The DPO's assessment.
        investigation: Root cause, lessons learned, recommended changes.
        approval_requested_at: When the DPO asked the SIRO to approve the post-breach
            report (``None`` when not asked, or sent back since).
        approval: The SIRO's decision on the post-breach report.
        closure: How and when it was closed (``None`` unless closed).
        reopenings: Earlier closures undone, oldest first.
        incomplete: True while a report filed unfinished (abandoned) still lacks what
            filing needs (service, discovery time, description).
    """

    id: str
    reference: str | None
    state: BreachState
    reporter: Actor
    created_at: datetime
    service: Service | None = None
    discovered_at: datetime | None = None
    reported_at: datetime | None = None
    became_aware_at: datetime | None = None
    report_minutes_late: int | None = None
    location: str | None = None
    systems: tuple[System, ...] = ()
    other_system: str | None = None
    description: str | None = None
    containment_steps: tuple[str, ...] = ()
    containment_notes: str | None = None
    actions: tuple[Action, ...] = ()
    assigned_to: Actor | None = None
    acknowledged_by: Actor | None = None
    acknowledged_at: datetime | None = None
    high_risk: bool | None = None
    risk_rationale: str | None = None
    ico_deadline: datetime | None = None
    siro_notified_at: datetime | None = None
    ico_decision: IcoDecision | None = None
    individuals_informed_at: datetime | None = None
    individuals: IndividualsDecision | None = None
    assessment: Assessment | None = None
    investigation: Investigation | None = None
    approval_requested_at: datetime | None = None
    approval: Approval | None = None
    closure: Closure | None = None
    reopenings: tuple[Reopening, ...] = ()
    incomplete: bool = False

    @property
    def is_open(self) -> bool:
        """True while a DPO still has work to do on it."""
        return self.state in OPEN_STATES

    @property
    def open_actions(self) -> tuple[Action, ...]:
        """Actions not yet done."""
        return tuple(a for a in self.actions if a.is_open)

    @property
    def ico_notified_at(self) -> datetime | None:
        """When the ICO was notified, if it was."""
        decision = self.ico_decision
        return decision.at if decision is not None and decision.notified else None

    @property
    def needs_approval(self) -> bool:
        """High-risk or significant (the SIRO was told) breaches need the SIRO's approval."""
        return bool(self.high_risk) or self.siro_notified_at is not None

    @property
    def approved(self) -> bool:
        """True once the SIRO approved the post-breach report."""
        return self.approval is not None and self.approval.approved

    @property
    def label(self) -> str:
        """The reference, or ``"draft"`` before one is allocated; safe for logs."""
        return self.reference or "draft"


class Transition(NamedTuple):
    """The result of a change: the new breach and the event that records it."""

    breach: Breach
    event: BreachEvent
