"""The ``/breach`` conversation as an explicit state machine.

Shaped like a conversation handler with entry points, states and fallbacks: ``start``
is the entry point, ``steps.HANDLERS`` holds one handler per state, and the fallbacks
(cancel, help, back, skip, keep) work at every question before the state's handler is
tried. Before them, a typed label of a button shown counts as pressing it, and a
one-word correction of the previous answer ("morning", "initials") is applied; after
them, a slip of a command word ("cancle") gets a did-you-mean instead of being taken as
an answer (``followups``). Each call is pure: state, turn and ``now`` in; new state,
replies and an optional outcome out. The caller stores ``state`` after every call
(``serialise.state_to_dict``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.domain.conversation import freetext
from bot.domain.conversation.followups import follow_up, not_an_answer, settled
from bot.domain.conversation.freetext import NAME_CHECKED
from bot.domain.conversation.lifecycle import cancel, submit, welcome_back
from bot.domain.conversation.model import (
    REQUIRED_STEPS,
    Answers,
    ConversationKey,
    ConversationState,
    ReporterContext,
    Step,
    Turn,
)
from bot.domain.conversation.move import Move
from bot.domain.conversation.parsing import Command, clean, command_of, plain
from bot.domain.conversation.questions import COMMANDS_HELP, current_answer, help_reply, question
from bot.domain.conversation.replies import Reply
from bot.domain.conversation.result import Result
from bot.domain.conversation.serialise import ConversationStateError, state_from_dict
from bot.domain.conversation.steps import HANDLERS

_NEXT: dict[Step, Step] = {
    Step.DISCOVERED: Step.SERVICE,
    Step.SERVICE: Step.LOCATION,
    Step.LOCATION: Step.SYSTEMS,
    Step.SYSTEMS: Step.DESCRIPTION,
    Step.OTHER_SYSTEM: Step.DESCRIPTION,
    Step.DESCRIPTION: Step.CONTAINMENT,
    Step.CONTAINMENT: Step.SUMMARY,
}
_PREVIOUS: dict[Step, Step] = {
    Step.SERVICE: Step.DISCOVERED,
    Step.LOCATION: Step.SERVICE,
    Step.SYSTEMS: Step.LOCATION,
    Step.OTHER_SYSTEM: Step.SYSTEMS,
    Step.DESCRIPTION: Step.SYSTEMS,
    Step.CONTAINMENT: Step.DESCRIPTION,
    Step.SUMMARY: Step.CONTAINMENT,
    Step.CHANGE: Step.SUMMARY,
}
_ENTRY = frozenset(
    {"breach", "report a breach", "report breach", "new breach", "report", "resume", "continue"}
)
_INTRO = (
    "Let's report a data breach. I'll ask 6 short questions, one at a time, and save each "
    "answer as you go. " + COMMANDS_HELP
)
_APOLOGY = (
    "Sorry — CareGuard was updated and I couldn't carry on with the report you had started, "
    "so let's start again. Your earlier answers have been kept for the DPO."
)


def is_entry(text: str) -> bool:
    """True when a message starts (or resumes) a report: "/breach", "report a breach"."""
    return clean(text) in _ENTRY


def wants_name_check(stored: Mapping[str, object] | None) -> bool:
    """True when the next message will be read as "Where" or "What happened" and the
    reporter has not yet been reminded to use initials: run the name detector on it and
    pass the verdict as ``Turn.names`` (the domain cannot run the detector itself).
    """
    if stored is None:
        return False
    try:
        state = state_from_dict(stored)
    except ConversationStateError:
        return False
    return not state.finished and not state.names_reminded and state.step in NAME_CHECKED


def start(key: ConversationKey, context: ReporterContext, now: datetime) -> Result:
    """Begin a new report and ask the first question."""
    state = ConversationState(
        key=key,
        reporter=context.reporter,
        step=Step.DISCOVERED,
        answers=Answers(),
        started_at=now,
        updated_at=now,
        default_service=context.default_service,
        timezone=context.timezone,
    )
    return Result(state, (question(state, now, _INTRO),))


def resume(state: ConversationState, now: datetime) -> Result:
    """Carry on an unfinished report: say where we are, then ask the current question."""
    lead = (
        welcome_back(state)
        if state.abandoned_at
        else "You have a report in progress — let's carry on."
    )
    state = replace(state, abandoned_at=None, updated_at=now)
    return Result(state, (question(state, now, lead),))


def dispatch(
    stored: Mapping[str, object] | None,
    key: ConversationKey,
    turn: Turn,
    context: ReporterContext,
    now: datetime,
) -> Result | None:
    """The one call a front-end makes for every message from a user.

    Args:
        stored: The state stored for ``key`` (``state_to_dict`` form), or ``None``.
        key: The (channel, conversation, user) the message came from.
        turn: The message or button press.
        context: Who the user is and their default service.
        now: The current time (timezone-aware).

    Returns:
        The result, or ``None`` when the message is not for this conversation (no report
        in progress and not "/breach"): route it elsewhere.
    """
    if stored is None:
        return start(key, context, now) if is_entry(turn.answer) else None
    try:
        state = state_from_dict(stored)
    except ConversationStateError:
        fresh = start(key, context, now)
        return replace(fresh, replies=(_lead(fresh.replies[0], _APOLOGY),), discarded=stored)
    if state.finished:
        return start(key, context, now) if is_entry(turn.answer) else None
    if is_entry(turn.answer):
        return resume(state, now)
    return handle(state, turn, now)


def handle(state: ConversationState, turn: Turn, now: datetime) -> Result:
    """Apply one turn to an unfinished conversation."""
    if state.finished:
        return Result(state, (Reply("That report is finished. Type /breach to start a new one."),))
    if state.abandoned_at is not None:
        back = resume(state, now)
        if not turn.answer.strip():
            return back
        result = handle(back.state, turn, now)
        return replace(result, replies=_lead_first(result.replies, welcome_back(state)))
    state, turn = replace(state, updated_at=now), _as_choice(state, turn, now)
    corrected = follow_up(state, turn, now)
    if corrected is not None:
        return corrected
    state = settled(state)
    command = command_of(turn.answer) if turn.values is None else None
    if command is not None:
        return _fallback(state, command, now)
    if not turn.answer.strip() and not turn.text.strip():
        return Result(state, (question(state, now, "I didn't get an answer there."),))
    typo = not_an_answer(state, turn, now)
    if typo is not None:
        return typo
    rest = state.continuing and turn.values is None  # a ticked card is a fresh answer
    handler = freetext.continued if rest else HANDLERS[state.step]
    return _apply(state, handler(state, turn, now), now)


def _as_choice(state: ConversationState, turn: Turn, now: datetime) -> Turn:
    """A typed label of a choice or button shown ("Yes, send it") counts as pressing it."""
    if turn.value is not None or turn.values is not None:
        return turn
    shown = question(state, now)
    typed = plain(turn.text)
    for choice in (*shown.choices, *shown.actions):
        if typed and plain(choice.label) == typed:
            return replace(turn, value=choice.value)
    return turn


def _fallback(state: ConversationState, command: Command, now: datetime) -> Result:
    if command is Command.CANCEL:
        return cancel(state, now)
    if command is Command.HELP:
        return Result(state, (help_reply(state, now),))
    if command is Command.BACK:
        return _back(state, now)
    if state.continuing:  # skip or keep after a long answer: keep what was sent, move on
        return _apply(state, Move(state.answers, "Noted."), now)
    if command is Command.SKIP:
        return _skip(state, now)
    return _keep(state, now)


def _apply(state: ConversationState, move: Move, now: datetime) -> Result:
    if move.answers is None:
        return Result(state, (question(state, now, move.lead),))
    editing = state.editing or state.step is Step.CHANGE
    state = replace(
        state,
        answers=move.answers,
        editing=editing,
        continuing=move.continuing,
        time_alternative=move.alternative,
        rewrite_offer=move.offer,
        names_reminded=state.names_reminded or move.names_reminded,
    )
    if move.continuing:  # the rest of a long answer comes next, to the same question
        return Result(state, (question(state, now, move.lead),))
    target = move.next_step or (Step.SUMMARY if editing else _NEXT[state.step])
    if target is Step.SUBMITTED:
        return submit(state, now)
    state = replace(state, step=target, editing=editing and target is not Step.SUMMARY)
    return Result(state, (question(state, now, move.lead),))


def _back(state: ConversationState, now: datetime) -> Result:
    if state.editing:
        target: Step | None = Step.SUMMARY
    else:
        target = _PREVIOUS.get(state.step)
    if target is None:
        return Result(state, (question(state, now, "This is the first question."),))
    state = replace(state, step=target, editing=False, continuing=False)
    return Result(state, (question(state, now),))


_CLEARED: dict[Step, dict[str, object]] = {
    Step.LOCATION: {"location": None},
    Step.SYSTEMS: {"systems": (), "other_system": None},
    Step.OTHER_SYSTEM: {},
    Step.CONTAINMENT: {"containment": (), "containment_notes": None},
}


def _skip(state: ConversationState, now: datetime) -> Result:
    if state.step in REQUIRED_STEPS:
        why = "I need this one to send the report — your best guess is fine."
        return Result(state, (question(state, now, why),))
    if state.step not in _CLEARED:
        return Result(state, (question(state, now, "Please answer this one, or say back."),))
    answers = replace(state.answers, **_CLEARED[state.step])  # type: ignore[arg-type]
    return _apply(state, Move(answers, "Skipped."), now)


def _keep(state: ConversationState, now: datetime) -> Result:
    if state.step is Step.SERVICE and (state.answers.service or state.default_service):
        return _apply(state, HANDLERS[Step.SERVICE](state, Turn(text="yes"), now), now)
    if not current_answer(state, now):
        return Result(state, (question(state, now, "There's no earlier answer to keep here."),))
    return _apply(state, Move(state.answers, "Kept."), now)


def _lead(reply: Reply, lead: str) -> Reply:
    return replace(reply, text=f"{lead}\n{reply.text}")


def _lead_first(replies: tuple[Reply, ...], lead: str) -> tuple[Reply, ...]:
    if not replies:
        return (Reply(lead, card="notice"),)
    return (_lead(replies[0], lead), *replies[1:])
