"""The detector behind the ``Scanner`` port."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.detector import ScanResult

if TYPE_CHECKING:
    from nlp.detector import Detector


class DetectorScanner:
    """Adapts ``nlp.detector.Detector`` to the ``Scanner`` port.

    Args:
        detector: A loaded detector (building one loads spaCy: do it at start-up).
    """

    def __init__(self, detector: Detector) -> None:
        self._detector = detector

    def scan(self, text: str) -> ScanResult:
        """Scan one message."""
        return self._detector.scan(text)

    def mask(self, text: str) -> str:
        """``text`` with identifiers replaced by their type, e.g. ``[PERSON]``."""
        from nlp.rewrite import mask

        return mask(text, self._detector.scan(text).findings)

    def suggest_rewrite(self, text: str) -> str:
        """``text`` with persons as initials and identifiers removed."""
        return self._detector.suggest_rewrite(text)

    def check(self, text: str) -> tuple[ScanResult, str | None]:
        """Scan once: the result, and the rewrite built from the same findings if flagged."""
        from nlp.rewrite import suggest_rewrite

        result = self._detector.scan(text)
        if not result.flagged:
            return result, None
        return result, suggest_rewrite(text, result.findings)
