"""The reviews' facts of every breach, read from plain columns without decrypting anything."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.assessment import DataType
from bot.domain.facts import ActionFacts, BreachFacts
from bot.domain.values import ActionKind, BreachState, Service, System
from bot.register.breaches.models import BreachActionRow, BreachEscalationRow, BreachRow

_COLUMNS = (
    BreachRow.id,
    BreachRow.reference,
    BreachRow.service,
    BreachRow.state,
    BreachRow.reported_at,
    BreachRow.minutes_late,
    BreachRow.incomplete,
    BreachRow.acknowledged_at,
    BreachRow.became_aware_at,
    BreachRow.high_risk,
    BreachRow.category,
    BreachRow.systems,
    BreachRow.ico_deadline,
    BreachRow.ico_decided_at,
    BreachRow.ico_notified,
    BreachRow.closed_at,
    BreachRow.purged_at,
)


def read_facts(session: Session) -> list[BreachFacts]:
    """Every breach's facts, oldest first, tombstones included (three plain queries)."""
    actions: defaultdict[int, list[ActionFacts]] = defaultdict(list)
    query = select(
        BreachActionRow.breach_id,
        BreachActionRow.kind,
        BreachActionRow.opened_at,
        BreachActionRow.completed_at,
    ).order_by(BreachActionRow.breach_id, BreachActionRow.number)
    for breach_id, kind, opened_at, completed_at in session.execute(query):
        actions[breach_id].append(ActionFacts(ActionKind(kind), opened_at, completed_at))
    escalations: defaultdict[int, list[datetime]] = defaultdict(list)
    times = select(BreachEscalationRow.breach_id, BreachEscalationRow.escalated_at).order_by(
        BreachEscalationRow.breach_id, BreachEscalationRow.id
    )
    for breach_id, at in session.execute(times):
        escalations[breach_id].append(at)
    return [
        BreachFacts(
            reference=row.reference,
            service=Service(row.service) if row.service else None,
            state=BreachState(row.state),
            reported_at=row.reported_at,
            minutes_late=row.minutes_late,
            incomplete=row.incomplete,
            acknowledged_at=row.acknowledged_at,
            became_aware_at=row.became_aware_at,
            high_risk=row.high_risk,
            data_types=frozenset(DataType(t) for t in _names(row.category)),
            systems=frozenset(System(s) for s in _names(row.systems)),
            ico_deadline=row.ico_deadline,
            ico_decided_at=row.ico_decided_at,
            ico_notified=row.ico_notified,
            closed_at=row.closed_at,
            actions=tuple(actions[row.id]),
            escalated_at=tuple(escalations[row.id]),
            purged=row.purged_at is not None,
        )
        for row in session.execute(select(*_COLUMNS).order_by(BreachRow.id))
    ]


def _names(joined: str | None) -> list[str]:
    return [name for name in (joined or "").split(",") if name]
