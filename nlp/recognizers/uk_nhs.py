"""UK_NHS: NHS numbers (ten digits, mod-11 check digit)."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from nlp.recognizers._fast import ReferenceAwareRecognizer
from nlp.recognizers._util import digits


def nhs_checksum_ok(number: str) -> bool:
    """True when the ten digits of ``number`` carry a valid NHS mod-11 check digit.

    Weights 10..2 apply to the first nine digits; check = 11 - (sum mod 11), where 11 means
    0 and 10 means the number cannot be issued.
    """
    d = digits(number)
    if len(d) != 10 or len(set(d)) == 1:
        return False
    total = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(d[9])


# Ten digits after a country code are a phone number ("+44 117 496 0000"), not an NHS number.
_NOT_AFTER_CODE = r"(?<!\+44 )(?<!\+44)(?<!\+44-)(?<!0044 )(?<!0044)"


class UkNhsRecognizer(ReferenceAwareRecognizer):
    """NHS numbers in 3-3-4 groups (space, hyphen or none) or 3-7, 6-4, 5-5 and 4-3-3,
    validated by checksum."""

    PREFILTER = re.compile(r"\d")
    # "ot needs her nhs number for the equipment order 577 143 2601": an NHS number still.
    NAMED_BY = re.compile(r"(?i)\bnhs\b")
    PATTERNS = (
        Pattern(
            "NHS 3-3-4",
            _NOT_AFTER_CODE + r"(?<![\w\-/.])\d{3}([ \-]?)\d{3}\1\d{4}(?![\w\-/]|\.\d)",
            0.5,
        ),
        # Grouped 3-7 ("943 4765919") or 6-4 ("943476 5919"), as people copy it.
        Pattern("NHS 3-7", _NOT_AFTER_CODE + r"(?<![\w\-/.])\d{3}[ \-]\d{7}(?![\w\-/]|\.\d)", 0.5),
        Pattern("NHS 6-4", _NOT_AFTER_CODE + r"(?<![\w\-/.])\d{6}[ \-]\d{4}(?![\w\-/]|\.\d)", 0.5),
        # "62738 49056": grouped 5-5, as a letter may print it.
        Pattern("NHS 5-5", _NOT_AFTER_CODE + r"(?<![\w\-/.])\d{5}[ \-]\d{5}(?![\w\-/]|\.\d)", 0.5),
        # "7071 248 109": grouped 4-3-3, as a form may print it.
        Pattern(
            "NHS 4-3-3",
            _NOT_AFTER_CODE + r"(?<![\w\-/.])\d{4}([ \-])\d{3}\1\d{3}(?![\w\-/]|\.\d)",
            0.5,
        ),
    )
    CONTEXT = ("nhs", "nhs no", "nhs number", "health", "patient")

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_entity="UK_NHS",
            name="UkNhsRecognizer",
            patterns=list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """Checksum decides: a valid number scores 1.0, an invalid one is dropped."""
        return nhs_checksum_ok(pattern_text)
