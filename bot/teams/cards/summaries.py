"""Help, ``/register`` and ``/hygiene`` cards."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.commands import COMMANDS, Audience, Command, visible_commands
from bot.teams.cards.breach import STATE_LOOK
from bot.teams.cards.elements import Json, card, container, facts, heading, rich, text
from bot.teams.cards.views import HygieneView, RegisterView

INTRO = (
    "I help you report personal-data breaches within the hour and keep client names "
    "out of chat. Type a command, or pick one from the menu."
)


def _command_block(command: Command) -> Json:
    items = [text(command.usage, weight="Bolder"), text(command.help, spacing="None")]
    extra = [e for e in command.examples if e != command.usage]
    if extra:
        items.append(text(f"Example: {extra[0]}", size="Small", isSubtle=True, spacing="None"))
    return container(items, spacing="Small")


def help_card(*, officer: bool, commands: Sequence[Command] = COMMANDS) -> Json:
    """Help generated from the command declarations.

    Args:
        officer: The reader is a DPO, SIRO or director (sees their commands too).
        commands: The declarations (defaults to :data:`bot.domain.commands.COMMANDS`).
    """
    shown = visible_commands(officer=officer, commands=commands)
    body: list[Json] = [heading("CareGuard help"), text(INTRO)]
    body += [_command_block(c) for c in shown if c.audience is Audience.EVERYONE]
    officer_only = [c for c in shown if c.audience is Audience.OFFICERS]
    if officer_only:
        body.append(text("For DPOs, the SIRO and directors", weight="Bolder", separator=True))
        body += [_command_block(c) for c in officer_only]
    fallback = "CareGuard commands: " + ", ".join(c.usage for c in shown)
    return card(body, fallback=fallback)


def register_card(view: RegisterView) -> Json:
    """Open breaches with their clocks (``/register``), one block per breach."""
    count = len(view.rows)
    body: list[Json] = [
        heading("Open breaches"),
        text(f"{count} open · as of {view.as_of}", isSubtle=True, spacing="None"),
    ]
    if not view.rows:
        body.append(text("No open breaches.", spacing="Medium"))
    for row in view.rows:
        look = STATE_LOOK[row.state]
        items = [
            rich((row.reference, True), (f" · {row.service}", False)),
            text(look.label, color=look.color, weight="Bolder", size="Small", spacing="None"),
            text(row.clock, spacing="None"),
        ]
        if row.owner:
            items.append(text(f"Owner: {row.owner}", isSubtle=True, size="Small", spacing="None"))
        body.append(container(items, separator=True, spacing="Medium"))
    return card(body, fallback=f"{count} open breaches as of {view.as_of}.")


def _plural(n: int) -> str:
    return f"{n} warning" if n == 1 else f"{n} warnings"


def hygiene_card(view: HygieneView) -> Json:
    """Name warnings per channel and week (``/hygiene``), newest week first."""
    total = sum(n for week in view.weeks for _, n in week.counts)
    body: list[Json] = [
        heading("Name warnings"),
        text(f"{view.period} · {_plural(total)} in all", isSubtle=True, spacing="None"),
    ]
    if total == 0:
        body.append(text("No warnings in this period.", spacing="Medium"))
    for week in view.weeks:
        week_total = sum(n for _, n in week.counts)
        items = [rich((week.week, True), (f" · {_plural(week_total)}", False))]
        if week_total:
            items.append(facts((channel, _plural(n)) for channel, n in week.counts if n))
        body.append(container(items, separator=True, spacing="Medium"))
    body.append(
        text(
            "Counts only: CareGuard keeps no message text.",
            size="Small",
            isSubtle=True,
            spacing="Medium",
        )
    )
    return card(body, fallback=f"Name warnings, {view.period}: {_plural(total)}.")
