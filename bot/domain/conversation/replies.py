"""What the bot says: plain text plus optional choices, for any front-end to render.

Teams turns a ``Reply`` into an Adaptive Card (``card`` and ``data`` are hints for it),
WhatsApp into interactive buttons or a numbered list, the console into numbered lines
(``as_plain_text``). Nothing here knows about any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None


@dataclass(frozen=True, slots=True)
class Choice:
    """One button or list entry.

    Attributes:
        label: What the user sees.
        value: What comes back in ``Turn.value`` when it is pressed; typing the value
            (or the choice's number) has the same effect.
    """

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message from the bot.

    Attributes:
        text: The message, plain text; may span several lines.
        choices: Answers to offer, in order (their numbers are 1, 2, ...).
        multi_select: True when several choices may be ticked together.
        actions: Navigation buttons (back, skip, cancel, keep), shown apart from choices.
        card: A hint for rich front-ends: ``"question"``, ``"summary"``, ``"submitted"``,
            ``"cancelled"``, ``"notice"`` or ``"status"``.
        data: JSON-safe details for the card (step, minutes left, ...).
    """

    text: str
    choices: tuple[Choice, ...] = ()
    multi_select: bool = False
    actions: tuple[Choice, ...] = ()
    card: str | None = None
    data: Mapping[str, JsonValue] = field(default_factory=dict)

    def as_plain_text(self) -> str:
        """Render for a text-only channel: the text, numbered choices, then commands."""
        lines = [self.text]
        if self.choices:
            lines.append("")
            lines.extend(f"{n}. {c.label}" for n, c in enumerate(self.choices, start=1))
            if self.multi_select:
                lines.append("(You can pick more than one, e.g. 1, 3)")
        if self.actions:
            lines.append("")
            lines.append("Or type: " + " · ".join(a.value for a in self.actions))
        return "\n".join(lines)


BACK = Choice("Back", "back")
SKIP = Choice("Skip", "skip")
HELP = Choice("Help", "help")
CANCEL = Choice("Cancel", "cancel")
KEEP = Choice("Keep my answer", "keep")
DONE = Choice("That's everything", "done")
USE_INITIALS = Choice("Use initials", "initials")
