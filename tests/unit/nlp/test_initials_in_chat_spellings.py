"""Initials typed the way chat types them still name a client (issue 12, class 1 and 5).

Lower-case initials without a title ("j. mcanally", "t okonjo"), dotted capitals that are
also "a.m." ("P.M. Garside"), an initialled name before a lower-case place word ("R.
Achterberg hospital appt"), and a first name with a letter that is also chat-speak when what
follows is said about the person ("gosia n needs"). Invented names only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from tests.unit.nlp.conftest import people as _people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("j. mcanally is back from hospital", "j. mcanally"),
        ("d. o'rourke slept most of the day", "d. o'rourke"),
        ("t osei wants her call earlier", "t osei"),
        ("P.M. Garside is going to respite", "P.M. Garside"),
        ("A.M. Whitcombe rang twice", "A.M. Whitcombe"),
        ("R.Achterberg hospital transport booked", "R.Achterberg"),
        ("gosia n needs her hair washed", "gosia n"),
        ("ramesh k had a bad night", "ramesh k"),
        ("priya r - feet swollen again", "priya r"),
        ("blessing o wants a new duvet", "blessing o"),
    ],
)
def test_chat_spellings_of_initials_with_a_name_are_flagged(
    detector: Detector, text: str, name: str
) -> None:
    assert name in _people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "see you at 9 A.M. Monday",
        "meeting at 10 a.m. tomorrow",
        "tom n kasia on the early",
        "Dawn n me will do it",
        "thanks tom k see you later",
        "k thanks",
        "a lovely day",
        "i think so",
        "u ok hun",
        "e.g. the usual",
        "Mrs J. hospital appt moved",
    ],
)
def test_lookalikes_stay_clean(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged, _people(detector, text)
