"""The systems a breach involved, typed as the bot offers them.

The bot's list ("1 Birdie … 7 Email, 8 Paper records, 9 Other") and its reading of
answers (``bot.domain.conversation.parsing.parse_systems``: numbers, labels, common
words such as "outlook" or "paperwork", small typos) are used as they are, so a DPO
types what a carer would. "Other" can carry the system's name: ``Other: Nourish``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.cli.util import InvalidAnswerError
from bot.domain.conversation.parsing import SYSTEMS, parse_systems

LABELS: dict[str, str] = {"email": "Email", "paper": "Paper records", "other": "Other"}
"""The bot's labels where they differ from the system's name (``questions._system_label``)."""

SYSTEMS_HELP = ", ".join(f"{i} {LABELS.get(s, s)}" for i, s in enumerate(SYSTEMS, 1))
"""``1 Birdie, 2 ClearCare, …, 9 Other``: the bot's numbered list."""

_OTHER_NAMED = re.compile(r"\bother\s*(?::|\(|-)\s*([^,;()]*?)\s*\)?\s*(?=[,;]|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SystemsChoice:
    """Systems read from an answer.

    Attributes:
        systems: Canonical system values in the bot's order (``"paper"``, ``"Birdie"``).
        other_name: What the "other" system is, when the answer said it.
    """

    systems: tuple[str, ...]
    other_name: str | None = None

    @property
    def needs_name(self) -> bool:
        """True when "Other" was chosen without saying which system it is."""
        return "other" in self.systems and not self.other_name


def read_systems(text: str) -> SystemsChoice:
    """Read ``"Paper records, Email"``, ``"1, 7"`` or ``"Birdie, Other: Nourish"``.

    Raises:
        InvalidAnswerError: some of it is not a known system (the words are not repeated: they
            could name a client).
    """
    other_name: str | None = None
    named = _OTHER_NAMED.search(text)
    if named is not None:
        other_name = named.group(1).strip() or None
        text = text[: named.start()] + "other" + text[named.end() :]
    answer = parse_systems(text)
    if answer.unknown or not answer.systems:
        raise InvalidAnswerError(
            f"not all of it is a system CareGuard knows; choose from {SYSTEMS_HELP} "
            '(for another system write "Other: its name")'
        )
    return SystemsChoice(answer.systems, other_name if "other" in answer.systems else None)


def label(system: str) -> str:
    """The bot's label of a system (``"paper"`` → ``"Paper records"``)."""
    return LABELS.get(system, system)
