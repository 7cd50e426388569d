"""Shapes the fourth round found (issue 12) when sets F, M, N and O became development data:
more ways chat says a lone first name is a client's, surname particles and dotted titles,
possessives typed without an apostrophe, names the model ran together, and the shops, pubs,
parks, initials and shifts that are not client data. Invented names and messages only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from tests.unit.nlp.conftest import MISREAD, people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Safeguarding, school and health wording makes a lone first name a client's.
        ("Rhys disclosed something at bedtime about his uncle, passed to the DSL", "Rhys"),
        ("Kelsey got a fixed term exclusion for swearing at a teacher", "Kelsey"),
        ("Gwendolyn was very muddled after lunch, thought I was her daughter", "Gwendolyn"),
        pytest.param(
            "Imelda is nil by mouth from midnight for her endoscopy", "Imelda", marks=MISREAD
        ),
        ("Leontyne came in at 23:50, well past curfew, said she was at the park", "Leontyne"),
        ("Found Zbigniew on the kitchen floor at 6.10, conscious, ambulance called", "Zbigniew"),
        ("dorota is getting very forgetful, left the tap running again", "dorota"),
        ("Teacher Mr Halloran emailed about Kacey skipping maths again", "Kacey"),
        ("Aurelio saw CAMHS today, the worker wants to see him monthly", "Aurelio"),
        # A pronoun further on in a long sentence is still the name's.
        ("Eulalia had a small accident in the hall at 3, cleaned up, she was upset", "Eulalia"),
        # Hyphenated given names in lower case.
        ("lily-mae started her period at school, staff took supplies in", "lily-mae"),
        # A possessive typed without its apostrophe.
        ("Pls note Rosalindas blood sugars were 21 at tea", "Rosalinda"),
        ("nevaehs placement meeting moved to thurs", "nevaeh"),
        # Dotted titles, surname particles, titled initials with an unlisted surname.
        ("mrs. bhattacharya had a good night, no concerns", "mrs. bhattacharya"),
        ("mr ó ceallaigh says his hearing aid is whistling", "mr ó ceallaigh"),
        ("Mrs de Sousa had her lunch in the chair", "Mrs de Sousa"),
        ("miss e. penhaligon is refusing her eye drops", "miss e. penhaligon"),
        # The model ran a professional's first name into the client's through a verb.
        ("dietitian Marguerite wants Omar Haddad weighed weekly", "Omar Haddad"),
    ],
)
def test_more_client_shapes_are_flagged(detector: Detector, text: str, name: str) -> None:
    assert name in people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        # Shops, pubs, parks and places named like people, in every path that reads names.
        "he wants to go to John Lewis for a new kettle",
        "William Hill on the corner has shut",
        "the Lord Nelson is doing a christmas lunch",
        "Mrs Brown's Cafe on North Street does a good breakfast",
        "mrs jones' cafe in totterdown is the new staff favourite",
        "the kids went to Eastville Park after tea and fed the ducks",
        "traffic is terrible round temple meads, leave early",
        "Lloyds Pharmacy on Church Road said to come back after 4",
        "meeting at the Trinity Centre on weds for the carers forum",
        # Initials after a client word, and a title with an initial only.
        "YP CM has been excluded for a day",
        "YP NH-B had a good first day at the new school",
        "Handover: Mrs L settled, Mr G needs his catheter bag changed, Miss F refused tea",
        # Colleagues: a shift, a retirement, a holiday request, a festival.
        "Tanya covering the sleep in for Ade on the 23rd",
        "marek is covering tanyas sleep in at the lodge",
        "happy retirement to pauline spencer after 22 years with us!!",
        "Holiday request for Sophie Turnbull 12-19 August approved",
        "H.K. is fasting for Ramadan so meds at sunrise this month",
        # Jewellery, not a care alarm.
        "Tom's pendant is on the desk",
    ],
)
def test_places_initials_and_colleagues_are_not_client_names(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("contact will be at dad's this week, 41 Hartcliffe Way", "41 Hartcliffe Way"),
        ("she's at her son's this week, 67 Filton Avenue, Horfield", "67 Filton Avenue"),
    ],
)
def test_an_address_after_a_comma_is_not_a_week_number(
    detector: Detector, text: str, address: str
) -> None:
    found = detector.scan(text).findings
    assert ("ADDRESS", address) in [(f.entity_type, text[f.start : f.end]) for f in found]


def test_a_week_number_is_still_not_a_house(detector: Detector) -> None:
    found = detector.scan("rota for week 12 Church Lane calls is up").findings
    assert [f.entity_type for f in found] == []
