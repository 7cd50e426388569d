"""What a breach report says (policy 1b and 1c), and applying new answers to a breach."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime

from bot.domain._rules import iso, utc
from bot.domain.breach import Breach
from bot.domain.events import JSONValue
from bot.domain.values import Service, System

REQUIRED = ("service", "discovered_at", "description")
"""Needed before a report can be filed: enough to route it and act on it."""

POLICY_FIELDS = ("service", "discovered_at", "location", "systems", "description")
"""What policy 1b asks a report to include; missing ones are recorded, not refused."""

FREE_TEXT = ("location", "other_system", "description", "containment_notes")
"""Fields that may hold personal data; they go in the private part of events (fixed order)."""


@dataclass(frozen=True, slots=True)
class ReportDetails:
    """Answers to apply to a report; ``None`` (or an empty tuple) leaves a field as it is.

    Attributes:
        service: Adults or children.
        discovered_at: When the breach was discovered (timezone-aware).
        location: Where it happened.
        systems: Systems involved (duplicates are dropped, order kept).
        other_system: What the "other" system was, in the reporter's words.
        description: What happened.
        containment_steps: Codes of the immediate steps taken (e.g. ``locked_device``).
        containment_notes: Other immediate steps, in the reporter's words.
    """

    service: Service | None = None
    discovered_at: datetime | None = None
    location: str | None = None
    systems: tuple[System, ...] = ()
    other_system: str | None = None
    description: str | None = None
    containment_steps: tuple[str, ...] = ()
    containment_notes: str | None = None


def _clean(text: str | None) -> str | None:
    """Stripped text, or ``None`` when there is nothing but spaces."""
    stripped = text.strip() if text is not None else ""
    return stripped or None


def _normalised(details: ReportDetails) -> dict[str, object]:
    raw: dict[str, object] = {
        "service": details.service,
        "discovered_at": (
            utc(details.discovered_at, "discovered_at") if details.discovered_at else None
        ),
        "systems": tuple(dict.fromkeys(details.systems)) or None,
        "containment_steps": tuple(dict.fromkeys(details.containment_steps)) or None,
    }
    for name in FREE_TEXT:
        raw[name] = _clean(getattr(details, name))
    return {k: v for k, v in raw.items() if v is not None}


def apply_details(
    breach: Breach, details: ReportDetails
) -> tuple[Breach, dict[str, JSONValue], dict[str, str]]:
    """Apply ``details`` to ``breach``.

    Returns:
        The updated breach, the event data (changed field names and non-text values)
        and the event's private part (the changed free text).
    """
    changes = _normalised(details)
    updated = replace(breach, **changes)  # type: ignore[arg-type]
    data: dict[str, JSONValue] = {
        "fields": [f.name for f in fields(ReportDetails) if f.name in changes],
        "service": updated.service.value if updated.service else None,
        "discovered_at": iso(updated.discovered_at),
        "systems": [s.value for s in updated.systems],
        "containment_steps": list(updated.containment_steps),
    }
    private = {k: str(changes[k]) for k in FREE_TEXT if k in changes}
    return updated, data, private


def missing_fields(breach: Breach, names: tuple[str, ...] = POLICY_FIELDS) -> list[str]:
    """Names of report fields still empty, by default those policy 1b asks for."""
    return [name for name in names if not getattr(breach, name)]


def free_text(breach: Breach) -> dict[str, str]:
    """The breach's report free text, for the private part of an event."""
    return {k: str(getattr(breach, k)) for k in FREE_TEXT if getattr(breach, k)}
