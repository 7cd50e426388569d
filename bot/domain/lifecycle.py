"""Reporting-side transitions: create, report (or abandon), acknowledge, hand over, actions.

Every function takes a breach and returns a ``Transition`` (new breach + event); the
breach passed in is never changed. Wrong-state calls raise ``BreachError``.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from bot.domain import clocks as clk
from bot.domain._rules import iso, require_state, require_text, upn, utc
from bot.domain.breach import Breach, Transition
from bot.domain.errors import BreachError
from bot.domain.events import BreachEvent, EventKind, JSONValue
from bot.domain.reference import normalise_reference
from bot.domain.values import (
    OPEN_STATES,
    SYSTEM_ACTOR,
    Action,
    ActionKind,
    Actor,
    BreachState,
    Service,
    System,
)

_REQUIRED = ("service", "discovered_at", "location", "systems", "description")
_FREE_TEXT = ("location", "description", "containment_notes")  # fixed order: it is hashed


def _clean(text: str | None) -> str | None:
    """Stripped text, or ``None`` when there is nothing but spaces."""
    stripped = text.strip() if text is not None else ""
    return stripped or None


class HandoverReason(StrEnum):
    """Why responsibility for a breach moved to someone else."""

    HANDOVER = "handover"
    AWAY = "away"
    NO_ACKNOWLEDGEMENT = "no_acknowledgement"


def create(
    *,
    reporter: Actor,
    at: datetime,
    service: Service | None = None,
    breach_id: str | None = None,
) -> Transition:
    """Start a draft report (the first message of a conversation, or a DPO's log entry)."""
    at = utc(at)
    breach = Breach(
        id=breach_id or uuid.uuid4().hex,
        reference=None,
        state=BreachState.DRAFT,
        reporter=reporter,
        created_at=at,
        service=service,
    )
    data: dict[str, JSONValue] = {"service": service.value if service else None, "id": breach.id}
    return Transition(breach, BreachEvent(EventKind.CREATED, reporter, at, data))


def update_draft(
    breach: Breach,
    *,
    by: Actor,
    at: datetime,
    service: Service | None = None,
    discovered_at: datetime | None = None,
    location: str | None = None,
    systems: tuple[System, ...] | None = None,
    description: str | None = None,
    containment_notes: str | None = None,
) -> Transition:
    """Fill in report fields of a draft; arguments left as ``None`` are unchanged."""
    require_state(breach, {BreachState.DRAFT}, "edit the report of")
    changes: dict[str, object] = {
        "service": service,
        "discovered_at": utc(discovered_at, "discovered_at") if discovered_at else None,
        "location": _clean(location),
        "systems": tuple(dict.fromkeys(systems)) if systems is not None else None,
        "description": _clean(description),
        "containment_notes": _clean(containment_notes),
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    updated = replace(breach, **changes)  # type: ignore[arg-type]
    private = {k: str(v) for k, v in changes.items() if k in _FREE_TEXT}
    data: dict[str, JSONValue] = {
        "fields": sorted(changes),
        "service": updated.service.value if updated.service else None,
        "discovered_at": iso(updated.discovered_at),
        "systems": [s.value for s in updated.systems],
    }
    event = BreachEvent(EventKind.DRAFT_UPDATED, by, utc(at), data, private)
    return Transition(updated, event)


def missing_fields(breach: Breach) -> list[str]:
    """Names of report fields still empty (policy 1b: when, where, systems, what)."""
    return [name for name in _REQUIRED if not getattr(breach, name)]


def report(
    breach: Breach,
    *,
    at: datetime,
    assign_to: Actor | None = None,
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
    by: Actor | None = None,
) -> Transition:
    """Send a complete draft to the DPO; late reports are accepted and the lateness kept.

    Args:
        breach: A draft with every required field.
        at: When the report reaches the DPO.
        assign_to: Who is asked to acknowledge it (see ``routing.route``).
        clocks: The organisation's time limits.
        by: Who files it, when not the reporter (a DPO logging a phoned-in report).

    Raises:
        BreachError: when the breach is not a draft, a field is missing, or the
            discovery time is after the report time.
    """
    require_state(breach, {BreachState.DRAFT}, "report")
    missing = missing_fields(breach)
    if missing:
        raise BreachError("the report is missing: " + ", ".join(missing))
    at = utc(at)
    assert breach.discovered_at is not None  # checked by missing_fields
    if breach.discovered_at > at:
        raise BreachError("the discovery time cannot be later than the report time")
    return _submit(breach, at, assign_to, clocks, by or breach.reporter)


def abandon(
    breach: Breach,
    *,
    at: datetime,
    assign_to: Actor | None = None,
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
) -> Transition:
    """File an unfinished draft as an incomplete report, so nothing reported is lost."""
    require_state(breach, {BreachState.DRAFT}, "file")
    at = utc(at)
    if breach.discovered_at is not None and breach.discovered_at > at:
        breach = replace(breach, discovered_at=None)
    return _submit(breach, at, assign_to, clocks, None)


def _submit(
    breach: Breach,
    at: datetime,
    assign_to: Actor | None,
    clocks: clk.ClockSettings,
    filed_by: Actor | None,
) -> Transition:
    """File the draft; ``filed_by`` is ``None`` when CareGuard files an abandoned draft."""
    incomplete = filed_by is None
    discovered = breach.discovered_at
    late = clk.minutes_late(discovered, at, clocks) if discovered is not None else None
    updated = replace(
        breach,
        state=BreachState.REPORTED,
        reported_at=at,
        became_aware_at=discovered or at,
        report_minutes_late=late,
        assigned_to=assign_to,
        incomplete=incomplete,
    )
    data: dict[str, JSONValue] = {
        "service": updated.service.value if updated.service else None,
        "discovered_at": iso(discovered),
        "reported_at": at.isoformat(),
        "minutes_late": late,
        "systems": [s.value for s in updated.systems],
        "assigned_to": upn(assign_to),
        "reporter": breach.reporter.upn,
        "missing": missing_fields(updated),
    }
    private = {k: str(getattr(updated, k)) for k in _FREE_TEXT if getattr(updated, k)}
    if filed_by is None:
        event = BreachEvent(EventKind.ABANDONED, SYSTEM_ACTOR, at, data, private)
        return Transition(updated, event)
    return Transition(updated, BreachEvent(EventKind.REPORTED, filed_by, at, data, private))


def with_reference(breach: Breach, reference: str) -> Breach:
    """The breach with the register's reference; a reference never changes once set."""
    canonical = normalise_reference(reference)
    if breach.reference is not None and breach.reference != canonical:
        raise BreachError("a breach reference cannot be changed")
    return replace(breach, reference=canonical)


def acknowledge(breach: Breach, *, by: Actor, at: datetime) -> Transition:
    """A DPO (or whoever covers) takes the breach on; they become responsible for it."""
    require_state(breach, {BreachState.REPORTED}, "acknowledge")
    at = utc(at)
    updated = replace(
        breach,
        state=BreachState.ACKNOWLEDGED,
        acknowledged_by=by,
        acknowledged_at=at,
        assigned_to=by,
    )
    reported = breach.reported_at
    minutes = int((at - reported).total_seconds() // 60) if reported is not None else None
    data: dict[str, JSONValue] = {
        "previous_assignee": upn(breach.assigned_to),
        "minutes_to_acknowledge": minutes,
    }
    return Transition(updated, BreachEvent(EventKind.ACKNOWLEDGED, by, at, data))


def hand_over(
    breach: Breach,
    *,
    to: Actor,
    by: Actor,
    at: datetime,
    reason: HandoverReason = HandoverReason.HANDOVER,
) -> Transition:
    """Move responsibility to someone else (a handover, cover for absence, or escalation)."""
    require_state(breach, OPEN_STATES, "hand over")
    if breach.assigned_to is not None and breach.assigned_to.upn == to.upn:
        raise BreachError("the breach is already with that person")
    updated = replace(breach, assigned_to=to)
    data: dict[str, JSONValue] = {
        "from": upn(breach.assigned_to),
        "to": to.upn,
        "reason": reason.value,
    }
    return Transition(updated, BreachEvent(EventKind.HANDED_OVER, by, utc(at), data))


def record_action(
    breach: Breach, *, kind: ActionKind, text: str, by: Actor, at: datetime, done: bool = False
) -> Transition:
    """Add a containment or remediation action (policy 3 and 4), open or already done."""
    require_state(breach, OPEN_STATES, "record an action on")
    at = utc(at)
    action = Action(kind, require_text(text, "a description of the action"), by, at)
    if done:
        action = replace(action, completed_at=at)
    updated = replace(breach, actions=(*breach.actions, action))
    data: dict[str, JSONValue] = {"kind": kind.value, "index": len(breach.actions), "done": done}
    event = BreachEvent(EventKind.ACTION_RECORDED, by, at, data, {"text": action.text})
    return Transition(updated, event)


def complete_action(breach: Breach, *, index: int, by: Actor, at: datetime) -> Transition:
    """Mark action number ``index`` (0-based, in recorded order) as done."""
    require_state(breach, OPEN_STATES, "complete an action on")
    if not 0 <= index < len(breach.actions):
        raise BreachError("there is no action with that number")
    action = breach.actions[index]
    if not action.is_open:
        raise BreachError("that action is already done")
    at = utc(at)
    actions = list(breach.actions)
    actions[index] = replace(action, completed_at=at)
    updated = replace(breach, actions=tuple(actions))
    data: dict[str, JSONValue] = {"kind": action.kind.value, "index": index}
    return Transition(updated, BreachEvent(EventKind.ACTION_COMPLETED, by, at, data))
