"""Organisations and places named like people are not flagged; people named like places are.

Issue 12, class 4. Places come from OS Open Names (populated places, OGL v3); shops,
charities and landmarks from a short hand list.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from nlp.recognizers.person import PersonRecognizer
from tests.unit.nlp.conftest import people as _people


@pytest.mark.parametrize(
    "text",
    [
        "Picked up her cardigan from Marks and Spencer",
        "marks & spencer had the slippers",
        "St Brendan's hospice called about the bed",
        "Macmillan nurse is coming at 3",
        "Marie Curie nurse doing nights this week",
        "Sue Ryder shop has a wheelchair going cheap",
        "John Lewis delivery came for the chair",
        "Ronald McDonald House helped the family",
        "Dorothy House rang about respite",
        "Traffic around Henbury is bad this morning",
        "Took him for a walk round Eastville Park",
        "Walked to Victoria Park with him",
        "St Mary Redcliffe church has a lunch club",
        "St Nicholas Market is closed on Monday",
        "Meeting at St Peter's Hospice at 11",
        "Stuck in traffic at Cribbs Causeway",
        "Lunch club at Lawrence Weston community centre",
        "She wants to go to Blaise Castle on Sunday",
        "the Kate Garraway ward at the BRI",
        "Drove through Barton Hill, road closed",
    ],
)
def test_places_and_organisations_are_not_flagged(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged, _people(detector, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Stanley Green refused lunch", "Stanley Green"),
        ("Edna Hill needs more pads", "Edna Hill"),
        ("Mr Lawrence Weston wants tea", "Mr Lawrence Weston"),
        ("Shirley Ashton had a fall", "Shirley Ashton"),
        ("Took Margaret Thompson to Eastville Park", "Margaret Thompson"),
        ("Mary Redcliffe rang the office", "Mary Redcliffe"),
    ],
)
def test_people_with_place_like_names_are_flagged(detector: Detector, text: str, name: str) -> None:
    assert _people(detector, text) == [name]


def test_the_place_list_is_loaded_and_folded() -> None:
    tagger = PersonRecognizer().tagger
    assert tagger is not None
    assert {"henbury", "lawrence weston", "cribbs causeway"} <= tagger.places.places
    assert len(tagger.places.places) > 30_000
