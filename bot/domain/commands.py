"""The chat commands, declared once.

Help text, the help card and the Teams app manifest's command lists are all generated from
:data:`COMMANDS`, so what staff see in the command menu is always what the bot understands.
Pure helpers only: no I/O, no SDK. The typo rule (``near_miss``) is in ``bot.domain.typos``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Audience(StrEnum):
    """Who may use a command."""

    EVERYONE = "everyone"
    OFFICERS = "officers"
    """People listed in the organisation file as DPO, SIRO or director."""


class Scope(StrEnum):
    """Where a command is offered in the Teams command menu (the manifest's bot scopes)."""

    PERSONAL = "personal"
    TEAM = "team"
    GROUP_CHAT = "groupChat"


ALL_SCOPES: frozenset[Scope] = frozenset(Scope)


@dataclass(frozen=True)
class Command:
    """One chat command.

    Attributes:
        name: The canonical name without the slash; may be two words ("breach status").
        help: One line saying what the command does, in plain words.
        audience: Who may use it.
        aliases: Other ways to type it (without a slash), e.g. "report a breach".
        examples: Example lines as typed, with the slash.
        scopes: Where the Teams command menu offers it.
        takes_args: Whether words may follow the name when typed without a slash
            ("away until 17:00"); otherwise a bare line must be exactly the command, so
            ordinary chat such as "help me with the rota" is not taken for ``/help``.
    """

    name: str
    help: str
    audience: Audience = Audience.EVERYONE
    aliases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    scopes: frozenset[Scope] = field(default=ALL_SCOPES)
    takes_args: bool = False

    @property
    def usage(self) -> str:
        """The command as typed: ``/name``."""
        return f"/{self.name}"

    def allowed(self, *, officer: bool) -> bool:
        """Whether someone may use this command (``officer``: DPO, SIRO or director)."""
        return self.audience is Audience.EVERYONE or officer


COMMANDS: tuple[Command, ...] = (
    Command(
        name="help",
        help="Show what CareGuard can do and the commands you can use.",
        aliases=("commands", "?"),
        examples=("/help",),
    ),
    Command(
        name="breach",
        help="Report a personal-data breach. Do it within 1 hour of finding it.",
        aliases=("report", "report a breach", "report breach"),
        examples=("/breach", "report a breach"),
    ),
    Command(
        name="breach status",
        help="List the breaches you have reported and where each one is.",
        aliases=("my reports",),
        examples=("/breach status",),
    ),
    Command(
        name="away",
        help="DPO: send new breaches straight to the fallback until the time you give.",
        audience=Audience.OFFICERS,
        aliases=("out of office",),
        examples=("/away until 17:00", "/away until tomorrow 09:00"),
        scopes=frozenset({Scope.PERSONAL}),
        takes_args=True,
    ),
    Command(
        name="register",
        help="DPO: open breaches with their clocks.",
        audience=Audience.OFFICERS,
        aliases=("open breaches",),
        examples=("/register",),
        scopes=frozenset({Scope.PERSONAL, Scope.TEAM}),
    ),
    Command(
        name="ack",
        help="DPO: acknowledge a breach (the reporter is told), e.g. /ack BR-2026-0001.",
        audience=Audience.OFFICERS,
        aliases=("acknowledge",),
        examples=("/ack BR-2026-0001",),
        scopes=frozenset({Scope.PERSONAL}),
        takes_args=True,
    ),
    Command(
        name="highrisk",
        help="DPO: mark a breach high risk (starts the ICO's 72 hours, tells the SIRO).",
        audience=Audience.OFFICERS,
        aliases=("high risk",),
        examples=("/highrisk BR-2026-0001",),
        scopes=frozenset({Scope.PERSONAL}),
        takes_args=True,
    ),
    Command(
        name="handover",
        help="DPO: hand a breach over to the other DPO.",
        audience=Audience.OFFICERS,
        aliases=("hand over",),
        examples=("/handover BR-2026-0001",),
        scopes=frozenset({Scope.PERSONAL}),
        takes_args=True,
    ),
    Command(
        name="details",
        help="DPO: everything the reporter said, in this private chat.",
        audience=Audience.OFFICERS,
        examples=("/details BR-2026-0001",),
        scopes=frozenset({Scope.PERSONAL}),
        takes_args=True,
    ),
    Command(
        name="hygiene",
        help="DPO: name warnings per channel and week, for the quarterly spot checks.",
        audience=Audience.OFFICERS,
        aliases=("spot check",),
        examples=("/hygiene",),
        scopes=frozenset({Scope.PERSONAL, Scope.TEAM}),
    ),
)


@dataclass(frozen=True)
class ParsedCommand:
    """A line that names a known command.

    Attributes:
        command: The command.
        args: The words after the command name.
        rest: Everything after the command name, as typed (stripped).
    """

    command: Command
    args: tuple[str, ...]
    rest: str


@dataclass(frozen=True)
class UnknownCommand:
    """A ``/word`` that is not a command, with the closest known commands (may be empty)."""

    word: str
    suggestions: tuple[Command, ...]

    def reply(self) -> str:
        """A short, polite answer for the user."""
        if self.suggestions:
            options = " or ".join(c.usage for c in self.suggestions)
            return f"I don't know /{self.word}. Did you mean {options}? Type /help for the list."
        return f"I don't know /{self.word}. Type /help to see what I can do."


_WORD = re.compile(r"\S+")
_TRAILING = ".!?,;:"


def _spellings(commands: Iterable[Command]) -> list[tuple[tuple[str, ...], Command]]:
    """Every (words, command) spelling, longest first so "breach status" beats "breach"."""
    pairs = [
        (tuple(s.lower().split()), c) for c in commands for s in (c.name, *c.aliases) if s.split()
    ]
    return sorted(pairs, key=lambda p: -len(p[0]))


def parse_command(
    text: str, *, commands: Sequence[Command] = COMMANDS, require_slash: bool = False
) -> ParsedCommand | UnknownCommand | None:
    """Parse one chat line into a command.

    ``/breach status`` and ``breach status`` both name a command; case and trailing
    punctuation are ignored. Without a slash the line must be exactly the command (words may
    follow only for commands that take arguments); anything else is ordinary text (``None``).
    A ``/word`` that is not a command is an :class:`UnknownCommand` with suggestions.

    Args:
        text: The message text, with any @mention of the bot already removed.
        commands: The declarations to match against.
        require_slash: Only treat ``/``-prefixed lines as commands (for answers to questions).

    Returns:
        The parsed command, an unknown ``/word``, or ``None`` for ordinary text.
    """
    stripped = text.strip()
    slashed = stripped.startswith("/")
    if require_slash and not slashed:
        return None
    body = stripped[1:].lstrip() if slashed else stripped
    matches = list(_WORD.finditer(body))
    words = [m.group().lower().rstrip(_TRAILING) or m.group() for m in matches]
    for spelling, command in _spellings(commands):
        if tuple(words[: len(spelling)]) != spelling:
            continue
        if slashed or command.takes_args or len(words) == len(spelling):
            rest = body[matches[len(spelling) - 1].end() :].strip()
            return ParsedCommand(command, tuple(rest.split()), rest)
    if slashed and words and words[0]:
        return UnknownCommand(words[0], suggest(words[0], commands=commands))
    return None


def suggest(word: str, *, commands: Sequence[Command] = COMMANDS) -> tuple[Command, ...]:
    """Up to two commands whose name or one-word alias looks like ``word`` (difflib)."""
    by_spelling: dict[str, Command] = {}
    for c in commands:
        for s in (c.name, *c.aliases):
            if " " not in s and len(s) > 1:
                by_spelling.setdefault(s.lower(), c)
    found: list[Command] = []
    for s in difflib.get_close_matches(word.lower(), list(by_spelling), n=4, cutoff=0.6):
        if by_spelling[s] not in found:
            found.append(by_spelling[s])
    return tuple(found[:2])


def find_command(name: str, *, commands: Sequence[Command] = COMMANDS) -> Command:
    """The command with this canonical name.

    Raises:
        KeyError: when no command has that name.
    """
    for c in commands:
        if c.name == name:
            return c
    raise KeyError(name)


def visible_commands(
    *, officer: bool, commands: Sequence[Command] = COMMANDS
) -> tuple[Command, ...]:
    """The commands this person may use, in declaration order."""
    return tuple(c for c in commands if c.allowed(officer=officer))


def help_text(*, officer: bool, commands: Sequence[Command] = COMMANDS) -> str:
    """Plain-text help (for the console and WhatsApp), generated from the declarations."""
    # Front-ends put "CareGuard:" before the bot's messages; the help says the name once.
    lines = ["Commands you can use:"]
    for c in visible_commands(officer=officer, commands=commands):
        lines.append(f"  {c.usage:<16} {c.help}")
    if officer:
        lines.append(
            "On each breach card in the alert channel: Assess, Actions, ICO decision, "
            "Individuals informed, Investigation, Approval, Close and Reopen (or "
            "careguard register ... at the desk)."
        )
    else:
        lines.append("DPOs, the SIRO and directors have a few more commands.")
    return "\n".join(lines)


def refusal(command: Command) -> str:
    """The polite answer when someone who may not use a command tries it."""
    return (
        f"Sorry, {command.usage} is only for the DPOs, the SIRO and directors. "
        "Type /help to see what you can use."
    )
