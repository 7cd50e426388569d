"""Plain-English timeline of a breach from its events, for the ICO pack and ``register show``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.clocks import format_london
from bot.domain.events import BreachEvent, EventKind


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of a timeline.

    Attributes:
        at: When (UTC).
        shown: When, in UK time.
        actor: Who (display name).
        text: What happened.
    """

    at: datetime
    shown: str
    actor: str
    text: str


def _text(event: BreachEvent, key: str) -> str:
    value = event.data.get(key)
    return "" if value is None else str(value)


def _action(event: BreachEvent) -> str:
    return f"{_text(event, 'kind')} action".strip().capitalize()


def _reported(event: BreachEvent) -> str:
    late = event.data.get("minutes_late")
    if isinstance(late, int) and late > 0:
        return f"Reported to the DPO, {late} min after the one-hour window"
    return "Reported to the DPO within the one-hour window"


def _ico(event: BreachEvent) -> str:
    if event.data.get("notified"):
        ref = _text(event, "ico_reference")
        return f"ICO notified (ICO reference {ref})" if ref else "ICO notified"
    return "Decided not to notify the ICO"


def _assessed(event: BreachEvent) -> str:
    risk = "high risk" if event.data.get("high_risk") else "not high risk"
    return f"Assessed as {risk}; {_text(event, 'individuals')} individual(s) affected"


_HANDOVER_WHY = {
    "handover": "handover",
    "away": "cover while away",
    "no_acknowledgement": "not acknowledged in time",
}


def _handed_over(event: BreachEvent) -> str:
    why = _HANDOVER_WHY.get(_text(event, "reason"), _text(event, "reason"))
    return f"Handed over to {_text(event, 'to')} ({why})"


_PHRASES: dict[EventKind, Callable[[BreachEvent], str]] = {
    EventKind.CREATED: lambda e: "Report started",
    EventKind.DRAFT_UPDATED: lambda e: "Report details added",
    EventKind.REPORTED: _reported,
    EventKind.ABANDONED: lambda e: "Unfinished report filed as incomplete",
    EventKind.REPORT_COMPLETED: lambda e: "Reporter added the missing details",
    EventKind.ACKNOWLEDGED: lambda e: "Acknowledged by the DPO",
    EventKind.HANDED_OVER: _handed_over,
    EventKind.ACTION_RECORDED: lambda e: f"{_action(e)} recorded",
    EventKind.ACTION_COMPLETED: lambda e: f"{_action(e)} completed",
    EventKind.MARKED_HIGH_RISK: lambda e: "Marked high risk; ICO clock started",
    EventKind.SIRO_NOTIFIED: lambda e: "SIRO notified",
    EventKind.ICO_DECISION: _ico,
    EventKind.INDIVIDUALS_INFORMED: lambda e: "Affected individuals informed",
    EventKind.INDIVIDUALS_NOT_INFORMED: lambda e: "Decided not to inform the individuals",
    EventKind.APPROVAL_REQUESTED: lambda e: "SIRO asked to approve the post-breach report",
    EventKind.APPROVED: lambda e: "Post-breach report approved by the SIRO",
    EventKind.SENT_BACK: lambda e: "Post-breach report sent back by the SIRO",
    EventKind.ASSESSED: _assessed,
    EventKind.INVESTIGATED: lambda e: "Investigation findings recorded",
    EventKind.CLOSED: lambda e: "Closed",
    EventKind.REOPENED: lambda e: "Reopened",
}

_DETAIL = {
    EventKind.ACTION_RECORDED: "text",
    EventKind.ICO_DECISION: "reason",
    EventKind.REOPENED: "reason",
    EventKind.CLOSED: "outcome",
    EventKind.INDIVIDUALS_INFORMED: "how",
    EventKind.INDIVIDUALS_NOT_INFORMED: "reason",
    EventKind.SENT_BACK: "note",
    EventKind.ACTION_COMPLETED: "note",
}


def describe(event: BreachEvent, *, with_text: bool = False) -> str:
    """One sentence for ``event``.

    Args:
        event: The event.
        with_text: Add the free-text detail (action text, reasons). Leave False for
            anything that may reach a log or a channel.
    """
    sentence = _PHRASES[event.kind](event)
    detail = event.private.get(_DETAIL.get(event.kind, ""), "")
    return f"{sentence}: {detail}" if with_text and detail else sentence


def timeline(events: Iterable[BreachEvent], *, with_text: bool = False) -> list[TimelineEntry]:
    """The events as a timeline, oldest first."""
    ordered = sorted(events, key=lambda e: e.at)
    return [
        TimelineEntry(e.at, format_london(e.at), e.actor.name, describe(e, with_text=with_text))
        for e in ordered
    ]
