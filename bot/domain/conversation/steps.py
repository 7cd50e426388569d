"""One handler per question: read the answer, or say why it was not accepted.

A handler returns a ``Move``: the new answers (or ``None`` to ask again), what to say
first, and the next question when it differs from the usual order. Re-ask texts never
repeat what was typed; confirmations may, since the reporter is in a 1:1 chat.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.conversation import freetext
from bot.domain.conversation.idioms import correction_word
from bot.domain.conversation.model import SERVICES, Answers, ConversationState, Step, Turn
from bot.domain.conversation.move import Handler, Move, reask
from bot.domain.conversation.parsing import (
    CONTAINMENT,
    SYSTEMS,
    clean,
    is_no,
    is_yes,
    parse_containment,
    parse_service,
    parse_systems,
    plain,
)
from bot.domain.conversation.questions import CHANGE_CHOICES, systems_text
from bot.domain.conversation.when import (
    TimeProblem,
    clock_label,
    describe_discovery,
    parse_discovery,
)

MAX_SYSTEM_NAME = 200
"""An "other" system's name; longer is a sentence about something else."""

_TIME_PROBLEMS = {
    TimeProblem.UNREADABLE: (
        'Sorry, I couldn\'t read that as a time. Try something like "10 minutes ago", '
        '"today at 9:15", "half 5" or "yesterday 14:00".'
    ),
    TimeProblem.NO_TIME: (
        'Roughly what time was that? For example "about 8", "today at 8:30", '
        '"yesterday 14:00" or "2 hours ago". Your best guess is fine.'
    ),
    TimeProblem.FUTURE: (
        "That time hasn't happened yet. When did you discover it? For example "
        '"10 minutes ago" or "today at 9:15".'
    ),
    TimeProblem.TOO_OLD: (
        'That\'s more than 30 days ago — please check the date (for example "21/11 14:00"). '
        "If it really was that long ago, please also contact your DPO directly."
    ),
}


def _discovered(state: ConversationState, turn: Turn, now: datetime) -> Move:
    a = state.answers
    if is_yes(turn.answer) and a.discovered_at is not None:
        return Move(a, "Kept.")
    parsed = parse_discovery(turn.answer, now, state.timezone)
    if parsed.at is None:
        return reask(_TIME_PROBLEMS[parsed.problem or TimeProblem.UNREADABLE])
    said = describe_discovery(parsed.at, now, state.timezone)
    answers = replace(a, discovered_at=parsed.at)
    if parsed.alternative is None:
        return Move(answers, f"I've recorded {said}.")
    lead = took_as(said, parsed.alternative, now, state.timezone)
    return Move(answers, lead, alternative=parsed.alternative)


def took_as(said: str, alternative: datetime, now: datetime, tz: str) -> str:
    """Which of two readings was taken, and the one word that picks the other."""
    word = correction_word(alternative.astimezone(ZoneInfo(tz)).hour)
    other = clock_label(alternative, now, tz)
    return f'I took that as {said}. Reply "{word}" if you meant {other}.'


def _service(state: ConversationState, turn: Turn, now: datetime) -> Move:
    a = state.answers
    current = a.service or state.default_service
    chosen = parse_service(turn.answer)
    if chosen is None and current is not None:
        if is_yes(turn.answer):
            chosen = current
        elif is_no(turn.answer):
            chosen = next(s for s in SERVICES if s != current)
    if chosen is None:
        return reask("Please answer Adults or Children (or 1 or 2).")
    return Move(replace(a, service=chosen), f"Service: {chosen.capitalize()}.")


def meaningful(text: str, minimum: int = 2) -> bool:
    """True for real words: not empty, not just "ok" or "no", has a letter or digit."""
    stripped = text.strip()
    if len(stripped) < minimum or not re.search(r"\w", stripped):
        return False
    return not (is_yes(stripped) or is_no(stripped))


def _free_text(minimum: int, example: str) -> Handler:
    def handler(state: ConversationState, turn: Turn, now: datetime) -> Move:
        text = turn.answer.strip()
        if is_yes(text) and freetext.text_of(state.answers, state.step):
            return Move(state.answers, "Kept.")
        if not meaningful(text, minimum):
            return reask(f'Please tell me in a few words — for example "{example}".')
        return freetext.answer(state, turn, text)

    return handler


def _systems(state: ConversationState, turn: Turn, now: datetime) -> Move:
    a = state.answers
    if turn.values is not None:
        return _systems_from_card(a, turn)
    if is_yes(turn.answer) and a.systems:
        return Move(a, "Kept.")
    if is_no(turn.answer) or clean(turn.answer) in {"none", "nothing", "no system", "no systems"}:
        return Move(replace(a, systems=(), other_system=None), "No systems noted.")
    parsed = parse_systems(turn.answer)
    if not parsed.systems:
        return reask(
            "Sorry, I didn't recognise that. Pick from the list by number or name — for "
            'example "1, 6" or "Birdie, email" — or say "other".'
        )
    other = a.other_system if "other" in parsed.systems else None
    new = replace(a, systems=parsed.systems, other_system=other)
    ask_other = ("other" in new.systems and not other) or parsed.unknown > 0
    return Move(new, f"Noted: {systems_text(new)}.", Step.OTHER_SYSTEM if ask_other else None)


def _systems_from_card(a: Answers, turn: Turn) -> Move:
    chosen = tuple(s for s in SYSTEMS if s in set(turn.values or ()))
    other = turn.text.strip() or None
    if other and "other" not in chosen:
        chosen = (*chosen, "other")
    if not chosen:
        return reask("Please tick at least one system, or skip this question.")
    new = replace(a, systems=chosen, other_system=other)
    ask_other = "other" in chosen and not other
    return Move(new, f"Noted: {systems_text(new)}.", Step.OTHER_SYSTEM if ask_other else None)


def _other_system(state: ConversationState, turn: Turn, now: datetime) -> Move:
    a = state.answers
    text = turn.answer.strip()
    if is_no(text) or clean(text) in {"none", "nothing", "no other"}:
        return Move(a, "OK.")
    if not meaningful(text):
        return reask("Please type the system's name, or skip.")
    if len(text) > MAX_SYSTEM_NAME:
        return reask("That's long for a name — please type just the system's name, or skip.")
    systems = a.systems if "other" in a.systems else (*a.systems, "other")
    new = replace(a, systems=systems, other_system=text)
    return Move(new, f"Noted: {systems_text(new)}.")


def _containment(state: ConversationState, turn: Turn, now: datetime) -> Move:
    a = state.answers
    if turn.values is not None:
        codes = tuple(code for code, _ in CONTAINMENT if code in set(turn.values))
        notes = turn.text.strip()
        if not codes and not notes:
            return reask("Please tick what has been done, tell me in your words, or skip.")
        ticked = replace(state, answers=replace(a, containment=codes, containment_notes=None))
        return freetext.answer(ticked, turn, notes) if notes else Move(ticked.answers, "Noted.")
    text = turn.answer.strip()
    if is_yes(text) and (a.containment or a.containment_notes):
        return Move(a, "Kept.")
    codes_typed = parse_containment(text)
    if codes_typed is not None:
        return Move(replace(a, containment=codes_typed, containment_notes=None), "Noted.")
    if not meaningful(text):
        return reask('Please pick from the list (e.g. "1, 2"), tell me in your words, or skip.')
    untick = replace(state, answers=replace(a, containment=()))
    return freetext.answer(untick, turn, text)


_SEND = frozenset(
    {"1", "yes send it", "send it now", "yes send it now", "send now", "yes please send it",
     "yes send", "send to dpo", "send it to the dpo", "yes send it to the dpo"}
)  # fmt: skip
_CHANGE = frozenset(
    {"2", "no change something", "change something", "no change", "change it", "no edit",
     "no i want to change something", "i want to change something", "edit something"}
)  # fmt: skip


def _summary(state: ConversationState, turn: Turn, now: datetime) -> Move:
    # "1" and "2" are the numbers the yes/no choices carry on text-only channels; the
    # labels themselves ("Yes, send it") arrive as their values (see flow._as_choice).
    if is_yes(turn.answer) or plain(turn.answer) in _SEND:
        return Move(state.answers, "", Step.SUBMITTED)
    if is_no(turn.answer) or plain(turn.answer) in _CHANGE:
        return Move(state.answers, "", Step.CHANGE)
    return reask("Please answer yes to send it to the DPO, or no to change something.")


_CHANGE_WORDS: dict[str, Step] = {
    **{step.value: step for step, _ in CHANGE_CHOICES},
    **{label.casefold(): step for step, label in CHANGE_CHOICES},
    **{str(n): step for n, (step, _) in enumerate(CHANGE_CHOICES, start=1)},
    **dict.fromkeys(("when", "time", "discovered", "date"), Step.DISCOVERED),
    **dict.fromkeys(("where", "location", "place"), Step.LOCATION),
    **dict.fromkeys(("system", "apps"), Step.SYSTEMS),
    **dict.fromkeys(("what", "description", "what happened", "details"), Step.DESCRIPTION),
    **dict.fromkeys(("done", "containment", "what was done", "contain"), Step.CONTAINMENT),
}


def _change(state: ConversationState, turn: Turn, now: datetime) -> Move:
    target = _CHANGE_WORDS.get(clean(turn.answer))
    if target is None:
        return reask("Please pick the answer to change by number (1 to 6), or say back.")
    return Move(state.answers, "", target)


HANDLERS: dict[Step, Handler] = {
    Step.DISCOVERED: _discovered,
    Step.SERVICE: _service,
    Step.LOCATION: _free_text(2, "at a client's home"),
    Step.SYSTEMS: _systems,
    Step.OTHER_SYSTEM: _other_system,
    Step.DESCRIPTION: _free_text(3, "care plan emailed to the wrong family"),
    Step.CONTAINMENT: _containment,
    Step.SUMMARY: _summary,
    Step.CHANGE: _change,
}
