"""How a report conversation ends: submitted, cancelled, or abandoned and resumed.

``submit`` and ``cancel`` are reached from the state machine; ``is_abandoned``,
``mark_abandoned``, ``abandoned_summary`` and ``abandoned_notice`` are for the scheduler
that looks for silent reporters; ``submitted_reply`` is sent once the register has
allocated a reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.conversation.model import (
    LONDON,
    QUESTION_ORDER,
    REQUIRED_STEPS,
    Cancelled,
    ConversationState,
    Reporter,
    ServiceName,
    Step,
    Submitted,
    SubmittedReport,
)
from bot.domain.conversation.questions import question
from bot.domain.conversation.replies import Reply
from bot.domain.conversation.result import Result
from bot.domain.conversation.when import clock_label, span
from bot.domain.conversation.window import late_words, minutes_late

DEFAULT_TIMEOUT = timedelta(minutes=10)
"""Silence after which the DPO gets what was captured so far (issue: default 10 minutes)."""


def submit(state: ConversationState, now: datetime) -> Result:
    """Turn a confirmed summary into a ``Submitted`` outcome (no reply: see ``submitted_reply``)."""
    a = state.answers
    if a.discovered_at is None or a.service is None or not a.description:
        missing = next(s for s in QUESTION_ORDER if s in REQUIRED_STEPS and not _has(state, s))
        state = replace(state, step=missing, editing=True)
        return Result(state, (question(state, now, "I still need this answer first."),))
    report = SubmittedReport(
        reporter=state.reporter,
        discovered_at=a.discovered_at,
        reported_at=now,
        service=a.service,
        location=a.location,
        systems=a.systems,
        other_system=a.other_system,
        description=a.description,
        containment=a.containment,
        containment_notes=a.containment_notes,
        minutes_late=minutes_late(a.discovered_at, now),
        resumed_after_alert=state.partial_sent,
    )
    done = replace(state, step=Step.SUBMITTED, updated_at=now, editing=False)
    return Result(done, (), Submitted(report))


def _has(state: ConversationState, step: Step) -> bool:
    a = state.answers
    return {
        Step.DISCOVERED: a.discovered_at is not None,
        Step.SERVICE: a.service is not None,
        Step.DESCRIPTION: bool(a.description),
    }.get(step, True)


def cancel(state: ConversationState, now: datetime) -> Result:
    """End the conversation without sending anything more to the DPO."""
    if state.partial_sent:
        text = (
            "Cancelled. Nothing more will be sent. The DPO already has the partial report "
            "from earlier, and will be told that you cancelled it."
        )
    else:
        text = "Cancelled. Nothing has been sent to the DPO."
    text += " If you need to report a breach later, type /breach, or contact your DPO directly."
    done = replace(state, step=Step.CANCELLED, updated_at=now, editing=False)
    return Result(done, (Reply(text, card="cancelled"),), Cancelled(state.partial_sent))


def submitted_reply(
    reference: str, report: SubmittedReport, now: datetime, tz: str = LONDON
) -> Reply:
    """The last message: the reference, the timing in kind words, and what happens next.

    Args:
        reference: The register's reference, e.g. ``"BR-2026-0042"``.
        report: The report that was registered.
        now: The current time.
        tz: Zone for showing times.
    """
    first_name = report.reporter.name.split()[0] if report.reporter.name.split() else "there"
    sent_at = clock_label(report.reported_at, now, tz)
    lines = [
        f"Thank you, {first_name}. Your report went to the {report.service.capitalize()} "
        f"DPO at {sent_at}.",
        f"Your reference is {reference}.",
        late_words(report.minutes_late),
        "I'll let you know when the DPO acknowledges it. If you can still limit the damage "
        "(lock a device, change a password, get papers back), please do.",
        "Type /breach status to see your reports.",
    ]
    data: dict[str, str | int | bool | None] = {
        "reference": reference,
        "service": report.service,
        "within_window": report.within_window,
        "minutes_late": report.minutes_late,
    }
    return Reply("\n".join(lines), card="submitted", data=data)


def is_abandoned(
    state: ConversationState, now: datetime, timeout: timedelta = DEFAULT_TIMEOUT
) -> bool:
    """True when the reporter has been silent for ``timeout`` and the DPO was not yet told."""
    if state.finished or state.abandoned_at is not None:
        return False
    return now - state.updated_at >= timeout


def mark_abandoned(state: ConversationState, now: datetime) -> ConversationState:
    """The state to store once the DPO has been sent ``abandoned_summary(state)``."""
    return replace(state, abandoned_at=now, partial_sent=True)


def abandoned_notice(state: ConversationState, timeout: timedelta = DEFAULT_TIMEOUT) -> Reply:
    """The message to the reporter when their silence triggers the DPO alert."""
    minutes = int(timeout.total_seconds() // 60)
    text = (
        f"I haven't heard from you for {span(minutes)}, so I've sent the DPO what you've "
        "told me so far, marked incomplete — that way nothing is lost. Reply any time to "
        "carry on where you left off."
    )
    return Reply(text, card="notice", data={"step": state.step.value})


def welcome_back(state: ConversationState) -> str:
    """Said when a reporter returns after the DPO got their partial report."""
    when = ""
    if state.abandoned_at is not None:
        local = state.abandoned_at.astimezone(ZoneInfo(state.timezone))
        when = f" at {local.strftime('%H:%M')}"
    return (
        f"Welcome back. The DPO already has the partial report I sent{when}; let's finish "
        "it so they have the full picture."
    )


@dataclass(frozen=True, slots=True)
class PartialReport:
    """What an abandoned conversation captured, for the DPO alert (always incomplete).

    Attributes:
        reporter: Who started the report.
        started_at: When they typed /breach.
        last_answer_at: When they last said anything.
        discovered_at: Discovery time, if given.
        service: Service, if given (else the default from the team or reporter).
        location: Where, if given.
        systems: Systems, if given.
        other_system: The "other" system's name, if given.
        description: What happened, if given.
        containment: Containment steps chosen, if any.
        containment_notes: Containment in the reporter's words, if given.
        waiting_for: The question the reporter was on.
        unanswered: Questions not answered yet (skipped ones are not listed).
        incomplete: Always ``True``: the reporter has not confirmed this.
    """

    reporter: Reporter
    started_at: datetime
    last_answer_at: datetime
    discovered_at: datetime | None
    service: ServiceName | None
    location: str | None = field(repr=False)
    systems: tuple[str, ...]
    other_system: str | None = field(repr=False)
    description: str | None = field(repr=False)
    containment: tuple[str, ...]
    containment_notes: str | None = field(repr=False)
    waiting_for: Step
    unanswered: tuple[Step, ...]
    incomplete: bool = True


def abandoned_summary(state: ConversationState) -> PartialReport:
    """Everything captured so far, marked incomplete, for the DPO alert."""
    a = state.answers
    main = Step.SYSTEMS if state.step is Step.OTHER_SYSTEM else state.step
    position = QUESTION_ORDER.index(main) if main in QUESTION_ORDER else len(QUESTION_ORDER)
    return PartialReport(
        reporter=state.reporter,
        started_at=state.started_at,
        last_answer_at=state.updated_at,
        discovered_at=a.discovered_at,
        service=a.service or state.default_service,
        location=a.location,
        systems=a.systems,
        other_system=a.other_system,
        description=a.description,
        containment=a.containment,
        containment_notes=a.containment_notes,
        waiting_for=state.step,
        unanswered=QUESTION_ORDER[position:],
    )
