"""UK_NINO: National Insurance numbers (two letters, six digits, suffix A-D)."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from nlp.recognizers._fast import FastPatternRecognizer

# HMRC rules: first letter not D F I Q U V; second not D F I O Q U V; prefixes BG GB NK KN
# TN NT ZZ never issued; suffix A, B, C or D.
_FIRST = "A-CEGHJ-PR-TW-Z"
_SECOND = "A-CEGHJ-NPR-TW-Z"
_NINO = (
    rf"(?<![A-Za-z0-9])(?!(?:BG|GB|NK|KN|TN|NT|ZZ)|(?i:bg|gb|nk|kn|tn|nt|zz))"
    rf"[{_FIRST}{_FIRST.lower()}][{_SECOND}{_SECOND.lower()}]"
    # Groups however the writer spaced them ("AB 123 456 C", "AB12 3456 C", "jh12 34 56c"),
    # dots included ("ZA.93.10.02.C").
    r"[ \-.]{0,2}(?:\d[ \-.]{0,2}){5}\d[ \-.]{0,2}[A-Da-d](?![A-Za-z0-9])"
)


class NationalInsuranceRecognizer(FastPatternRecognizer):
    """National Insurance numbers, upper or lower case, grouped or not."""

    PREFILTER = re.compile(r"\d")
    PATTERNS = (Pattern("NINO", _NINO, 0.85),)
    CONTEXT = ("national insurance", "ni", "nino", "ni number", "insurance")

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_entity="UK_NINO",
            name="NationalInsuranceRecognizer",
            patterns=list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
        )
