"""Small helpers shared by the pattern recognizers."""

from __future__ import annotations

import re

# Words that introduce reference numbers the policy allows: police, incident, care plan.
_REFERENCE = re.compile(
    r"\b(?:ref|refs|reference|crime|incident|police|log|cad|case|job|invoice|order|ticket"
    r"|occurrence|urn|cp|care\s+plan|client\s+(?:no|number|id))\b[\s:#.\-no]*$",
    re.IGNORECASE,
)
_WINDOW = 40


def follows_reference_word(text: str, start: int) -> bool:
    """True when a reference-number word ("crime ref", "incident no.") directly precedes ``start``.

    Used to leave police and incident reference numbers alone, which the policy allows.
    """
    before = text[max(0, start - _WINDOW) : start]
    return _REFERENCE.search(before) is not None


def digits(text: str) -> str:
    """Only the digits of ``text``."""
    return "".join(c for c in text if c.isdigit())
