"""Shapes the third round of independent sets found (issue 12): lower-case initial + surname
before what is said of the person, first name + initial in more spellings, identifiers in
more shapes, and professionals, services and initials that are not client data. Invented
names, numbers and messages only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from tests.unit.nlp.conftest import people


def _found(detector: Detector, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in detector.scan(text).findings]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("g thatcher had a restless night, checked 2 hourly", "g thatcher"),
        ("t balasingam refused his evening meds", "t balasingam"),
        ("w cooper's daughter rang about the key safe", "w cooper"),
        ("spoke to d ferreira about his drinking again", "d ferreira"),
        ("stanislaw z kicked off at tea, no injuries", "stanislaw z"),
        ("amina a has contact with her aunt on sunday", "amina a"),
        ("Ifeoma K. was found in the garden at 2am", "Ifeoma K."),
        ("yp t kowalski absconded from the home at 1930", "t kowalski"),
        ("creamed Violet M's legs, less red today", "Violet M"),
        ("can u check a. wisniewska has her pendant alarm on", "a. wisniewska"),
        ("Mrs A.M. Quraishi is on the list for a reassessment", "Mrs A.M. Quraishi"),
        ("Please note Master Adebayo will be moving into the annexe", "Master Adebayo"),
        ("the school calls him master o'donnell in letters", "master o'donnell"),
        # The name is what was done to, or a client's possession, not a professional.
        ("the consultant has discharged R. Ashdown from the falls clinic", "R. Ashdown"),
        ("can someone pick up the prescription for Harbans Gill from the chemist", "Harbans Gill"),
        ("Heard back from the IRO, Kaydon's review is now on the 14th", "Kaydon"),
    ],
)
def test_initialled_names_before_what_is_said_of_them(
    detector: Detector, text: str, name: str
) -> None:
    assert name in people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "she came home with a note about the trip",
        "x ray booked for thursday",
        "i e a letter from the council",
    ],
)
def test_letters_that_are_words_stay_words(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [
        ("equipment going to BS7  8PW on monday", "UK_POSTCODE", "BS7  8PW"),
        ("NI number is JH.41.27.93.B", "UK_NINO", "JH.41.27.93.B"),
        ("his d.o.b. on the sheet is 1939-11-04", "DATE_OF_BIRTH", "1939-11-04"),
        ("police wanted her dob when she was missing: 14/02/2009", "DATE_OF_BIRTH", "14/02/2009"),
        ("for the form: niamh, 30/04/2011, year 10", "DATE_OF_BIRTH", "30/04/2011"),
        ("NI no: KP  13 79 40  D off the letter", "UK_NINO", "KP  13 79 40  D"),
        (
            "she moved to Flat 6, Brunswick House, Easton so update runs",
            "ADDRESS",
            "Flat 6, Brunswick House, Easton",
        ),
    ],
)
def test_identifiers_in_more_shapes(detector: Detector, text: str, label: str, value: str) -> None:
    assert (label, value) in _found(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "review booked for 12/03/2026 at 10",
        "swap the lunch calls for cp 2210 and cp 2214, same road",
    ],
)
def test_recent_dates_and_care_plan_numbers_are_not_identifiers(
    detector: Detector, text: str
) -> None:
    assert _found(detector, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Spoke to Dr Okonjo, she's happy for the dose to go down to 5mg",
        "Miss Pemberton, KL's form teacher, emailed about attendance",
        "OT assessment with Rhiannon Gale on Monday for Mrs D",
        "the youth club at Hartcliffe Health Park opens at 6",
        "The Bristol Memory Wellbeing Service are ringing Mr F's son",
        "Bristol Rovers are doing free tickets for care experienced young people",
        "Dr Banerjee has asked for a urine sample at the surgery before 11",
        "Our new SW lead, Gareth Lowri, will do supervision from January",
        "the new iro for elm house is ruth okafor, she'll do all reviews from april",
        "Dr Sandhu at CAMHS wants to see the sleep diary first",
        "Sgt Morrow from Trinity Road rang about the missing episode",
        "Can we invite the CAMHS clinician, Dr Lyle, to the next meeting?",
        "Our new LADO contact is Morwenna Tate, details in the folder",
        "The education officer, Mr Dabrowski, is visiting on Monday",
        "spoke to Dr Okafor (out of hours) she said carry on with the antibiotics",
        "Dr Kamal Rashid the paediatrician wants to see KB in 6 weeks",
        "Oasis Academy Peter Mortimer sent the letter about the trip",
        "The Fox and Hounds on the green has a quiz Thursday",
        "Emma Lightfoot is your new line manager from January",
    ],
)
def test_professionals_and_services_are_not_client_names(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mrs McK is home tomorrow, restart calls from teatime",
        "yp cd went missing at 9 and came back at 10.15",
        "MS-A was missing from 21:00, returned herself at 22:40",
        "Mrs Mc is going in for her cataract op on Friday",
        "mr mcg's commode is full, please empty it",
        "mr v seemed a bit brighter today after the antibiotics",
        "A.B-K has a dentist appt at 3:30",
        "Mrs H-J is at her daughter's all weekend, no calls Sat/Sun",
    ],
)
def test_initials_in_more_shapes_are_allowed(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


def test_a_clients_dentist_visit_is_not_a_dentist_named(detector: Detector) -> None:
    assert "Saoirse D" in people(detector, "reminder Saoirse D dentist weds 10.30")
    assert people(detector, "Mark Hughes the dentist said to come back in May") == []
