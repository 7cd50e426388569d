"""Rewrite suggestions and masked excerpts from findings.

`suggest_rewrite` gives the writer a policy-compliant version of their own message: each
person becomes initials ("Margaret Thompson" → "M.T.", "Mrs Patterson" → "Mrs P.") and each
identifier a plain note ("[NHS number removed]"). `mask` replaces every finding with its type
("[PERSON]", "[UK_NHS]") for excerpts shown to others. Replacement is done by
presidio-anonymizer, which also settles overlapping findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nlp.detector import Finding

REMOVED_LABELS: dict[str, str] = {
    "UK_NHS": "[NHS number removed]",
    "UK_NINO": "[NI number removed]",
    "PHONE_NUMBER": "[phone number removed]",
    "UK_POSTCODE": "[postcode removed]",
    "ADDRESS": "[address removed]",
    "DATE_OF_BIRTH": "[date of birth removed]",
    "EMAIL_ADDRESS": "[email address removed]",
}
# Titles written before a name ("Mrs Patterson" → "Mrs P."); the detector shares them.
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "master",
        "dr",
        "prof",
        "sir",
        "dame",
        "lady",
        "lord",
        "nurse",
        "sister",
        "rev",
        "revd",
        "fr",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def initials(name: str) -> str:
    """Initials for a person's name, keeping a leading title and a trailing possessive.

    >>> initials("Margaret Thompson"), initials("Mrs Patterson"), initials("Edna Barlow's")
    ('M.T.', 'Mrs P.', "E.B.'s")
    """
    name = name.strip()
    possessive = _POSSESSIVE.search(name)
    suffix = possessive.group() if possessive else ""
    if possessive:
        name = name[: possessive.start()]
    words = _WORD.findall(name)
    title = ""
    if len(words) > 1 and words[0].casefold() in TITLES:
        title = words[0][:1].upper() + words[0][1:].lower() + " "
        words = words[1:]
    letters = "".join(f"{w[0].upper()}." for w in words)
    return f"{title}{letters or '[name removed]'}{suffix}"


def _operators(replace: Callable[[str, str], str], types: set[str]) -> dict[str, Any]:
    from presidio_anonymizer.entities import OperatorConfig

    return {
        t: OperatorConfig("custom", {"lambda": lambda span, t=t: replace(t, span)}) for t in types
    }


@cache
def _engine() -> Any:
    from presidio_anonymizer import AnonymizerEngine

    engine_class: Any = AnonymizerEngine  # untyped constructor
    return engine_class()


def _replace(text: str, findings: Sequence[Finding], replace: Callable[[str, str], str]) -> str:
    if not findings:
        return text
    from presidio_anonymizer.entities import RecognizerResult

    results = [RecognizerResult(f.entity_type, f.start, f.end, f.score) for f in findings]
    operators = _operators(replace, {f.entity_type for f in findings})
    # Keep "Margaret" and "Thompson" found separately as two names: "M. T." is still right.
    return str(_engine().anonymize(text, results, operators, merge_entities_with_spaces=False).text)


def _rewrite_one(entity_type: str, span: str) -> str:
    if entity_type == "PERSON":
        return initials(span)
    return REMOVED_LABELS.get(entity_type, f"[{entity_type.lower().replace('_', ' ')} removed]")


def suggest_rewrite(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with persons as initials and identifiers replaced by "[... removed]".

    Args:
        text: The original message.
        findings: Findings whose offsets point into ``text``.
    """
    return _replace(text, findings, _rewrite_one)


def mask(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with every finding replaced by its entity type, e.g. "[PERSON]"."""
    return _replace(text, findings, lambda entity_type, _span: f"[{entity_type}]")
