"""Lower-case full names of many origins are flagged; ordinary lower-case chat is not.

Issue 12, class 6. Name lists: US census, Faker (MIT), the most common names of ~100
countries (CC0) and hand-curated lists; all names here are invented combinations.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from nlp.names import load_gazetteer
from tests.unit.nlp.conftest import people as _people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("checked on berivan karimi at 10", "berivan karimi"),  # Kurdish
        ("rebwar ahmadi refused his tea", "rebwar ahmadi"),
        ("nguyen thi huong is back home", "nguyen thi huong"),  # Vietnamese, family first
        ("Tran Van Duc had a good day", "Tran Van Duc"),
        ("yonas tekle wants his radio on", "yonas tekle"),  # Eritrean
        ("semhar habte was asleep", "semhar habte"),
        ("ubah jama needs the hoist", "ubah jama"),  # Somali
        ("gave meds to guled hersi", "guled hersi"),
        ("senthil arumugam's wife rang", "senthil arumugam"),  # Tamil
        ("jeyanthi nadarajah had a fall", "jeyanthi nadarajah"),
        ("Kojo Mensah is in hospital", "Kojo Mensah"),  # Akan
        ("Ebo A was in good form today", "Ebo A"),
    ],
)
def test_lower_case_names_of_many_origins_are_flagged(
    detector: Detector, text: str, name: str
) -> None:
    assert _people(detector, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "long day, all visits done",
        "do van rides count as mileage",
        "left the van at the office",
        "hai all, running late",
        "mai rota is out",
        "saw her at the shop, she was fine",
        "thanks, will ring the office",
    ],
)
def test_ordinary_lower_case_chat_is_not_flagged(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged, _people(detector, text)


def test_the_world_lists_are_loaded() -> None:
    gaz = load_gazetteer()
    assert {"selam", "rojda", "ebo", "murugan"} <= gaz.first.keys()
    assert {"tesfaye", "warsame", "selvaraj", "nguyen", "liyanage"} <= gaz.last.keys()
