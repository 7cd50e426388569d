"""Where a breach stands in the procedure, for its card: the stage, what is due next, the clocks.

Front-end neutral: ``stage_of`` names the stage, the next thing due (in the policy's
order), the clocks that matter (the 1-hour report window, the acknowledgement, the
ICO's 72 hours once high risk, as "due Thu 14:05, 31 h left" in UK time) and the steps a
card offers for that stage. Each step is a one-click button (a ``Verb``) or a form (a
dialog, named as in ``forms``). Who may take a step is checked when it is taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.domain import review
from bot.domain.breach import Breach
from bot.domain.clocks import ClockSettings, ack_due, minutes_left, report_deadline, to_london
from bot.domain.values import BreachState
from bot.services.messages import Verb

Tone = Literal["attention", "warning", "good", "accent"]


@dataclass(frozen=True, slots=True)
class Step:
    """A button on the card.

    Attributes:
        key: The verb of a one-click step, or the form's name when ``form`` is true.
        title: The button's words.
        form: True when the step opens a form (a dialog in Teams).
        style: ``"positive"``, ``"destructive"`` or ``None``.
    """

    key: str
    title: str
    form: bool = False
    style: str | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    """A breach's stage as its card shows it.

    Attributes:
        name: The stage, e.g. ``"ICO decision"``.
        next_due: What is due next, in words (``""`` once closed).
        clocks: (clock, state) pairs, e.g. ``("ICO (72 h)", "due Thu 14:05, 31 h left")``.
        steps: The buttons for this stage, most likely first.
        closed: The breach is closed.
        assessed: The breach has an assessment.
        tone: How urgent the stage is (the colour only repeats the words).
    """

    name: str
    next_due: str
    clocks: tuple[tuple[str, str], ...]
    steps: tuple[Step, ...]
    closed: bool = False
    assessed: bool = False
    tone: Tone = "accent"


def due_text(deadline: datetime, now: datetime) -> str:
    """``"due Thu 14:05, 31 h left"`` (UK time), ``"… 45 min left"`` or ``"… 2 h overdue"``."""
    left = minutes_left(deadline, now)
    when = to_london(deadline).strftime("%a %H:%M")
    if left < 0:
        late = -left
        amount = f"{late // 60} h" if late >= 60 else f"{late} min"
        return f"due {when}, {amount} overdue"
    amount = f"{left // 60} h" if left >= 60 else f"{left} min"
    return f"due {when}, {amount} left"


def _when(at: datetime) -> str:
    return to_london(at).strftime("%a %d %b, %H:%M")


def _report_clock(breach: Breach, now: datetime, clocks: ClockSettings) -> str | None:
    if breach.discovered_at is None:
        return None
    deadline = report_deadline(breach.discovered_at, clocks)
    if breach.reported_at is None:
        return due_text(deadline, now)
    late = breach.report_minutes_late
    if late:
        return f"reported {_when(breach.reported_at)}, {late} min late"
    return f"reported {_when(breach.reported_at)}, within the hour"


def _ico_clock(breach: Breach, now: datetime) -> str | None:
    decision = breach.ico_decision
    if decision is not None:
        if not decision.notified:
            return f"not reportable (decided {_when(decision.at)})"
        deadline = breach.ico_deadline
        kept = deadline is None or decision.at <= deadline
        return f"notified {_when(decision.at)}" + (", within 72 h" if kept else ", LATE")
    if breach.high_risk and breach.ico_deadline is not None:
        return due_text(breach.ico_deadline, now)
    return None


def clocks_of(breach: Breach, now: datetime, clocks: ClockSettings) -> tuple[tuple[str, str], ...]:
    """The clocks that matter for ``breach`` now, as (name, state) pairs."""
    out: list[tuple[str, str]] = []
    report = _report_clock(breach, now, clocks)
    if report is not None:
        out.append(("1-hour report", report))
    if breach.state is BreachState.REPORTED and breach.reported_at is not None:
        out.append(("Acknowledge", due_text(ack_due(breach.reported_at, clocks), now)))
    ico = _ico_clock(breach, now)
    if ico is not None:
        out.append(("ICO (72 h)", ico))
    return tuple(out)


ASSESS = Step("assess", "Assess", form=True, style="positive")
REASSESS = Step("assess", "Reassess", form=True)
ADD_ACTION = Step("action", "Add an action", form=True)
ACTION_DONE = Step("action_done", "Mark an action done", form=True)
ICO = Step("ico", "ICO decision", form=True, style="positive")
ICO_PACK = Step(Verb.ICO_PACK.value, "ICO pack (1:1)")
NOTIFY_SIRO = Step(Verb.NOTIFY_SIRO.value, "Notify SIRO")
INFORM = Step("inform", "Individuals informed", form=True)
INVESTIGATE = Step("investigate", "Investigation", form=True)
ASK_APPROVAL = Step(Verb.REQUEST_APPROVAL.value, "Ask SIRO to approve", style="positive")
CLOSE = Step("close", "Close", form=True, style="positive")
REOPEN = Step("reopen", "Reopen", form=True)
ACKNOWLEDGE = Step(Verb.ACKNOWLEDGE.value, "Acknowledge", style="positive")
HAND_OVER = Step(Verb.HAND_OVER.value, "Hand over")
DETAILS = Step(Verb.DETAILS.value, "Details (1:1)")


def _next(breach: Breach, now: datetime) -> tuple[str, str, Tone]:
    """(stage name, what is due next, tone) for an open breach."""
    if breach.state is BreachState.REPORTED:
        return "New", "a DPO to acknowledge it (or assess it straight away)", "attention"
    if breach.assessment is None:
        return (
            "Assessment",
            "assess it: data involved, people affected, impact, high risk",
            "warning",
        )
    if breach.ico_decision is None:
        if breach.high_risk and breach.ico_deadline is not None:
            due = due_text(breach.ico_deadline, now)
            return "ICO decision", f"tell the ICO and record it ({due})", "attention"
        return (
            "ICO decision",
            "record the ICO decision (not reportable, with the reason)",
            "warning",
        )
    blockers = review.closing_blockers(breach)
    if not blockers:
        return "Ready to close", "close it with a summary", "good"
    if blockers == ["get the SIRO's approval"] and breach.approval_requested_at is not None:
        return "SIRO approval", "the SIRO's approval of the post-breach report", "accent"
    return "Containment and investigation", blockers[0], "accent"


def _open_steps(breach: Breach) -> list[Step]:
    if breach.state is BreachState.REPORTED:
        return [ACKNOWLEDGE, ASSESS, HAND_OVER, DETAILS]
    if breach.assessment is None:
        return [ASSESS, ADD_ACTION, HAND_OVER, DETAILS]
    steps: list[Step] = []
    if breach.ico_decision is None:
        steps.append(ICO)
        if breach.high_risk:
            steps.append(ICO_PACK)
    if not breach.high_risk and breach.siro_notified_at is None:
        steps.append(NOTIFY_SIRO)
    steps.append(ADD_ACTION)
    if breach.open_actions:
        steps.append(ACTION_DONE)
    if breach.individuals is None:
        steps.append(INFORM)
    if breach.investigation is None:
        steps.append(INVESTIGATE)
    blockers = review.closing_blockers(breach)
    ready_for_siro = blockers == ["get the SIRO's approval"]
    if ready_for_siro and breach.approval_requested_at is None:
        steps.insert(0, ASK_APPROVAL)
    if not blockers:
        steps.insert(0, CLOSE)
    return [*steps, REASSESS, DETAILS]


def stage_of(breach: Breach, now: datetime, clocks: ClockSettings) -> Stage:
    """The stage of ``breach`` at ``now`` (see the module docstring)."""
    times = clocks_of(breach, now, clocks)
    assessed = breach.assessment is not None
    if breach.state is BreachState.CLOSED:
        closed = breach.closure.at if breach.closure is not None else now
        return Stage(
            "Closed",
            "",
            (*times, ("Closed", _when(closed))),
            (REOPEN, DETAILS),
            closed=True,
            assessed=assessed,
            tone="good",
        )
    name, due, tone = _next(breach, now)
    return Stage(name, due, times, tuple(_open_steps(breach)), assessed=assessed, tone=tone)
