"""Shapes the seventh round found (issue 12) when sets AU-AW became development data: parks
and health centres named like people, written with capitals or without. Invented messages;
the parks are of the kind every town has."""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from tests.unit.nlp.conftest import people


@pytest.mark.parametrize(
    "text",
    [
        "Russell Park is closed off for the funfair this week so drop-offs at the other gate.",
        "Alexandra Park has the fireworks on Saturday, two of the YPs asking to go",
        "Graves Park has the animal farm, the little ones would love it",
        "clifton park has the town show this weekend, traffic will be mad",
        "GP Dr Lakhani at Forum Health is happy for us to give paracetamol as PRN.",
        "anyone had luck getting an appt at Mayfield Health this week?",
    ],
)
def test_parks_and_health_centres_are_not_people(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A name ending in "Park" that something is said of is a person's.
        ("Joy Park refused her shower again, 4th time this week", "Joy Park"),
        ("Seo-yeon Park refused personal care again this am", "Seo-yeon Park"),
        ("joy park refused her shower", "joy park"),
    ],
)
def test_people_called_park_are_still_flagged(detector: Detector, text: str, name: str) -> None:
    assert name in people(detector, text)
