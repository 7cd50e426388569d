"""Shapes the fifth round found (issue 12) when sets P-R and W-AE became development data:
names no list holds, told from English words by the English word list; names called a
client's around them; everyday given names with common surnames; and the staff, doctors,
places and things that are not client data. Invented names and messages only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from nlp.names import load_gazetteer
from tests.unit.nlp.conftest import MISREAD, people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Lower-case names in no list and no English, where the wording is about the word.
        ("yp temesghen wants to go to the mosque friday, can days sort a lift", "temesghen"),
        ("our yp adaeze has her first shift at the bakery on sat", "adaeze"),
        # Two rare words in lower case are a full name.
        ("shokoufeh rahnavard needs her stockings on before 9", "shokoufeh rahnavard"),
        ("tea call at oyelola adebisi done, she was tired so straight to bed", "oyelola adebisi"),
        # An unlisted name before an initial, in lower case or capitals.
        ("gulnaz t hoist sling frayed, do not use, OT told", "gulnaz t"),
        ("Dariusz W. agreed to a shower today, first time in a fortnight", "Dariusz W."),
        ("Krzysztof P. (YP) had a temperature, kept off school", "Krzysztof P."),
        # What is said after a first name and initial ("back", "not", a relative).
        ("imran k not back by 22:00, police called, EDT informed", "imran k"),
        # A capitalised pair of words English rarely uses.
        ("heads up Shirzad Karimi discharged from hospital last night, 4 calls", "Shirzad Karimi"),
        # An everyday given name, a common surname, then what is said of the person.
        ("will baker refused his tablets saying they make him dizzy", "will baker"),
        ("bill long has lost his hearing aid again", "bill long"),
        # A name called a client's after it, or a child's age.
        ("Oyelaran (new client on the Redfield run) has a nervous dog", "Oyelaran"),
        ("Teodora is the client not our Teodora, the one with the cat", "Teodora"),
        ("Ayodele (12) had a big meltdown after contact", "Ayodele"),
        # A place's name called a client's.
        ("Reminder Barrington Hale (YP) has a dentist appt Tues", "Barrington Hale"),
        # Home visits and relatives owned by a first name.
        ("popped in to Evaristo on the way home, he'd run out of milk", "Evaristo"),
        ("hv to Gulbahar at 11 tomorrow with the SW, she knows", "Gulbahar"),
        ("nevra's grandson was there so i left a bit early, ok with her", "nevra"),
    ],
)
def test_client_names_in_new_shapes_are_flagged(detector: Detector, text: str, name: str) -> None:
    assert name in people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        # Doctors are professionals unless called the client.
        "Dr okonjo wants bloods repeated in 2 weeks for mr j-p",
        "Dr Mallory at the walk-in centre said it's a sprain",
        # The organisation's own roles and work said of a name.
        "Roisin Kavanagh is the new TL for east from Monday",
        "Duty SW today is Abimbola Eze if anything comes up",
        "Halina Sroka and Dilys Pryce on the Weston round Saturday",
        "shout out to Saoirse Quinlan for staying late on Sunday",
        "Imogen Trevail is on call this weekend, ring the on-call phone",
        "Thanks Niamh Doherty for covering the whole run yesterday",
        "Kerry-Lou Baines from the office has the new rota",
        "Emeka Obi passed his medication competency, well done",
        # Title + lower-case letters with no vowel are initials; houses named like places.
        "mr pk fell but no injuries, body map done, TL informed",
        "the IRO wants to come to Hollinbrook on Friday",
        "Well done Tiit Kask for spotting the pressure sore early",
        "Kirk Dunmore and Nuno Baptista doubled up on the am run",
        "Chris Maddock, the community mental health nurse, will do the depot",
        # Places and things.
        "took the YP to Cabot Circus for new trainers",
        "the petty cash tin is in the office safe",
        pytest.param("wood burner was lit when i got there, its roasting", marks=MISREAD),
        "linden lodge house phone is back working now",
        "tell Ferelith the fridge is at 4 degrees, I've checked it twice",
        "childrenshomes@brackenfold.example is for the homes' petty cash",
        # Foreign street names after a house number are an address, not a name or a slot.
        "the parcel goes to 44173 Vrbovska 12 St.",
        "meet me at 318 Rua Tavolaro Quintanilha 77 Apt. 4",
    ],
)
def test_professionals_staff_places_and_things_are_not_flagged(
    detector: Detector, text: str
) -> None:
    assert people(detector, text) == []


def test_the_english_word_list_tells_names_from_words() -> None:
    gaz = load_gazetteer()
    assert gaz.unlisted("temesghen")
    assert not gaz.unlisted("moved")  # English
    assert not gaz.unlisted("sarah")  # a listed name
    assert not gaz.unlisted("kkkkkkk")  # a held-down key
    assert gaz.everyday_word("cash")  # only Faker lists it as a given name
    assert not gaz.everyday_word("blessing")
