"""One default detector for the table tests of the detector's classes (it takes a second)."""

from __future__ import annotations

import pytest

from nlp.detector import Detector


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector()


def people(detector: Detector, text: str) -> list[str]:
    """The texts the detector flags as PERSON in ``text``."""
    found = detector.scan(text).findings
    return [text[f.start : f.end] for f in found if f.entity_type == "PERSON"]
