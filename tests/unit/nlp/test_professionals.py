"""Professionals named with their role are not client data; a client beside them still is.

Issue 12, class 2. Invented names only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.detector import Detector, DetectorConfig
from nlp.professionals import is_professional
from tests.unit.nlp.conftest import people as _people


@pytest.mark.parametrize(
    "text",
    [
        "Dr Mbeki from the falls clinic is visiting Monday",
        "Spoke to the GP, Dr Hartley-Ross, about the rash",
        "SW is Joanne Pell, she'll ring the office",
        "The IRO Marcus Feeney wants the review moved",
        "Our IRO is Kwame Asante",
        "Nurse Bev from the hospice came at 2",
        "Mr Adeyemi at the pharmacy says the dosette is ready",
        "district nurse Sarah Whitlock dressed the leg",
        "OT Priya Raman is bringing a perching stool",
        "Physio Tom Ridley says she can walk to the door",
        "Social worker Angela Mutasa is doing the review",
        "Dr Okafor the consultant changed the meds",
        "The pharmacist, Mr Hussain, will call back",
        "Rang the surgery, Dr Patel is on leave",
        "the sw jenny marsh said she'd email",
        "GP Dr Farah Siddiqui phoned back",
        "Ask the social worker (Mrs Okoro) about the review",
        "Joanne Pell (SW) rang",
        "Kwame Asante is our IRO",
        "ot halina wrobel coming at 2 for the assessment",
        "dn kerry-ann brooks dressed the heel",
        "hca femi ade will do the obs",
    ],
)
def test_a_professional_named_with_their_role_is_not_flagged(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged, _people(detector, text)


@pytest.mark.parametrize(
    ("text", "client"),
    [
        ("Dr Mbeki from the falls clinic saw Edna Barlow today", "Edna Barlow"),
        ("SW Joanne Pell says Harold Jenkins can go home Friday", "Harold Jenkins"),
        ("Nurse Bev from the hospice sat with mrs tovey", "mrs tovey"),
        ("OT Priya Raman assessed Winifred Coles for a stairlift", "Winifred Coles"),
        ("the GP, Dr Hartley-Ross, wants to see Arthur Penrose", "Arthur Penrose"),
        ("district nurse came for Mrs Kaczmarek's dressing", "Mrs Kaczmarek"),
    ],
)
def test_a_client_beside_a_professional_is_still_flagged(
    detector: Detector, text: str, client: str
) -> None:
    assert _people(detector, text) == [client]


@pytest.mark.parametrize(
    "text",
    [
        "Edna Barlow saw GP today",
        "Harold Jenkins needs physio",
        "Mrs Jones at the hospital needs her glasses",
        "Edna Barlow is the nurse's favourite",
        "her sister Jean Tovey rang",
    ],
)
def test_a_role_elsewhere_in_the_message_does_not_excuse_a_name(
    detector: Detector, text: str
) -> None:
    assert detector.scan(text).flagged


def test_a_client_on_the_roster_is_flagged_even_beside_a_role(tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text("name\nJoanne Pell\n", encoding="utf-8")
    detector = Detector(DetectorConfig(clients_csv=clients))
    assert detector.scan("SW is Joanne Pell").flagged


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("SW is Joanne Pell", "Joanne Pell", True),
        ("Joanne Pell needs the SW", "Joanne Pell", False),
        ("Mr Hussain, the pharmacist", "Mr Hussain", True),
        ("Mr Hussain, the pharmacist's client", "Mr Hussain", False),
    ],
)
def test_is_professional(text: str, name: str, expected: bool) -> None:
    start = text.index(name)
    assert is_professional(text, start, start + len(name)) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Dr Siddiqui wants her bloods done",
        "Dr adebayo wants bloods repeated in 2 weeks for mr j-p",
        "Dr rahman at the walk-in centre said it's a sprain, not broken",
    ],
)
def test_a_doctor_is_a_professional(detector: Detector, text: str) -> None:
    assert _people(detector, text) == []


def test_a_doctor_the_message_calls_a_client_is_flagged(detector: Detector) -> None:
    text = "Dr Hussain the client in Fishponds, has his new blister pack arrived?"
    assert _people(detector, text) == ["Dr Hussain"]


@pytest.mark.parametrize(
    "text",
    [
        "Gemma Hayes is the new TL for east from Monday",
        "Farzana Rezaei is our new Dari speaking carer, based in Fishponds",
        "Duty SW today is Farida Hassan if anything comes up",
        "SW for YP (KO) is Amanda Reece now, her details are on the front sheet",
        "Kerry-Ann Dyer from the office has the new rota, ask her",
    ],
)
def test_staff_and_professionals_named_with_their_role_are_not_flagged(
    detector: Detector, text: str
) -> None:
    assert _people(detector, text) == []


def test_a_carer_written_after_a_name_is_the_clients(detector: Detector) -> None:
    text = "mrs pembertons carer didnt turn up this morning, she rang the office upset"
    people = _people(detector, text)
    assert len(people) == 1
    assert people[0].startswith("mrs pemberton")
