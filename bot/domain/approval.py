"""The SIRO's approval of the post-breach report (policy 7: "the SIRO approves").

High-risk and significant breaches (the SIRO was told) need it before closure.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.domain._rules import require_state, require_text, utc
from bot.domain.breach import Breach, Transition
from bot.domain.errors import BreachError
from bot.domain.events import BreachEvent, EventKind
from bot.domain.values import ActionKind, Actor, Approval, BreachState


def request_approval(breach: Breach, *, by: Actor, at: datetime) -> Transition:
    """Ask the SIRO to approve the post-breach report (high-risk or significant breaches)."""
    require_state(breach, {BreachState.ASSESSED}, "ask for approval of")
    if not breach.needs_approval:
        raise BreachError("this breach is neither high risk nor significant: no approval needed")
    if breach.approved:
        raise BreachError("the SIRO has already approved it")
    missing = report_blockers(breach)
    if missing:
        raise BreachError("the post-breach report is not ready: " + "; ".join(missing))
    at = utc(at)
    updated = replace(breach, approval_requested_at=at, approval=None)
    return Transition(updated, BreachEvent(EventKind.APPROVAL_REQUESTED, by, at, {}))


def decide_approval(
    breach: Breach, *, by: Actor, at: datetime, approved: bool, note: str | None = None
) -> Transition:
    """The SIRO approves the post-breach report, or sends it back with a note.

    The SIRO may approve a report the DPO has not formally sent yet (at the desk), once it
    is complete; sending back needs a request to answer.
    """
    require_state(breach, {BreachState.ASSESSED}, "approve")
    if breach.approved:
        raise BreachError("the SIRO has already approved it")
    if breach.approval_requested_at is None:
        if not approved:
            raise BreachError("the DPO has not asked for approval (or it was sent back since)")
        missing = report_blockers(breach)
        if missing:
            raise BreachError("the post-breach report is not ready: " + "; ".join(missing))
    at = utc(at)
    if approved:
        text = note.strip() if note and note.strip() else None
        updated = replace(breach, approval=Approval(True, by, at, text))
        private = {"note": text} if text else {}
        return Transition(updated, BreachEvent(EventKind.APPROVED, by, at, {}, private))
    why = require_text(note, "a note saying what to change")
    updated = replace(breach, approval=Approval(False, by, at, why), approval_requested_at=None)
    return Transition(updated, BreachEvent(EventKind.SENT_BACK, by, at, {}, {"note": why}))


def report_blockers(breach: Breach) -> list[str]:
    """What the post-breach report needs (everything the SIRO and Board review)."""
    blockers = []
    if breach.assessment is None:
        blockers.append("record the assessment")
    if breach.ico_decision is None:
        blockers.append("record the ICO decision")
    if breach.high_risk and breach.siro_notified_at is None:
        blockers.append("notify the SIRO")
    if breach.high_risk and breach.individuals is None:
        blockers.append("record whether the individuals were informed")
    if breach.investigation is None:
        blockers.append("record the investigation")
    if any(a.kind is ActionKind.CONTAINMENT for a in breach.open_actions):
        blockers.append("complete the open containment actions")
    return blockers
