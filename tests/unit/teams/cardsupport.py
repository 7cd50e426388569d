"""Helpers for the card tests: the Adaptive Card 1.5 schema and the text a reader sees."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = (
    Path(__file__).resolve().parents[2] / "data" / "adaptive-cards" / "adaptive-card.v1.5.0.json"
)


@cache
def card_validator() -> jsonschema.Draft6Validator:
    """Draft-06 validator for Microsoft's Adaptive Cards 1.5 schema (copied under tests/data)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft6Validator.check_schema(schema)
    return jsonschema.Draft6Validator(schema)


def schema_errors(card: dict[str, Any]) -> list[str]:
    """Every schema violation, as 'path: message'."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in card_validator().iter_errors(card)
    ]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a card, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def visible_text(card: dict[str, Any]) -> str:
    """Everything a reader can see or hear: text, facts, button titles, fallback, speak."""
    parts = [card.get("fallbackText", ""), card.get("speak", "")]
    for obj in walk(card):
        kind = obj.get("type")
        if kind == "TextBlock":
            parts.append(obj["text"])
        elif kind == "RichTextBlock":
            parts.append("".join(run["text"] for run in obj["inlines"]))
        elif kind == "FactSet":
            parts += [f"{f['title']} {f['value']}" for f in obj["facts"]]
        elif isinstance(kind, str) and kind.startswith("Action."):
            parts.append(obj["title"])
    return "\n".join(parts)


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    """All actions on the card (body ActionSets and the action bar)."""
    return [o for o in walk(card) if str(o.get("type", "")).startswith("Action.")]
