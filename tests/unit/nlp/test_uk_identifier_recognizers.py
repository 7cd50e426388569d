"""Table tests for the NHS, NINO, postcode and phone recognizers (called directly)."""

from __future__ import annotations

import pytest

from nlp.recognizers.uk_nhs import UkNhsRecognizer, nhs_checksum_ok
from nlp.recognizers.uk_nino import NationalInsuranceRecognizer
from nlp.recognizers.uk_phone import UkPhoneRecognizer, is_drama_number
from nlp.recognizers.uk_postcode import RoyalMailPostcodeRecognizer


def spans(recognizer: object, text: str) -> list[str]:
    results = recognizer.analyze(text, recognizer.supported_entities)  # type: ignore[attr-defined]
    return [text[r.start : r.end] for r in results]


NHS = UkNhsRecognizer()
NINO = NationalInsuranceRecognizer()
POSTCODE = RoyalMailPostcodeRecognizer()
PHONE = UkPhoneRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("943 476 5919", ["943 476 5919"]),  # valid checksum, spaced
        ("9434765919", ["9434765919"]),  # unspaced
        ("943-476-5919", ["943-476-5919"]),  # hyphenated
        ("NHS no 401 023 2137 for JB", ["401 023 2137"]),  # embedded
        ("(9434765919)", ["9434765919"]),  # punctuation boundary
        ("943 476 5910", []),  # bad check digit
        ("943 476 5918", []),  # bad check digit
        ("0000000000", []),  # passes the sum, never issued
        ("94347659190", []),  # eleven digits
        ("19434765919", []),  # digit glued to the front
        ("943 4765919", ["943 4765919"]),  # grouped 3-7, as copied (issue 12)
        ("943476 5919", ["943476 5919"]),  # grouped 6-4
        ("943 4765910", []),  # grouped 3-7, bad check digit
        ("943 476 59 19", []),  # not a grouping anyone copies
        ("CP-9434765919", []),  # care-plan reference
        ("crime ref 9434765919", []),  # police reference
        ("incident no. 943 476 5919", []),  # incident reference
        ("+44 117 496 0000 from abroad", []),  # a phone number after its country code
        ("+441174960019", []),
        ("0044 117 496 0027", []),
        ("NHS 117 496 0000", ["117 496 0000"]),  # the same digits are an NHS number alone
    ],
)
def test_nhs_numbers(text: str, expected: list[str]) -> None:
    assert spans(NHS, text) == expected


def test_nhs_checksum_rejects_check_digit_ten() -> None:
    # 000 000 001x: weighted sum 2, so the check digit is 11 - 2 = 9.
    assert nhs_checksum_ok("0000000019")
    assert not nhs_checksum_ok("0000000010")
    # 100 000 001x: weighted sum 12 ≡ 1 (mod 11) needs check digit 10: never issued.
    assert not any(nhs_checksum_ok(f"100000001{d}") for d in range(10))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AB123456C", ["AB123456C"]),
        ("AB 12 34 56 C", ["AB 12 34 56 C"]),
        ("ab123456c", ["ab123456c"]),  # lower case
        ("NI number JZ 12 34 56 D for payroll", ["JZ 12 34 56 D"]),
        ("DA123456A", []),  # first letter D never used
        ("QQ123456C", []),  # first letter Q
        ("AO123456A", []),  # second letter O
        ("BG123456A", []),  # forbidden prefix
        ("GB123456A", []),
        ("NK123456A", []),
        ("KN123456A", []),
        ("TN123456A", []),
        ("NT123456A", []),
        ("ZZ123456A", []),
        ("AB123456E", []),  # suffix must be A-D
        ("XAB123456C", []),  # glued to a letter
        ("AB1234567C", []),  # seven digits
        ("AB 12 3456 C", ["AB 12 3456 C"]),  # spaced however (issue 12)
        ("AB 123 456 C", ["AB 123 456 C"]),
        ("jh12 34 56c", ["jh12 34 56c"]),
        ("AB 12 34 56 E", []),  # odd spacing, still suffix A-D only
        ("AB  12 34 56 C", ["AB  12 34 56 C"]),  # two spaces, as copied off a letter
        ("AB   12 34 56 C", []),  # three: not one number
    ],
)
def test_national_insurance_numbers(text: str, expected: list[str]) -> None:
    assert spans(NINO, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M1 1AE", ["M1 1AE"]),  # A9 9AA
        ("B33 8TH", ["B33 8TH"]),  # A99 9AA
        ("W1A 0AX", ["W1A 0AX"]),  # A9A 9AA
        ("CR2 6XH", ["CR2 6XH"]),  # AA9 9AA
        ("DN55 1PT", ["DN55 1PT"]),  # AA99 9AA
        ("EC1A 1BB", ["EC1A 1BB"]),  # AA9A 9AA
        ("GIR 0AA", ["GIR 0AA"]),
        ("bs78aa", ["bs78aa"]),  # lower case, unspaced
        ("Heading to BS7 8AA now", ["BS7 8AA"]),
        ("QS1 1AA", []),  # Q never first
        ("AI1 1AA", []),  # I never second
        ("BS7 8AC", []),  # C never in the inward code
        ("BS7 8AV", []),
        ("BS7", []),  # outward code alone is an area
        ("CP-10423", []),
        ("XBS7 8AA", []),
    ],
)
def test_postcodes(text: str, expected: list[str]) -> None:
    assert spans(POSTCODE, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700 900123", ["07700 900123"]),  # drama mobile range
        ("07700900123", ["07700900123"]),
        ("+44 7700 900123", ["+44 7700 900123"]),
        ("+447700900123", ["+447700900123"]),
        ("+44 (0)20 7946 0123", ["+44 (0)20 7946 0123"]),
        ("0117 496 0123", ["0117 496 0123"]),  # drama landline
        ("(0117) 496 0123", ["(0117) 496 0123"]),
        ("(07700) 900123", ["(07700) 900123"]),
        ("0 7700 900 123", ["0 7700 900 123"]),
        ("07700 90 01 23", ["07700 90 01 23"]),
        ("07700 900123/07700 900124", ["07700 900123", "07700 900124"]),
        ("077009001234567", []),  # part of a longer number
        ("01632 960 123", ["01632 960 123"]),
        ("028 9649 6123", ["028 9649 6123"]),
        ("0044 7700 900123", ["0044 7700 900123"]),
        ("Ring 07700-900-123 after 2pm", ["07700-900-123"]),
        ("+48 601 234 567", ["+48 601 234 567"]),  # a Polish mobile
        ("+234 803 123 4567", ["+234 803 123 4567"]),  # a Nigerian mobile
        ("+1 555 0100", []),  # not a valid number anywhere
        ("+12345", []),
        ("12345 678901", []),  # no trunk 0
        ("0117 4960 12", []),  # too short for 0117
        ("07700 9001", []),
        ("crime ref 07700 900123", []),
        ("CP-07700900123", []),
    ],
)
def test_phone_numbers(text: str, expected: list[str]) -> None:
    assert spans(PHONE, text) == expected


@pytest.mark.parametrize(
    ("number", "drama"),
    [("07700 900999", True), ("+44 20 7946 0001", True), ("07911 123456", False)],
)
def test_drama_ranges_are_recognised(number: str, drama: bool) -> None:
    assert is_drama_number(number) is drama
