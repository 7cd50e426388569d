"""The whole case of one breach as text: stage, clocks, and every decision on it.

``register show`` prints these lines between the report's details and the audit trail
(the timeline). Free text is shown as recorded: this is the DPO's own terminal.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.assessment import DATA_TYPE_LABELS, SUBJECT_LABELS
from bot.domain.breach import Breach
from bot.domain.clocks import format_london
from bot.domain.deadlines import ico_clock
from bot.domain.review import closing_blockers
from bot.domain.values import ACTION_OWNER_LABELS, BreachState

LABEL = 17


def _line(label: str, text: str) -> str:
    return f"{label + ':':<{LABEL}}{text}"


def _when(at: datetime | None) -> str:
    return format_london(at) if at is not None else ""


def stage(breach: Breach) -> str:
    """Where the case stands and what is due next, in one line."""
    if breach.state is BreachState.CLOSED:
        return "closed"
    if breach.state is BreachState.REPORTED:
        return "reported; next: acknowledge it"
    if breach.state is BreachState.ACKNOWLEDGED:
        return "acknowledged; next: record the assessment"
    if breach.state is BreachState.DRAFT:
        return "draft (not reported yet)"
    blockers = closing_blockers(breach)
    if blockers:
        return "assessed; next: " + "; ".join(blockers)
    return "assessed; next: close it"


def case_lines(breach: Breach, now: datetime) -> list[str]:
    """Stage, clocks, assessment, actions, ICO, individuals, investigation, approval, closure."""
    lines = [_line("Stage", stage(breach))]
    clock = ico_clock(breach, now)
    if clock is not None:
        lines.append(_line("ICO clock", f"due {clock.shown}, {clock.status}"))
    elif breach.ico_deadline is not None:
        lines.append(_line("ICO deadline", _when(breach.ico_deadline)))
    lines += _assessment(breach)
    lines += _actions(breach)
    lines += _decisions(breach)
    lines += _ending(breach)
    return lines


def _assessment(breach: Breach) -> list[str]:
    a = breach.assessment
    if a is None:
        if breach.high_risk is not None:
            return [_line("High risk", "yes" if breach.high_risk else "no")]
        return [_line("Assessment", "not recorded yet")]
    kinds = ", ".join(DATA_TYPE_LABELS[t] for t in sorted(a.data_types))
    lines = [
        _line("Assessed", f"{_when(a.at)} by {a.by.upn}"),
        _line("Data types", kinds),
        _line("Individuals", a.individuals.describe()),
    ]
    if a.subjects:
        lines.append(_line("Who", ", ".join(SUBJECT_LABELS[s] for s in sorted(a.subjects))))
    lines += [
        _line("Likely impact", a.likely_impact),
        _line("High risk", f"{'yes' if a.high_risk else 'no'}: {a.rationale}"),
    ]
    if breach.siro_notified_at is not None:
        lines.append(_line("SIRO told", _when(breach.siro_notified_at)))
    return lines


def _actions(breach: Breach) -> list[str]:
    lines = []
    for number, action in enumerate(breach.actions, start=1):
        owner = ACTION_OWNER_LABELS[action.owner]
        if action.completed_at is not None:
            by = f" by {action.completed_by.upn}" if action.completed_by else ""
            note = f" ({action.note})" if action.note else ""
            done = f"done {_when(action.completed_at)}{by}{note}"
        else:
            done = "open"
        lines.append(f"Action {number} ({action.kind.value}, for {owner}, {done}): {action.text}")
    return lines


def _decisions(breach: Breach) -> list[str]:
    lines = []
    d = breach.ico_decision
    if d is None:
        lines.append(_line("ICO decision", "not recorded yet"))
    elif d.notified:
        case = f", ICO case {d.ico_reference}" if d.ico_reference else ""
        deadline = breach.ico_deadline
        met = ""
        if deadline is not None:
            met = " (within 72 h)" if d.at <= deadline else " (after the deadline)"
        lines.append(_line("ICO decision", f"notified {_when(d.at)}{case}{met}"))
    else:
        lines.append(_line("ICO decision", f"not reportable ({_when(d.at)}): {d.reason}"))
    told = breach.individuals
    if told is None:
        lines.append(_line("Individuals", "whether they were informed is not recorded yet"))
    elif told.informed:
        lines.append(_line("Informed", f"{_when(told.at)}: {told.how}"))
    else:
        lines.append(_line("Not informed", told.reason or ""))
    found = breach.investigation
    if found is not None:
        lines += [
            _line("Root cause", found.root_cause),
            _line("Lessons learned", found.lessons_learned),
            _line("Changes", found.recommended_changes),
        ]
    return lines


def _ending(breach: Breach) -> list[str]:
    lines = []
    if breach.approval_requested_at is not None and breach.approval is None:
        lines.append(_line("Approval", f"asked {_when(breach.approval_requested_at)}"))
    approval = breach.approval
    if approval is not None:
        verdict = "approved" if approval.approved else "sent back"
        note = f": {approval.note}" if approval.note else ""
        lines.append(
            _line("Approval", f"{verdict} {_when(approval.at)} by {approval.by.upn}{note}")
        )
    elif breach.needs_approval and breach.state is not BreachState.CLOSED:
        lines.append(_line("Approval", "the SIRO's approval is needed"))
    for r in breach.reopenings:
        lines.append(
            _line(
                "Reopened",
                f"{_when(r.at)} by {r.by.upn} (closed {_when(r.previous_closed_at)}): {r.reason}",
            )
        )
    if breach.closure is not None:
        c = breach.closure
        lines.append(_line("Closed", f"{_when(c.at)} by {c.by.upn}: {c.outcome}"))
    return lines
