"""What one turn of the conversation produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.conversation.model import ConversationState, Outcome
from bot.domain.conversation.replies import Reply


@dataclass(frozen=True, slots=True)
class Result:
    """What one turn produced.

    Attributes:
        state: The new state: store it (or delete it once ``state.finished``).
        replies: Messages to send, in order.
        outcome: ``Submitted`` (register it, then send ``submitted_reply``),
            ``Cancelled``, or ``None`` while the conversation goes on.
        discarded: A stored state that could not be read (e.g. written by another
            version): keep it for the DPO, nothing may be lost.
    """

    state: ConversationState
    replies: tuple[Reply, ...]
    outcome: Outcome | None = None
    discarded: Mapping[str, object] | None = None
