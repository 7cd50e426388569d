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


# A wording the learnt reading of a first name's sentence gets wrong (measured better on the
# untouched sets than the hand weights it replaced, it still misreads these; see "Known
# weaknesses" in docs/person-detection.md). Strict: the test fails once the reading is right.
MISREAD = pytest.mark.xfail(
    strict=True, reason="the learnt reading misreads this wording (docs/person-detection.md)"
)
