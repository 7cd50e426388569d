"""Phone numbers to people, and the texts the number sends on its own account."""

from __future__ import annotations

import pytest

from bot.whatsapp import texts
from bot.whatsapp.staff import StaffDirectory, e164_digits
from tests.unit.whatsapp.test_bridge import ADA, ORG


@pytest.mark.parametrize(
    "written",
    ["447700900101", "+447700900101", "+44 7700 900101", "0044 7700 900101",
     "+44 (0)7700 900101", "+44-7700-900-101"],
)  # fmt: skip
def test_written_forms_of_one_number_find_the_same_person(written: str) -> None:
    assert e164_digits(written) == "447700900101"
    assert StaffDirectory(ORG).find(written) == ADA


@pytest.mark.parametrize("sender", ["447700900102", "", "abc", "07700900101", "4477009001011"])
def test_other_numbers_find_nobody(sender: str) -> None:
    assert StaffDirectory(ORG).find(sender) is None


def test_people_without_a_phone_are_not_in_the_directory() -> None:
    assert len(StaffDirectory(ORG)) == 1


def test_the_warning_names_kinds_once_in_order_and_never_types() -> None:
    text = texts.warning(["UK_NHS", "PERSON", "UK_NHS", "SOMETHING_NEW"])
    assert "an NHS number, a name and other identifying details" in text
    assert "UK_NHS" not in text
    assert "PERSON" not in text


def test_the_warning_with_a_single_kind() -> None:
    assert "include a postcode that" in texts.warning(["UK_POSTCODE"])
