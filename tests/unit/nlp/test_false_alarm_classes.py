"""Professionals, places, shops and word pairs that are not client names (issue 12).

Roles written beside a name (teachers, managers, officers, ward sisters, a doctor "in ED"),
landmarks named after no given name ("Pelham Croft"), high-street chains, title + an
O'-initial or a possessive initial, a heading in capitals, words after "says" and lower-case
word pairs after an article. Invented names and messages only. A client named in the same
message is still flagged.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from tests.unit.nlp.conftest import people as _people


@pytest.mark.parametrize(
    "text",
    [
        "ward sister Imelda Quayle says he can go home",
        "charge nurse Tobias Renwick rang back",
        "her teacher Mr Haverford said she settled well",
        "the head teacher, Mrs Ellingham, wants a meeting",
        "the virtual school head Ms Oduya emailed",
        "our deputy manager Priscilla Varga is on leave",
        "housing officer Bartosz Wrona called about the boiler",
        "police officer Gemma Stroud took a statement",
        "Dr Achebe in ED says no fracture",
        "Dr Lindqvist on the ward is happy with his obs",
        "meet at Pelham Croft by the bus stop",
        "Ashcombe Vale was lovely for a walk",
        "grab a pasty from Greggs on the way",
        "the Timpsons by the station cut the key",
        "Mrs O'B liked her tea",
        "Mr O'D's daughter phoned",
        "Mrs K's GP surgery rang",
        "MRS J NEEDS HER GLASSES FROM THE OPTICIANS",
        "the nurse says discharge tmrw after bloods",
        "there's a holly bush by the gate",
        "mind the rose hedge when you park",
        "CAMHS worker Odette Flint is visiting at 4",
        "Revd Amos from St Luke's will call in",
        "Mrs Hallett from Age UK rang about the befriending",
        "Colin from the Carers Trust will phone",
        "meet at Brockley Meads at 10",
        "the Hambrook Down walk was muddy",
    ],
)
def test_not_client_names(detector: Detector, text: str) -> None:
    assert _people(detector, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("her teacher Mr Haverford met Orla Gunning at school", "Orla Gunning"),
        ("Dr Achebe in ED saw Mrs Pennywhistle", "Mrs Pennywhistle"),
        ("Mrs O'Brady liked her tea", "Mrs O'Brady"),
        ("took Esme Rowntree to Greggs", "Esme Rowntree"),
        ("Mrs Hallett from Age UK visited Fenella Crouch", "Fenella Crouch"),
    ],
)
def test_clients_beside_them_are_still_flagged(detector: Detector, text: str, name: str) -> None:
    assert name in _people(detector, text)
