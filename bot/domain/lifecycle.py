"""Reporting-side transitions: create, report (or abandon), complete, acknowledge.

Handing over and actions live in ``handling`` and are re-exported here, so callers can
use ``lifecycle`` for everything before the DPO's review.

Every function takes a breach and returns a ``Transition`` (new breach + event); the
breach passed in is never changed. Wrong-state calls raise ``BreachError``.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from bot.domain import clocks as clk
from bot.domain import report_fields
from bot.domain._rules import iso, require_state, upn, utc
from bot.domain.breach import Breach, Transition
from bot.domain.errors import BreachError
from bot.domain.events import BreachEvent, EventKind, JSONValue
from bot.domain.handling import HandoverReason, complete_action, hand_over, record_action
from bot.domain.reference import normalise_reference
from bot.domain.report_fields import ReportDetails, apply_details
from bot.domain.values import (
    OPEN_STATES,
    SYSTEM_ACTOR,
    Actor,
    BreachState,
    Service,
    System,
)

__all__ = [
    "HandoverReason",
    "ReportDetails",
    "abandon",
    "acknowledge",
    "complete_action",
    "complete_report",
    "create",
    "hand_over",
    "missing_fields",
    "record_action",
    "report",
    "update_draft",
    "with_reference",
]


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
    other_system: str | None = None,
    containment_steps: tuple[str, ...] | None = None,
) -> Transition:
    """Fill in report fields of a draft; arguments left out are unchanged."""
    require_state(breach, {BreachState.DRAFT}, "edit the report of")
    details = ReportDetails(
        service=service,
        discovered_at=discovered_at,
        location=location,
        systems=systems or (),
        other_system=other_system,
        description=description,
        containment_steps=containment_steps or (),
        containment_notes=containment_notes,
    )
    updated, data, private = apply_details(breach, details)
    event = BreachEvent(EventKind.DRAFT_UPDATED, by, utc(at), data, private)
    return Transition(updated, event)


def missing_fields(breach: Breach) -> list[str]:
    """Names of report fields still empty, of those policy 1b asks for."""
    return report_fields.missing_fields(breach)


def report(
    breach: Breach,
    *,
    at: datetime,
    assign_to: Actor | None = None,
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
    by: Actor | None = None,
) -> Transition:
    """Send a draft to the DPO; late reports are accepted and the lateness kept.

    Service, discovery time and description are needed; a missing location or system
    is recorded in the event (``missing``) rather than refused, so no report is lost.

    Args:
        breach: A draft.
        at: When the report reaches the DPO.
        assign_to: Who is asked to acknowledge it (see ``routing.route``).
        clocks: The organisation's time limits.
        by: Who files it, when not the reporter (a DPO logging a phoned-in report).

    Raises:
        BreachError: when the breach is not a draft, a needed field is missing, or the
            discovery time is after the report time.
    """
    require_state(breach, {BreachState.DRAFT}, "report")
    _check_fileable(breach, utc(at))
    return _submit(breach, utc(at), assign_to, clocks, by or breach.reporter)


def _check_fileable(breach: Breach, at: datetime) -> None:
    missing = report_fields.missing_fields(breach, report_fields.REQUIRED)
    if missing:
        raise BreachError("the report is missing: " + ", ".join(missing))
    if breach.discovered_at is not None and breach.discovered_at > at:
        raise BreachError("the discovery time cannot be later than the report time")


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
    discovered = breach.discovered_at
    late = clk.minutes_late(discovered, at, clocks) if discovered is not None else None
    updated = replace(
        breach,
        state=BreachState.REPORTED,
        reported_at=at,
        became_aware_at=discovered or at,
        report_minutes_late=late,
        assigned_to=assign_to,
        incomplete=filed_by is None,
    )
    data: dict[str, JSONValue] = {
        "service": updated.service.value if updated.service else None,
        "discovered_at": iso(discovered),
        "reported_at": at.isoformat(),
        "minutes_late": late,
        "systems": [s.value for s in updated.systems],
        "containment_steps": list(updated.containment_steps),
        "assigned_to": upn(assign_to),
        "reporter": breach.reporter.upn,
        "missing": missing_fields(updated),
    }
    private = report_fields.free_text(updated)
    if filed_by is None:
        event = BreachEvent(EventKind.ABANDONED, SYSTEM_ACTOR, at, data, private)
        return Transition(updated, event)
    return Transition(updated, BreachEvent(EventKind.REPORTED, filed_by, at, data, private))


def complete_report(
    breach: Breach,
    details: ReportDetails,
    *,
    by: Actor,
    at: datetime,
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
) -> Transition:
    """Add the reporter's later answers to a report that was filed incomplete.

    The report time stays the moment the DPO got the partial report. Once service,
    discovery time and description are known the breach is no longer incomplete.

    Raises:
        BreachError: when the breach was not filed incomplete, is closed, or the
            discovery time is after the report time.
    """
    require_state(breach, OPEN_STATES, "complete the report of")
    if not breach.incomplete:
        raise BreachError("the report is already complete")
    updated, data, private = apply_details(breach, details)
    assert updated.reported_at is not None  # filed breaches always have a report time
    if updated.discovered_at is not None and updated.discovered_at > updated.reported_at:
        raise BreachError("the discovery time cannot be later than the report time")
    updated = _refresh_timing(breach, updated, clocks)
    still_missing = report_fields.missing_fields(updated, report_fields.REQUIRED)
    updated = replace(updated, incomplete=bool(still_missing))
    data |= {"minutes_late": updated.report_minutes_late, "missing": missing_fields(updated)}
    data["incomplete"] = updated.incomplete
    event = BreachEvent(EventKind.REPORT_COMPLETED, by, utc(at), data, private)
    return Transition(updated, event)


def _refresh_timing(before: Breach, after: Breach, clocks: clk.ClockSettings) -> Breach:
    """Recompute lateness, and awareness unless a DPO set it, once discovery is known."""
    discovered, reported = after.discovered_at, after.reported_at
    if discovered is None or reported is None or discovered == before.discovered_at:
        return after
    aware = before.became_aware_at
    if aware == (before.discovered_at or before.reported_at):  # still the filing default
        aware = discovered
    deadline = after.ico_deadline
    if after.high_risk and aware is not None and aware != before.became_aware_at:
        deadline = clk.ico_deadline(aware, clocks)
    return replace(
        after,
        report_minutes_late=clk.minutes_late(discovered, reported, clocks),
        became_aware_at=aware,
        ico_deadline=deadline,
    )


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
