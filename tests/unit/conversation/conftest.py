"""Shared helpers: a fixed reporter, fixed clocks, and a driver that stores state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.domain.conversation import (
    ConversationKey,
    Reply,
    Reporter,
    ReporterContext,
    Result,
    ServiceName,
    Turn,
    dispatch,
    state_from_dict,
    state_to_dict,
)

KEY = ConversationKey("msteams", "a:1on1-chat", "29:user-1")
REPORTER = Reporter("sam.carer@example.org", "Sam Carer")

GMT_NOW = datetime(2026, 11, 23, 9, 53, tzinfo=UTC)  # 09:53 GMT
BST_NOW = datetime(2026, 7, 15, 8, 53, tzinfo=UTC)  # 09:53 BST
SPRING_CHANGE_NOW = datetime(2026, 3, 29, 9, 53, tzinfo=UTC)  # clocks went forward at 01:00 UTC
AUTUMN_CHANGE_NOW = datetime(2026, 10, 25, 1, 20, tzinfo=UTC)  # 01:20 GMT, the second 01:20

# Answers that take a report from the first question to the summary.
HAPPY_ANSWERS = (
    "10 minutes ago",
    "yes",
    "in the office",
    "birdie, whatsapp",
    "Rota with initials sent to the wrong WhatsApp group",
    "2",
)


def context(default: ServiceName | None = "adults") -> ReporterContext:
    """The reporter's context, defaulting to the Adults service."""
    return ReporterContext(REPORTER, default_service=default)


@dataclass
class Chat:
    """Drives ``dispatch`` like a front-end: stores the dict form after every turn.

    Every stored dict is checked to come back as the same state, so each test also
    proves that a restart (or a second instance) could continue at that point.
    """

    now: datetime
    ctx: ReporterContext = field(default_factory=context)
    stored: dict[str, object] | None = None
    results: list[Result] = field(default_factory=list)

    def say(self, text: str = "", *, minutes: float = 1, **turn: object) -> Result:
        """Send one turn ``minutes`` after the previous one."""
        self.now += timedelta(minutes=minutes)
        result = dispatch(self.stored, KEY, Turn(text=text, **turn), self.ctx, self.now)  # type: ignore[arg-type]
        assert result is not None, "the conversation ignored a turn"
        self.stored = state_to_dict(result.state)
        assert state_from_dict(self.stored) == result.state
        self.results.append(result)
        return result

    def say_all(self, texts: Iterable[str]) -> Result:
        """Send several turns; return the last result."""
        result = None
        for text in texts:
            result = self.say(text)
        assert result is not None
        return result

    @property
    def last(self) -> Result:
        return self.results[-1]

    @property
    def text(self) -> str:
        """All reply text of the last turn."""
        return "\n".join(r.text for r in self.last.replies)


def started(now: datetime = GMT_NOW, answers: Iterable[str] = (), **kwargs: object) -> Chat:
    """A chat after "/breach" and the given answers."""
    chat = Chat(now=now, **kwargs)  # type: ignore[arg-type]
    chat.say("/breach", minutes=0)
    for text in answers:
        chat.say(text)
    return chat


def only_reply(result: Result) -> Reply:
    assert len(result.replies) == 1
    return result.replies[0]
