"""UK_POSTCODE: every official postcode format, including GIR 0AA.

Formats A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA with Royal Mail's letter rules:
first letter not Q V X; second not I J Z; third (A9A) one of A-H J K P S T U W; fourth
(AA9A) one of A B E H M N P R V W X Y; inward letters never C I K M O V.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from nlp.recognizers._fast import FastPatternRecognizer

_P1 = "A-PR-UWYZ"
_P2 = "A-HK-Y"
_P3 = "A-HJKPSTUW"
_P4 = "ABEHMNPRVWXY"
_IN = "ABD-HJLNP-UW-Z"
_OUTWARD = rf"(?:[{_P1}]\d[{_P3}]|[{_P1}][{_P2}]\d[{_P4}]|[{_P1}][{_P2}]?\d{{1,2}})"
# One space between the halves, none, or two (typed twice on a phone: "BS3  4JA").
_POSTCODE = rf"(?<![A-Za-z0-9])(?:{_OUTWARD} {{0,2}}\d[{_IN}]{{2}}|GIR ?0AA)(?![A-Za-z0-9])"


class RoyalMailPostcodeRecognizer(FastPatternRecognizer):
    """Full UK postcodes (outward + inward code), in capitals or lower case."""

    PREFILTER = re.compile(r"\d")
    PATTERNS = (Pattern("UK postcode", _POSTCODE, 0.7),)
    CONTEXT = ("postcode", "post code", "address", "lives", "live")

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        # Upper case in the pattern, matched case-insensitively: "bs7 8aa" is still a postcode.
        super().__init__(
            supported_entity="UK_POSTCODE",
            name="RoyalMailPostcodeRecognizer",
            patterns=list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.IGNORECASE,
        )
