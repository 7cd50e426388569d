"""Breach references: ``BR-YYYY-NNNN``, allocated by the register, one series per year."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.clocks import to_london
from bot.domain.errors import BreachError

_REFERENCE = re.compile(r"BR-(\d{4})-(\d{4,})")


def format_reference(year: int, number: int) -> str:
    """Build a reference, e.g. ``format_reference(2026, 7) == "BR-2026-0007"``.

    Raises:
        BreachError: when the year or number is out of range.
    """
    if not 2000 <= year <= 9999 or number < 1:
        raise BreachError("a breach reference needs a four-digit year and a number from 1")
    return f"BR-{year:04d}-{number:04d}"


def parse_reference(text: str) -> tuple[int, int]:
    """Split a reference into ``(year, number)``; accepts lower case and spaces around it.

    Raises:
        BreachError: when ``text`` is not a breach reference.
    """
    match = _REFERENCE.fullmatch(text.strip().upper())
    if match is None:
        raise BreachError("not a breach reference (expected BR-YYYY-NNNN)")
    return int(match.group(1)), int(match.group(2))


def normalise_reference(text: str) -> str:
    """The canonical spelling of a reference (``br-2026-7`` is not valid; ``br-2026-0007`` is)."""
    year, number = parse_reference(text)
    return format_reference(year, number)


def reference_year(reported_at: datetime) -> int:
    """The year a breach's reference belongs to: the UK calendar year it was reported in."""
    return to_london(reported_at).year
