"""DPO-side transitions: risk, SIRO and ICO, individuals, assessment, investigation, closure.

Like ``lifecycle``, every function returns a ``Transition`` and never changes its input.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.domain import clocks as clk
from bot.domain._rules import ACTIVE, iso, require_state, require_text, utc
from bot.domain.approval import decide_approval, report_blockers, request_approval
from bot.domain.assessment import Assessment, Closure, Investigation
from bot.domain.breach import Breach, Transition
from bot.domain.errors import BreachError
from bot.domain.events import BreachEvent, EventKind, JSONValue
from bot.domain.values import (
    OPEN_STATES,
    Actor,
    BreachState,
    IcoDecision,
    IndividualsDecision,
    Reopening,
)

__all__ = [
    "assess",
    "close",
    "closing_blockers",
    "decide_approval",
    "inform_individuals",
    "mark_high_risk",
    "notify_siro",
    "record_ico_decision",
    "record_investigation",
    "reopen",
    "report_blockers",
    "request_approval",
]


def mark_high_risk(
    breach: Breach,
    *,
    by: Actor,
    at: datetime,
    rationale: str,
    became_aware_at: datetime | None = None,
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
) -> Transition:
    """Mark a breach high risk, starting the ICO clock (72 h from becoming aware).

    Args:
        breach: An acknowledged or assessed breach.
        by: The DPO deciding.
        at: When.
        rationale: Why it is high risk (required).
        became_aware_at: Correct the moment the organisation became aware; defaults
            to the value recorded at report time (the discovery time).
        clocks: The organisation's time limits.
    """
    require_state(breach, ACTIVE, "mark high risk")
    if breach.high_risk:
        raise BreachError("the breach is already marked high risk")
    at = utc(at)
    aware = utc(became_aware_at, "became_aware_at") if became_aware_at else breach.became_aware_at
    aware = aware or at
    if aware > at:
        raise BreachError("the time of becoming aware cannot be in the future")
    updated = _set_high_risk(breach, aware, require_text(rationale, "a rationale"), clocks)
    data: dict[str, JSONValue] = {
        "became_aware_at": aware.isoformat(),
        "ico_deadline": iso(updated.ico_deadline),
    }
    event = BreachEvent(EventKind.MARKED_HIGH_RISK, by, at, data, {"rationale": rationale})
    return Transition(updated, event)


def _set_high_risk(
    breach: Breach, aware: datetime, rationale: str, clocks: clk.ClockSettings
) -> Breach:
    return replace(
        breach,
        high_risk=True,
        risk_rationale=rationale,
        became_aware_at=aware,
        ico_deadline=clk.ico_deadline(aware, clocks),
    )


def notify_siro(breach: Breach, *, by: Actor, at: datetime) -> Transition:
    """Record that the SIRO was told about a significant or high-risk breach (policy 2c)."""
    require_state(breach, OPEN_STATES, "notify the SIRO about")
    if breach.siro_notified_at is not None:
        raise BreachError("the SIRO has already been notified")
    at = utc(at)
    updated = replace(breach, siro_notified_at=at)
    return Transition(updated, BreachEvent(EventKind.SIRO_NOTIFIED, by, at, {}))


def record_ico_decision(
    breach: Breach,
    *,
    notified: bool,
    by: Actor,
    at: datetime,
    reason: str | None = None,
    ico_reference: str | None = None,
) -> Transition:
    """Record that the ICO was notified, or why it was not (a reason is then required).

    The decision follows the assessment: it is refused before one, and "not reportable"
    is refused for a breach assessed high risk (revise the assessment first). A "not
    notified" decision may later become "notified"; never the other way round.
    """
    require_state(breach, ACTIVE, "record the ICO decision for")
    if breach.assessment is None:
        raise BreachError("record the assessment first: the ICO decision follows from it")
    if not notified and breach.high_risk:
        raise BreachError(
            "the breach is assessed high risk, so the ICO must be notified "
            "(or revise the assessment first)"
        )
    if breach.ico_decision is not None and breach.ico_decision.notified:
        raise BreachError("the ICO has already been notified")
    at = utc(at)
    why = None if notified else require_text(reason, "a reason for not notifying the ICO")
    decision = IcoDecision(notified, by, at, why, ico_reference.strip() if ico_reference else None)
    deadline = breach.ico_deadline
    data: dict[str, JSONValue] = {
        "notified": notified,
        "ico_reference": decision.ico_reference,
        "high_risk": breach.high_risk,
        "within_deadline": (at <= deadline) if notified and deadline is not None else None,
    }
    private = {"reason": why} if why else {}
    event = BreachEvent(EventKind.ICO_DECISION, by, at, data, private)
    return Transition(replace(breach, ico_decision=decision), event)


def inform_individuals(
    breach: Breach,
    *,
    by: Actor,
    at: datetime,
    informed: bool = True,
    how: str | None = None,
    reason: str | None = None,
) -> Transition:
    """Record that the affected people were told and how, or why not (policy 5c)."""
    require_state(breach, ACTIVE, "record informing individuals for")
    if breach.individuals is not None or breach.individuals_informed_at is not None:
        raise BreachError("whether the individuals were informed is already recorded")
    at = utc(at)
    if informed:
        told = IndividualsDecision(True, by, at, how=require_text(how, "how they were told"))
        private = {"how": told.how or ""}
        updated = replace(breach, individuals=told, individuals_informed_at=at)
        return Transition(updated, BreachEvent(EventKind.INDIVIDUALS_INFORMED, by, at, {}, private))
    why = require_text(reason, "a reason for not informing them")
    kept = IndividualsDecision(False, by, at, reason=why)
    event = BreachEvent(EventKind.INDIVIDUALS_NOT_INFORMED, by, at, {}, {"reason": why})
    return Transition(replace(breach, individuals=kept), event)


def assess(
    breach: Breach, assessment: Assessment, clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS
) -> Transition:
    """Record (or revise) the DPO's assessment (policy 2b).

    A high-risk assessment starts the ICO clock if it is not running, and withdraws an
    earlier "not reportable" ICO decision (a high-risk breach must be notified); a later
    assessment that is not high risk stops the clock.
    """
    require_state(breach, ACTIVE, "assess")
    at = utc(assessment.at, "assessment time")
    updated = replace(breach, state=BreachState.ASSESSED, assessment=assessment)
    if assessment.high_risk and not breach.high_risk:
        aware = breach.became_aware_at or at
        updated = _set_high_risk(updated, aware, assessment.rationale, clocks)
    elif assessment.high_risk:  # already running: keep the deadline, take the new reasoning
        updated = replace(updated, risk_rationale=assessment.rationale)
    else:
        updated = replace(updated, high_risk=False, risk_rationale=assessment.rationale)
        updated = replace(updated, ico_deadline=None)
    previous = breach.ico_decision
    withdrawn = assessment.high_risk and previous is not None and not previous.notified
    if withdrawn:
        updated = replace(updated, ico_decision=None)
    updated, unapproved = _unapproved(updated)
    data: dict[str, JSONValue] = {
        "approval_withdrawn": unapproved,
        "data_types": sorted(t.value for t in assessment.data_types),
        "subjects": sorted(c.value for c in assessment.subjects),
        "individuals": assessment.individuals.count,
        "estimated": assessment.individuals.estimated,
        "high_risk": assessment.high_risk,
        "reassessment": breach.assessment is not None,
        "ico_deadline": iso(updated.ico_deadline),
        "ico_decision_withdrawn": withdrawn,
    }
    private = {"likely_impact": assessment.likely_impact, "rationale": assessment.rationale}
    event = BreachEvent(EventKind.ASSESSED, assessment.by, at, data, private)
    return Transition(updated, event)


def record_investigation(breach: Breach, investigation: Investigation) -> Transition:
    """Record root cause, lessons learned and recommended changes (policy 6)."""
    require_state(breach, {BreachState.ASSESSED}, "record the investigation for")
    at = utc(investigation.at, "investigation time")
    private = {
        "root_cause": investigation.root_cause,
        "lessons_learned": investigation.lessons_learned,
        "recommended_changes": investigation.recommended_changes,
    }
    updated, unapproved = _unapproved(replace(breach, investigation=investigation))
    data: dict[str, JSONValue] = {
        "revision": breach.investigation is not None,
        "approval_withdrawn": unapproved,
    }
    event = BreachEvent(EventKind.INVESTIGATED, investigation.by, at, data, private)
    return Transition(updated, event)


def _unapproved(breach: Breach) -> tuple[Breach, bool]:
    """``breach`` without the SIRO's approval (or request), if it had one.

    The SIRO approved the post-breach report as it was; a revised assessment or
    investigation is a different report, so it goes back for approval.
    """
    if breach.approval is None and breach.approval_requested_at is None:
        return breach, False
    return replace(breach, approval=None, approval_requested_at=None), True


def closing_blockers(breach: Breach) -> list[str]:
    """What still has to happen before the breach can be closed, in plain words."""
    blockers = report_blockers(breach)
    if breach.needs_approval and not breach.approved:
        blockers.append("get the SIRO's approval")
    return blockers


def close(breach: Breach, *, by: Actor, at: datetime, outcome: str) -> Transition:
    """Close an assessed breach once nothing is outstanding (policy 7b).

    Raises:
        BreachError: naming everything still outstanding.
    """
    require_state(breach, {BreachState.ASSESSED}, "close")
    blockers = closing_blockers(breach)
    if blockers:
        raise BreachError("cannot close yet: " + "; ".join(blockers))
    at = utc(at)
    closure = Closure(at, by, require_text(outcome, "an outcome"))
    updated = replace(breach, state=BreachState.CLOSED, closure=closure)
    data: dict[str, JSONValue] = {"open_remediation_actions": len(breach.open_actions)}
    event = BreachEvent(EventKind.CLOSED, by, at, data, {"outcome": closure.outcome})
    return Transition(updated, event)


def reopen(breach: Breach, *, by: Actor, at: datetime, reason: str) -> Transition:
    """Open a closed breach again (back to assessed); a reason is required."""
    require_state(breach, {BreachState.CLOSED}, "reopen")
    why = require_text(reason, "a reason for reopening")
    assert breach.closure is not None  # a closed breach always has its closure
    at = utc(at)
    record = Reopening(at, by, why, breach.closure.at)
    updated = replace(
        breach,
        state=BreachState.ASSESSED,
        closure=None,
        reopenings=(*breach.reopenings, record),
        approval=None,  # what is decided after reopening is approved again
        approval_requested_at=None,
    )
    data: dict[str, JSONValue] = {
        "previous_closed_at": breach.closure.at.isoformat(),
        "times": len(updated.reopenings),
    }
    event = BreachEvent(EventKind.REOPENED, by, at, data, {"reason": why})
    return Transition(updated, event)
