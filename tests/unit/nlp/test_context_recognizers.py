"""Table tests for address, date of birth, email and the title + surname fallback."""

from __future__ import annotations

import pytest

from nlp.recognizers.address import AddressRecognizer
from nlp.recognizers.date_of_birth import DateOfBirthRecognizer
from nlp.recognizers.email import OfflineEmailRecognizer
from nlp.recognizers.title_surname import TitleSurnameRecognizer


def spans(recognizer: object, text: str) -> list[str]:
    results = recognizer.analyze(text, recognizer.supported_entities)  # type: ignore[attr-defined]
    return sorted(text[r.start : r.end] for r in results)


ADDRESS = AddressRecognizer()
DOB = DateOfBirthRecognizer()
EMAIL = OfflineEmailRecognizer()
TITLE = TitleSurnameRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lives at 42 Hillside Road now", ["42 Hillside Road"]),
        ("Flat 3, 21 Gloucester Road", ["Flat 3, 21 Gloucester Road"]),
        ("12a Queen's Road", ["12a Queen's Road"]),
        ("42 hillside rd", ["42 hillside rd"]),
        ("at 7 St Mary's Close.", ["7 St Mary's Close"]),
        ("stuck on Gloucester Road", []),  # street without a number
        ("Southmead", []),
        ("2 walks in the park today", []),
        ("gave 2 paracetamol at 10", []),
        ("Monday 10am", []),
        ("Bus 76 down Gloucester Road is diverted", []),
        ("next call No. 21 Gloucester Road", ["21 Gloucester Road"]),
        ("Ward 7 Hill View unit", []),
        ("she had 3 visits Park Road way", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert spans(ADDRESS, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 12/03/1941", ["12/03/1941"]),
        ("d.o.b: 1.3.41", ["1.3.41"]),
        ("D.O.B. 12-03-1941", ["12-03-1941"]),
        ("born 3rd May 1950", ["3rd May 1950"]),
        ("Born on March 12, 1941", ["March 12, 1941"]),
        ("date of birth 1941-03-12", ["1941-03-12"]),
        ("born in March 1941", ["March 1941"]),
        ("birthday is 5th of June 1938", ["5th of June 1938"]),
        ("DOB 12 03 1941", ["12 03 1941"]),
        ("dob 12031941", ["12031941"]),
        ("DOB 12/03/1941 at 10am", ["12/03/1941"]),
        ("Monday 10am", []),
        ("see you 12/03/2025", []),  # a date without a birth word
        ("dob 12/03", []),  # no year: not a full date of birth
        ("reborn 12/03/2025", []),  # "born" inside another word
    ],
)
def test_dates_of_birth(text: str, expected: list[str]) -> None:
    assert spans(DOB, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email jo.bloggs@example.co.uk today", ["jo.bloggs@example.co.uk"]),
        ("a.b-c@nhs.net", ["a.b-c@nhs.net"]),
        ("x@y.notarealtld", []),  # no real public suffix
        ("meet @ 10", []),
    ],
)
def test_emails(text: str, expected: list[str]) -> None:
    assert spans(EMAIL, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mrs Patterson was fine", ["Mrs Patterson"]),
        ("saw mr kapoor", ["mr kapoor"]),
        ("Dr Siddiqui's note", ["Dr Siddiqui"]),
        ("Mrs O'Neill", ["Mrs O'Neill"]),
        ("Mr. Abdul Rahman came", ["Mr. Abdul Rahman"]),
        ("MRS PATTERSON", ["MRS PATTERSON"]),
        ("Mrs is here", []),
        ("MT and J.B. are fine", []),  # initials are allowed
        ("Mrs P. is fine", []),
    ],
)
def test_title_and_surname(text: str, expected: list[str]) -> None:
    assert spans(TITLE, text) == expected
