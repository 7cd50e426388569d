"""Small builders for Adaptive Card 1.5 elements (plain dicts, no SDK)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Json = dict[str, Any]

CARD_VERSION = "1.5"
ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def card(body: Sequence[Json], *, actions: Sequence[Json] = (), fallback: str) -> Json:
    """A top-level Adaptive Card 1.5.

    Args:
        body: Card elements.
        actions: Buttons for the card's action bar.
        fallback: Plain text for clients that cannot show the card (also read aloud).
    """
    out: Json = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": fallback,
        "speak": fallback,
        "body": list(body),
    }
    if actions:
        out["actions"] = list(actions)
    return out


def text(value: str, **style: Any) -> Json:
    """A wrapping TextBlock; ``style`` adds TextBlock properties (weight, size, color...)."""
    return {"type": "TextBlock", "text": value, "wrap": True, **style}


def heading(value: str) -> Json:
    """The card's title line."""
    return text(value, size="Large", weight="Bolder", style="heading")


def label(value: str, *, color: str) -> Json:
    """A state label in words; the colour only repeats what the words say."""
    return text(value, weight="Bolder", color=color, spacing="Small")


def facts(pairs: Iterable[tuple[str, str]]) -> Json:
    """A FactSet of (title, value) pairs; empty values are left out."""
    return {
        "type": "FactSet",
        "facts": [{"title": t, "value": v} for t, v in pairs if v],
    }


def container(items: Sequence[Json], *, style: str | None = None, **extra: Any) -> Json:
    """A Container, optionally styled (good, attention, warning, accent, emphasis)."""
    out: Json = {"type": "Container", "items": list(items), **extra}
    if style:
        out["style"] = style
    return out


def execute(title: str, verb: str, data: Mapping[str, str], *, style: str | None = None) -> Json:
    """An ``Action.Execute`` button (Universal Actions) carrying ``verb`` and ``data``."""
    out: Json = {"type": "Action.Execute", "title": title, "verb": verb, "data": dict(data)}
    if style:
        out["style"] = style
    return out


def open_url(title: str, url: str) -> Json:
    """An ``Action.OpenUrl`` button."""
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def bullet_lines(lines: Iterable[str], **style: Any) -> list[Json]:
    """One TextBlock per line, each starting with a bullet.

    Plain text rather than Markdown lists: hosts differ in how they treat line breaks.
    """
    return [text(f"• {line}", spacing="None", **style) for line in lines]


def rich(*runs: tuple[str, bool], **extra: Any) -> Json:
    """A RichTextBlock of (text, bold) runs, for a bold lead-in without Markdown."""
    return {
        "type": "RichTextBlock",
        "inlines": [
            {"type": "TextRun", "text": t, **({"weight": "Bolder"} if bold else {})}
            for t, bold in runs
        ],
        **extra,
    }


def action_rows(actions: Sequence[Json], *, per_row: int = 2) -> list[Json]:
    """Buttons as ActionSets of ``per_row`` each, so labels fit on a phone."""
    return [
        {"type": "ActionSet", "actions": list(actions[i : i + per_row])}
        for i in range(0, len(actions), per_row)
    ]


def as_attachment(card_json: Json) -> Json:
    """The card as a Bot Framework attachment (``contentType`` + ``content``)."""
    return {"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": card_json}
