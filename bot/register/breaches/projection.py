"""The plain, non-personal columns of a breach row, derived from the domain breach."""

from __future__ import annotations

from bot.domain.breach import Breach
from bot.domain.errors import BreachError
from bot.register.breaches.models import BreachRow


def project(row: BreachRow, breach: Breach) -> None:
    """Copy the facts lists, statistics and retention need onto ``row``.

    Nothing here is free text: service, state, timestamps, flags, counts, data-type
    names and the assignee's sign-in name. Free text lives only in the encrypted
    snapshot.
    """
    if breach.reference is None:
        raise BreachError("a breach in the register needs a reference")
    row.reference = breach.reference
    row.service = breach.service.value if breach.service else None
    row.state = breach.state.value
    row.discovered_at = breach.discovered_at
    row.reported_at = breach.reported_at
    row.minutes_late = breach.report_minutes_late
    row.incomplete = breach.incomplete
    row.assigned_to = breach.assigned_to.upn if breach.assigned_to else None
    row.acknowledged_at = breach.acknowledged_at
    assessment = breach.assessment
    row.assessed_at = assessment.at if assessment else None
    row.category = ",".join(sorted(t.value for t in assessment.data_types)) if assessment else None
    row.high_risk = breach.high_risk
    row.ico_deadline = breach.ico_deadline
    decision = breach.ico_decision
    row.ico_decided_at = decision.at if decision else None
    row.ico_notified = decision.notified if decision else None
    row.open_actions = len(breach.open_actions)
    row.closed_at = breach.closure.at if breach.closure else None
