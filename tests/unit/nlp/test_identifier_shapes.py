"""Identifiers in other shapes, and name spans that stop where the name stops.

Issue 12, class 5. Invented names; NHS numbers valid by checksum only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector


def _found(detector: Detector, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in detector.scan(text).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She was born on the 3rd of June 1929", ("DATE_OF_BIRTH", "3rd of June 1929")),
        ("he was born on the 14th of February, 1933", ("DATE_OF_BIRTH", "14th of February, 1933")),
        ("DOB is the 2nd of May 1940", ("DATE_OF_BIRTH", "2nd of May 1940")),
        ("born on the twenty-third of March 1931", ("DATE_OF_BIRTH", "twenty-third of March 1931")),
        ("born March the 3rd, 1931", ("DATE_OF_BIRTH", "March the 3rd, 1931")),
        ("NI number AB 123 456 C for the form", ("UK_NINO", "AB 123 456 C")),
        ("nino is jh12 34 56c", ("UK_NINO", "jh12 34 56c")),
        ("NHS no 943 4765919", ("UK_NHS", "943 4765919")),
        (
            "He lives at Flat 3 Elm Court, 12 Church Lane",
            ("ADDRESS", "Flat 3 Elm Court, 12 Church Lane"),
        ),
        (
            "new address flat 7 rowan house, 4 mill road",
            ("ADDRESS", "flat 7 rowan house, 4 mill road"),
        ),
    ],
)
def test_identifiers_in_other_shapes(
    detector: Detector, text: str, expected: tuple[str, str]
) -> None:
    assert _found(detector, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "see you on the 3rd of June 2024",
        "born in 1942",
        "the third of June is the training day",
        "Flat 3 needs a new bulb",
    ],
)
def test_lookalikes_stay_quiet(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged, _found(detector, text)


@pytest.mark.parametrize(
    ("text", "name", "rewrite"),
    [
        ("Went to see mrs pollock shes fine", "mrs pollock", "Went to see Mrs P. shes fine"),
        ("mrs pollock dont want tea", "mrs pollock", "Mrs P. dont want tea"),
        ("nan Jean Tovey phoned", "Jean Tovey", "nan J.T. phoned"),
        ("her nan doris smith fell", "doris smith", "her nan D.S. fell"),
        ("Edna Barlow's hearing aid", "Edna Barlow", "E.B.'s hearing aid"),
        ("edna barlow's son rang", "edna barlow", "E.B.'s son rang"),
        ("Can you see J. Baker at 4", "J. Baker", "Can you see J.B. at 4"),
    ],
)
def test_spans_stop_at_the_name(detector: Detector, text: str, name: str, rewrite: str) -> None:
    assert [s for t, s in _found(detector, text) if t == "PERSON"] == [name]
    assert detector.suggest_rewrite(text) == rewrite
