"""Dates of birth and home addresses in more of the shapes chat writes them (issue 12).

Years in words or with an apostrophe, "b." before a full date; streets whose names hold
"Down" or "Up", end in "Causeway", "Brow", "Leaze", "Orchard"; a flat in a named block on an
unnumbered street; a street in one word ("8 Westgate"); a named house ("Holly Cottage,
Brook Lane"); a full date in the 1900s, which in care chat can only be a birth date.
Invented addresses and dates only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector


def _found(detector: Detector, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in detector.scan(text).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dob 9th Aug '38 on the form", ("DATE_OF_BIRTH", "9th Aug '38")),
        ("date of birth 22 March ’51", ("DATE_OF_BIRTH", "22 March ’51")),
        ("b. 4/10/1936, lives alone", ("DATE_OF_BIRTH", "4/10/1936")),
        (
            "born on the fifth of may nineteen forty one",
            ("DATE_OF_BIRTH", "fifth of may nineteen forty one"),
        ),
        ("born 2nd of July nineteen fifty", ("DATE_OF_BIRTH", "2nd of July nineteen fifty")),
        (
            "he was born on the tenth of june two thousand and nine",
            ("DATE_OF_BIRTH", "tenth of june two thousand and nine"),
        ),
        ("drop the pads at 7a Kingsdown Up Road", ("ADDRESS", "7a Kingsdown Up Road")),
        ("key safe at 21 Fernbank Down Road", ("ADDRESS", "21 Fernbank Down Road")),
        ("moved to 9 Ridley Causeway", ("ADDRESS", "9 Ridley Causeway")),
        ("lives at 40 Harcourt Brow", ("ADDRESS", "40 Harcourt Brow")),
        ("new address 3 Pilgrim Leaze", ("ADDRESS", "3 Pilgrim Leaze")),
        (
            "post went to Flat 6, Tenby House, Marlow Way",
            ("ADDRESS", "Flat 6, Tenby House, Marlow Way"),
        ),
        ("nok needs her dob, it's 14/2/1931", ("DATE_OF_BIRTH", "14/2/1931")),
        ("dob? 3.11.1946", ("DATE_OF_BIRTH", "3.11.1946")),
        ("form says 17/06/1939 under personal details", ("DATE_OF_BIRTH", "17/06/1939")),
        ("she's 21st October 1927, the GP has it wrong", ("DATE_OF_BIRTH", "21st October 1927")),
        ("moved in with her son at 27 Ashgrove Parkway", ("ADDRESS", "27 Ashgrove Parkway")),
        ("keys are at 8 Westgate", ("ADDRESS", "8 Westgate")),
        ("deliver to Holly Cottage, Brook Lane", ("ADDRESS", "Holly Cottage, Brook Lane")),
        ("it's the Old Rectory, Kiln Road", ("ADDRESS", "the Old Rectory, Kiln Road")),
    ],
)
def test_identifiers_in_more_shapes(
    detector: Detector, text: str, expected: tuple[str, str]
) -> None:
    assert _found(detector, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "plan b. 3 carers on the rota",
        "she turned ninety in nineteen ninety nine? no, it's her birthday party today",
        "3 steps down to the door",
        "2 weeks bank holiday cover needed",
        "did 3 shifts end to end",
        "Flat 6 needs a new bulb",
        "the Co-op on Marlow Way",
        "review due 12th May '26",
        "appointment 14/2/2027 at the eye clinic",
        "back at 4 Southmead, then Lockleaze",
        "the Cottage pub on Brook Lane does lunches",
        "the farm shop is shut",
    ],
)
def test_lookalikes_stay_quiet(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged, _found(detector, text)
