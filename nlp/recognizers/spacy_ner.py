"""PERSON from a configured spaCy pipeline's NER (only when one is installed and named).

Presidio's ``SpacyRecognizer`` limited to PERSON: the policy allows place names, so the
pipeline's LOC/GPE entities are not reported.
"""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import SpacyRecognizer


class SpacyPersonRecognizer(SpacyRecognizer):
    """Person names from the spaCy pipeline's named-entity recognizer."""

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_language=supported_language,
            supported_entities=["PERSON"],
            context=context,
            name="SpacyPersonRecognizer",
        )
