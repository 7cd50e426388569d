"""Answers in the reporter's own words: where, what happened, what was done.

Nothing typed is lost. Of a message over the limit the first part is kept, the reporter
is told how much, and the rest is taken from the next message (``continuing``): a carer
on a phone never has to retype it. An answer to "Where" or "What happened" that
names a client in full is still taken (the DPO needs the facts), with a reminder, once
per report, to use initials and the detector's rewrite offered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain.conversation.model import Answers, ConversationState, RewriteOffer, Step, Turn
from bot.domain.conversation.move import Move
from bot.domain.conversation.parsing import clean, is_no, is_yes

MAX_MESSAGE = 3000
"""What one message may add to an answer; beyond it the rest is asked for."""

MAX_ANSWER = 12_000
"""A whole answer, with the rest added from later messages; beyond it nothing is added."""

FIELDS = (Step.LOCATION, Step.DESCRIPTION, Step.CONTAINMENT)
"""The questions answered in the reporter's own words (containment: its notes)."""

NAME_CHECKED = frozenset({Step.LOCATION, Step.DESCRIPTION})
"""Answers the name detector looks at (the DPO alert shows them, masked)."""

_DONE_WORDS = frozenset(
    {"done", "that's all", "thats all", "that's everything", "thats everything", "that's it",
     "thats it", "finished", "all done", "nothing else", "nothing more", "no more", "end"}
)  # fmt: skip
_INITIALS_WORDS = frozenset(
    {"initials", "use initials", "use the initials", "use initials instead", "use that",
     "use it", "use that version", "use the initials version", "yes use initials"}
)  # fmt: skip
_QUOTED_WORDS = 6


@dataclass(frozen=True, slots=True)
class Taken:
    """What was made of one message added to an answer.

    Attributes:
        text: The answer with (the kept part of) the message in it.
        start: Where the message starts in ``text``.
        kept: Characters of the message kept.
        dropped: Characters of the message not kept (0 when it all went in).
        full: True when the answer reached ``MAX_ANSWER``: no more can be added.
    """

    text: str
    start: int
    kept: int
    dropped: int
    full: bool


def text_of(answers: Answers, step: Step) -> str | None:
    """The answer in the reporter's words to ``step`` (one of ``FIELDS``)."""
    return {
        Step.LOCATION: answers.location,
        Step.DESCRIPTION: answers.description,
        Step.CONTAINMENT: answers.containment_notes,
    }.get(step)


def with_text(answers: Answers, step: Step, text: str) -> Answers:
    """``answers`` with ``text`` as the answer to ``step`` (one of ``FIELDS``)."""
    if step is Step.LOCATION:
        return replace(answers, location=text)
    if step is Step.DESCRIPTION:
        return replace(answers, description=text)
    return replace(answers, containment_notes=text)


def take(existing: str | None, message: str) -> Taken:
    """Add ``message`` to an answer (``existing`` is ``None`` for a new answer)."""
    prefix = f"{existing} " if existing else ""
    room = min(MAX_MESSAGE, MAX_ANSWER - len(prefix))
    kept = keep_first(message, room)
    text = prefix + kept
    return Taken(text, len(prefix), len(kept), len(message) - len(kept), len(text) >= MAX_ANSWER)


def keep_first(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, ending at a space when one is near."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    end = cut if cut > max(limit - 100, 0) else limit  # no space near: cut mid-word
    return text[:end].rstrip()


def _tail(text: str) -> str:
    return "…" + " ".join(text.split()[-_QUOTED_WORDS:])


def cut_words(taken: Taken) -> str:
    """Said when a message was longer than could be kept: how much, and what next."""
    total = taken.kept + taken.dropped
    kept = (
        f"I've kept the first {taken.kept:,} characters of the {total:,} you sent, up to "
        f'"{_tail(taken.text)}".'
    )
    if taken.full:
        return (
            f"That's as long as one answer can be, so {kept} The DPO will ask you if they "
            "need more."
        )
    return (
        f"That's more than I can take in one message, so {kept} Please send the rest in your "
        "next message and I'll add it to this answer."
    )


def answer(state: ConversationState, turn: Turn, message: str) -> Move:
    """Take ``message`` as (the next part of) the current question's answer."""
    existing = text_of(state.answers, state.step) if state.continuing else None
    taken = take(existing, message)
    answers = with_text(state.answers, state.step, taken.text)
    lead = "Added." if existing else "Noted."
    continuing = taken.dropped > 0 and not taken.full
    if taken.dropped:
        lead = cut_words(taken)
    move = Move(answers, lead, continuing=continuing)
    return _with_names(state, turn, move, taken)


def _with_names(state: ConversationState, turn: Turn, move: Move, taken: Taken) -> Move:
    names = turn.names
    if state.names_reminded or state.step not in NAME_CHECKED or not (names and names.full_name):
        return move
    rewrite = (names.rewrite or "").strip()
    offer = None
    if rewrite and not taken.dropped and rewrite != taken.text[taken.start :]:
        offer = RewriteOffer(state.step, taken.start, rewrite)
    return replace(move, lead=f"{move.lead}\n{reminder(offer)}", names_reminded=True, offer=offer)


def reminder(offer: RewriteOffer | None) -> str:
    """The once-per-report reminder to use initials, with the rewrite when there is one."""
    text = (
        "A reminder: that seems to include a client's full name. Please use initials for "
        "clients — I've kept your answer as you wrote it, so the DPO has the facts."
    )
    if offer is None:
        return text
    return f'{text} With initials it reads: "{offer.text}" — reply "initials" to use that instead.'


def is_initials(turn: Turn) -> bool:
    """True when the reporter takes the offered rewrite ("initials", or the button)."""
    return clean(turn.answer) in _INITIALS_WORDS


def use_rewrite(state: ConversationState, offer: RewriteOffer) -> ConversationState:
    """The state with the offered rewrite in place of the message it rewrites."""
    current = text_of(state.answers, offer.step) or ""
    answers = with_text(state.answers, offer.step, current[: offer.start] + offer.text)
    return replace(state, answers=answers, rewrite_offer=None)


def continued(state: ConversationState, turn: Turn, now: datetime) -> Move:
    """The next message after a long answer: the rest of it, or "done"."""
    text = turn.answer.strip()
    if clean(text) in _DONE_WORDS or is_no(text) or is_yes(text):
        return Move(state.answers, "Noted.")
    return answer(state, turn, text)
