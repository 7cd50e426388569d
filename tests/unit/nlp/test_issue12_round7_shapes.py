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


@pytest.mark.parametrize(
    "text",
    [
        # Hospitals, attractions and makers named after people, and dishes that read so.
        "james paget a&e is rammed, 4 hour wait apparently",
        "Meet at Queen Alexandra main entrance for the handover",
        "kings grove school sent the letter about the trip to alton towers",
        "made shepherd's pie for tea, everyone had seconds",
        "pearl barley soup in the freezer for the lunch calls",
        "pat dry the skin after washing, dont rub",
        # Quays, recreation grounds and yards.
        "Gunwharf Quays cinema trip for the YP booked for Saturday",
        "Wellesley Rec has a football session for under 16s on Tuesdays",
        # A professional named with a role written before the name, or one taken on.
        "Fire officer Dave Pegg will do the visit at the house on Tuesday",
        "Mantas Kazlauskas is going to be co-KW for the new YP",
        "Hannah Shepherd is KW for SB from Monday",
        # A colleague named in full with a piece of work.
        "joy parsons has asked everyone to read the new lone working policy",
        "Pradeep Thapa and Bikash Gurung are doing the double-up for CP-20417",
    ],
)
def test_places_dishes_roles_and_work_are_not_people(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # Grouped 5-5, as a letter may print it.
        ("Can someone check this is right for Mrs T: 62738 49056? surgery says no", "62738 49056"),
        # After a reference word, where the message says it is an NHS number.
        ("ot needs mrs k nhs number for the equipment order 577 143 2601", "577 143 2601"),
    ],
)
def test_nhs_numbers_in_more_shapes(detector: Detector, text: str, number: str) -> None:
    found = [text[f.start : f.end] for f in detector.scan(text).findings]
    assert found == [number]


def test_a_reference_number_without_nhs_said_stays_clean(detector: Detector) -> None:
    assert not detector.scan("equipment order 577 143 2601 arrived today").findings


def test_the_organisations_homes_named_by_its_mailboxes_are_not_people() -> None:
    from nlp.detector import DetectorConfig
    from nlp.own_contacts import OwnContacts

    own = OwnContacts.of([], ["ashbyhouse@tidewater.example", "rota@tidewater.example"])
    assert own.homes == {"ashby", "ashby house"}
    text = "School need a contact for Ashby, give them the office number"
    assert people(Detector(DetectorConfig(own_contacts=own)), text) == []
    # Without the organisation file the same word is read as a name.
    assert people(Detector(), "Ashby was upset at teatime, she wanted her mum") == ["Ashby"]
