"""Breach summaries: the register's plain columns, read without decrypting anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Row

from bot.domain.values import BreachState, Service
from bot.register.breaches.models import BreachRow


@dataclass(frozen=True, slots=True)
class BreachSummary:
    """What lists and statistics need, read without decrypting anything.

    Attributes mirror the plain columns of the register; ``purged`` marks a tombstone.
    """

    reference: str
    service: Service | None
    state: BreachState
    discovered_at: datetime | None
    reported_at: datetime | None
    minutes_late: int | None
    acknowledged_at: datetime | None
    assigned_to: str | None
    high_risk: bool | None
    category: str | None
    ico_deadline: datetime | None
    ico_notified: bool | None
    open_actions: int
    incomplete: bool
    closed_at: datetime | None
    purged: bool


SUMMARY_COLUMNS = (
    BreachRow.reference,
    BreachRow.service,
    BreachRow.state,
    BreachRow.discovered_at,
    BreachRow.reported_at,
    BreachRow.minutes_late,
    BreachRow.acknowledged_at,
    BreachRow.assigned_to,
    BreachRow.high_risk,
    BreachRow.category,
    BreachRow.ico_deadline,
    BreachRow.ico_notified,
    BreachRow.open_actions,
    BreachRow.incomplete,
    BreachRow.closed_at,
    BreachRow.purged_at,
)


def to_summary(row: Row[*tuple[Any, ...]]) -> BreachSummary:
    return BreachSummary(
        reference=row.reference,
        service=Service(row.service) if row.service else None,
        state=BreachState(row.state),
        discovered_at=row.discovered_at,
        reported_at=row.reported_at,
        minutes_late=row.minutes_late,
        acknowledged_at=row.acknowledged_at,
        assigned_to=row.assigned_to,
        high_risk=row.high_risk,
        category=row.category,
        ico_deadline=row.ico_deadline,
        ico_notified=row.ico_notified,
        open_actions=row.open_actions,
        incomplete=row.incomplete,
        closed_at=row.closed_at,
        purged=row.purged_at is not None,
    )
