"""The organisation's own numbers and mailboxes, and staff numbers, are never flagged.

Issue 12, class 3. Numbers are Ofcom drama numbers; addresses on invented domains.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.detector import Detector, DetectorConfig
from nlp.errors import DetectorError
from nlp.own_contacts import OwnContacts, phone_key
from nlp.rosters import load_staff

OWN = OwnContacts.of(
    phones=["0117 496 0100", "07700 900555", "+48 601 234 567"],
    mailboxes=["rota@citycare.co.uk"],
    email_domains=["office.citycare.co.uk"],
)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(DetectorConfig(own_contacts=OWN))


@pytest.mark.parametrize(
    "text",
    [
        "Ring the office on 0117 496 0100 if you are stuck",
        "+44 117 496 0100 from abroad",
        "Office: 01174960100",
        "office (0117) 496 0100",
        "OOH on +44 7700 900555 tonight",
        "on call phone is 07700 900555 this weekend",
        "Out of hours is 07700-900-555",
        "our Poland line +48 601 234 567",
        "Email rota@citycare.co.uk with any swaps",
        "Send timesheets to ROTA@citycare.co.uk",
        "payroll@office.citycare.co.uk has your slips",
    ],
)
def test_own_contacts_are_not_flagged(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Her son's mobile is 07700 900321",
        "Ring 0117 496 0101 for her daughter",
        "His email is k.ode@example.com",
        "office@citycare.co.uk.net is not ours",
        "rota@citycare.com is not ours",
        "staff@citycare.co.uk is not on the list",
    ],
)
def test_other_contacts_are_still_flagged(detector: Detector, text: str) -> None:
    assert detector.scan(text).flagged


def test_without_own_contacts_the_office_number_is_flagged() -> None:
    assert Detector().scan("Ring the office on 0117 496 0100").flagged


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("0117 496 0100", "+44 (0)117 496 0100"),
        ("07700900555", "0044 7700 900555"),
        ("+48 601 234 567", "0048 601234567"),
    ],
)
def test_phone_key_ignores_how_the_number_is_written(a: str, b: str) -> None:
    assert phone_key(a) == phone_key(b)


@pytest.mark.parametrize(
    ("phones", "mailboxes", "domains"),
    [(["12"], [], []), ([], ["office"], []), ([], [], ["not a domain"]), ([], [], ["local"])],
)
def test_bad_contacts_are_refused(
    phones: list[str], mailboxes: list[str], domains: list[str]
) -> None:
    with pytest.raises(DetectorError):
        OwnContacts.of(phones, mailboxes, domains)


def test_contacts_never_show_their_values() -> None:
    assert "0100" not in repr(OWN)
    assert "rota" not in repr(OWN)


def test_staff_numbers_on_the_roster_are_not_flagged(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("name,role,phone\nJade Oyelaran,carer,07700 900777;07700 900778\n", "utf-8")
    assert load_staff(staff).phones == {"7700900777", "7700900778"}
    detector = Detector(DetectorConfig(staff_csv=staff))
    assert not detector.scan("text Jade on 07700 900778").flagged
    assert detector.scan("text her son on 07700 900779").flagged


def test_a_bad_staff_number_names_the_line_not_the_value(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("name,phone\nJade Oyelaran,07700 900777\nTom Ashdown,call me\n", "utf-8")
    with pytest.raises(DetectorError, match="line 3: 'phone'") as err:
        load_staff(staff)
    assert "call me" not in str(err.value)


@pytest.mark.parametrize(
    "number", ["0117 496 0100", "+44 (0)117 496 0100", "0044 7700 900555", "(0117) 4960100"]
)
def test_phone_key_agrees_with_the_phone_recognizer(number: str) -> None:
    from nlp.recognizers.uk_phone import national_digits

    assert phone_key(number) == national_digits(number)


def test_importing_the_detector_does_not_load_presidio() -> None:
    import subprocess
    import sys

    code = "import sys, nlp.detector; print('presidio_analyzer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_name_inside_an_own_address_is_not_flagged(detector: Detector) -> None:
    assert not detector.scan("timesheets to t.ellery@office.citycare.co.uk").flagged
    assert detector.scan("timesheets to t.ellery@citycare.com").flagged  # not ours
