"""Breach summaries: the register's plain columns, read without decrypting anything."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from bot.domain.records import BreachSummary
from bot.domain.values import BreachState, Service
from bot.register.breaches.models import BreachRow

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
    BreachRow.ico_decided_at,
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
        ico_decided_at=row.ico_decided_at,
    )
