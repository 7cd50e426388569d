"""Initial + surname names are client data; initials alone are what the policy asks for.

Issue 12, class 1 (and first name + surname initial, class 5). Invented names only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from tests.unit.nlp.conftest import people as _people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("P. Hollis needs her evening meds", "P. Hollis"),
        ("Popped in to P Hollis, all good", "P Hollis"),
        ("Mrs R. Tennant was asleep", "Mrs R. Tennant"),
        ("Mrs R.J. Tennant's daughter called", "Mrs R.J. Tennant"),
        ("mr r tennant refused his tea", "mr r tennant"),
        ("Mr A Nowak needs more pads", "Mr A Nowak"),
        ("visited mrs k obi this morning", "mrs k obi"),
        ("Mrs D.M. Fairweather had a lovely day", "Mrs D.M. Fairweather"),
        ("m. kowalczyk refused lunch", "m. kowalczyk"),
        ("Mr H. Jama is back from hospital", "Mr H. Jama"),
        ("mrs b.a. quigley has run out of milk", "mrs b.a. quigley"),
        ("Miss L. O'Hare needs batteries", "Miss L. O'Hare"),
        ("Mr. T. Abernethy rang", "Mr. T. Abernethy"),
        ("Can you see J. Baker at 4", "J. Baker"),
        ("tariq b refused his meds", "tariq b"),
        ("Stanislaw K needs his pads changed", "Stanislaw K"),
        ("checked on doreen w, no answer", "doreen w"),
        ("Visited Halima Y this morning", "Halima Y"),
    ],
)
def test_an_initial_with_a_surname_or_a_name_with_an_initial_is_flagged(
    detector: Detector, text: str, name: str
) -> None:
    assert name in _people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Mrs P. had a good lunch today",
        "P.H. refused meds, logged it",
        "Mr T's daughter rang about the key safe",
        "mrs k was asleep so I left a note",
        "Mr J-P is in good spirits",
        "Mrs R.J. needs new pads",
        "Dr S. will visit on Tuesday",
        "mr p.h. had his breakfast",
        "Miss O. refused her shower",
        "P.S. Ring the office",
        "A Lovely day out",
        "gave tom a lift home",
        "Thanks Sarah x",
        "Sarah I think it's done",
        "cheers tom u star",
        "e.g. Boots or Lloyds",
        "Plan B is fine",
    ],
)
def test_initials_only_and_lookalikes_are_not_flagged(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged, _people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "P. Hollis needs her meds",
        "Mrs R.J. Tennant's daughter called",
        "mr r tennant refused his tea",
        "m. kowalczyk refused lunch",
        "tariq b refused his meds",
        "Visited Halima Y this morning",
        "nan Jean Tovey phoned",
        "her mum Doris Pym fell",
    ],
)
def test_the_suggested_rewrite_is_not_flagged_again(detector: Detector, text: str) -> None:
    rewrite = detector.suggest_rewrite(text)
    assert rewrite != text
    assert not detector.scan(rewrite).flagged, rewrite
