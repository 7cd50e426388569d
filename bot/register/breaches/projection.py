"""The plain, non-personal columns of a breach row, derived from the domain breach."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.breach import Breach, BreachEvent
from bot.domain.facts import breach_facts
from bot.register.breaches.models import BreachActionRow, BreachEscalationRow, BreachRow


def project(row: BreachRow, breach: Breach, events: Sequence[BreachEvent] = ()) -> None:
    """Copy the facts lists, statistics, reviews and retention need onto ``row``.

    ``events`` are the events this change records: an automatic escalation among them
    adds its time to ``breach_escalations``. The breach's actions are kept in
    ``breach_actions`` (kind and times). Nothing here is free text: service, state,
    timestamps, flags, counts, data-type and system names and the assignee's sign-in
    name. Free text lives only in the encrypted snapshot.
    """
    facts = breach_facts(breach, events)  # refuses a breach without a reference
    row.reference = facts.reference
    row.service = facts.service.value if facts.service else None
    row.state = facts.state.value
    row.discovered_at = breach.discovered_at
    row.reported_at = facts.reported_at
    row.minutes_late = facts.minutes_late
    row.incomplete = facts.incomplete
    row.assigned_to = breach.assigned_to.upn if breach.assigned_to else None
    row.acknowledged_at = facts.acknowledged_at
    row.became_aware_at = facts.became_aware_at
    assessment = breach.assessment
    row.assessed_at = assessment.at if assessment else None
    row.category = ",".join(sorted(t.value for t in facts.data_types)) if assessment else None
    row.systems = ",".join(sorted(s.value for s in facts.systems))
    row.high_risk = facts.high_risk
    row.ico_deadline = facts.ico_deadline
    row.ico_decided_at = facts.ico_decided_at
    row.ico_notified = facts.ico_notified
    row.open_actions = len(breach.open_actions)
    row.closed_at = facts.closed_at
    kept = row.actions
    for number, action in enumerate(facts.actions, start=1):
        if number > len(kept):
            kept.append(BreachActionRow(number=number))
        line = kept[number - 1]
        line.kind, line.opened_at = action.kind.value, action.opened_at
        line.completed_at = action.completed_at
    del kept[len(facts.actions) :]
    if facts.escalated_at:  # most changes are not escalations: leave the list unloaded
        row.escalations.extend(BreachEscalationRow(escalated_at=at) for at in facts.escalated_at)
