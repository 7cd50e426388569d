"""EMAIL_ADDRESS: Presidio's email recognizer, configured to work offline.

Presidio validates the domain with ``tldextract``, whose default set-up fetches the public
suffix list over the network on first use. Here it uses the snapshot bundled with
``tldextract`` only, so nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer


@cache
def _offline_extractor() -> Any:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(EmailRecognizer):
    """Email addresses whose domain ends in a real public suffix (checked offline)."""

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_language=supported_language,
            context=context,
            name="OfflineEmailRecognizer",
        )

    def load(self) -> None:
        """Load the public suffix snapshot now, not on the first email address seen."""
        _offline_extractor()("x@example.com")

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's email matching, skipped outright for text without an "@"."""
        if "@" not in text:
            return []
        results: list[RecognizerResult] = super().analyze(
            text, entities, nlp_artifacts, regex_flags
        )
        return results

    def validate_result(self, pattern_text: str) -> bool:
        """True when the domain has a registrable name under a known suffix."""
        return bool(_offline_extractor()(pattern_text).fqdn)
