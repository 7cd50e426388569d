"""What a handler makes of an answer: the ``Move`` the state machine then applies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.conversation.model import Answers, ConversationState, RewriteOffer, Step, Turn


@dataclass(frozen=True, slots=True)
class Move:
    """What an answer does to the conversation.

    Attributes:
        answers: The answers with this one added, or ``None`` to ask again.
        lead: Said before the next question: a confirmation, or why it is asked again.
        next_step: Where to go when it is not the usual next question.
        continuing: Stay at this question: the next message adds to the answer.
        names_reminded: The reminder to use initials was given with this answer.
        offer: The initials version offered with that reminder.
        alternative: The other reading of an ambiguous time, offered in one word.
    """

    answers: Answers | None
    lead: str = ""
    next_step: Step | None = None
    continuing: bool = False
    names_reminded: bool = False
    offer: RewriteOffer | None = None
    alternative: datetime | None = None


Handler = Callable[[ConversationState, Turn, datetime], Move]
"""One question's handler: state, turn and ``now`` in, a ``Move`` out."""


def reask(why: str) -> Move:
    """Ask the same question again, saying why first."""
    return Move(None, why)
