"""What a message may be before it is read as an answer: a one-word correction or a typo.

After an ambiguous time ("half 5": 17:30 taken) the next message may be the one word
that picks the other reading ("morning"); after the reminder to use initials it may be
"initials", taking the detector's rewrite. A near-miss of the conversation's own words,
alone in the message ("cancle", "hlep", "bakc", "skp"), gets "Did you mean …?" and is
never saved as an answer; real answers that happen to be short words are untouched
(see ``bot.domain.commands.near_miss``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.conversation.freetext import FIELDS, is_initials, use_rewrite
from bot.domain.conversation.idioms import is_correction
from bot.domain.conversation.model import ConversationState, Step, Turn
from bot.domain.conversation.parsing import clean
from bot.domain.conversation.questions import question
from bot.domain.conversation.result import Result
from bot.domain.conversation.when import describe_discovery
from bot.domain.typos import near_miss

NAVIGATION: dict[str, str] = {
    "cancel": "stop — nothing is sent",
    "back": "the previous question",
    "skip": "leave out this question",
    "help": "more about this question",
    "keep": "keep your earlier answer",
}
"""The words that work at every question, and what each does."""


def follow_up(state: ConversationState, turn: Turn, now: datetime) -> Result | None:
    """Apply a one-word correction of the previous answer, if the message is one."""
    if turn.values is not None:
        return None
    alternative = state.time_alternative
    if alternative is not None:
        hour = alternative.astimezone(ZoneInfo(state.timezone)).hour
        if is_correction(clean(turn.answer), hour):
            answers = replace(state.answers, discovered_at=alternative)
            state = replace(state, answers=answers, time_alternative=None)
            said = describe_discovery(alternative, now, state.timezone)
            return Result(state, (question(state, now, f"Changed: I've recorded {said}."),))
    offer = state.rewrite_offer
    if offer is not None and is_initials(turn):
        state = use_rewrite(state, offer)
        lead = f'Changed to initials: "{offer.text}".'
        return Result(state, (question(state, now, lead),))
    return None


def settled(state: ConversationState) -> ConversationState:
    """The state once the reporter has moved on: corrections offered are no longer open."""
    if state.time_alternative is None and state.rewrite_offer is None:
        return state
    return replace(state, time_alternative=None, rewrite_offer=None)


def not_an_answer(state: ConversationState, turn: Turn, now: datetime) -> Result | None:
    """Did-you-mean for a slip of a conversation word, or a ``/word`` that is not one."""
    if turn.value is not None or turn.values is not None:
        return None
    words = turn.text.split()
    meant = near_miss(clean(words[0]), NAVIGATION) if len(words) == 1 else None
    if meant is not None:
        lead = f"Did you mean {meant}? If so, type {meant} ({NAVIGATION[meant]})."
        if state.continuing or state.step in (*FIELDS, Step.OTHER_SYSTEM):
            lead += " If that was your answer, please put it in a few more words."
        return Result(state, (question(state, now, lead),))
    if turn.text.strip().startswith("/"):  # "/braech", "/register": never an answer
        lead = (
            "That looks like a command, but not one I know during a report. At any question "
            "you can type back, skip, cancel or help."
        )
        return Result(state, (question(state, now, lead),))
    return None
