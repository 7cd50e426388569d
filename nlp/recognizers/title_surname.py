"""PERSON (fallback): a title followed by a surname ("Mrs Patterson", "dr siddiqui").

Used only when the full person recognizer is not installed; it keeps the detector useful
with nothing but patterns.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from nlp.recognizers._fast import FastPatternRecognizer

_TITLE = r"(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lady|lord)\.?"
# At least two letters ("Mrs P." is already initials); "'s" is a possessive, not part of
# the name; "O'Neill" keeps its apostrophe.
_NAME = r"[^\W\d_](?:[^\W\d_]+|['’][^\W\d_]{2,})(?:['’][^\W\d_]{2,}|-[^\W\d_]+)*"
_NOT_A_NAME = r"(?!(?:is|was|and|or|the|a|to|at|in|on|has|had|will|said|says)\b)"
# A second name word only when capitalised, so "Mrs Patterson was" stops after the surname.
_SECOND = r"(?:\s+(?-i:[A-Z][a-z])" + _NAME + ")?"
_TITLE_SURNAME = rf"(?<![\w'’])(?:{_TITLE})\s+{_NOT_A_NAME}{_NAME}{_SECOND}(?!\w)"


class TitleSurnameRecognizer(FastPatternRecognizer):
    """A courtesy title and one or two name words, in any letter case."""

    PATTERNS = (Pattern("title + surname", _TITLE_SURNAME, 0.7),)
    CONTEXT: tuple[str, ...] = ()

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_entity="PERSON",
            name="TitleSurnameRecognizer",
            patterns=list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.IGNORECASE,
        )
