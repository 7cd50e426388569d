"""Breach references: BR-YYYY-NNNN, one series per UK year."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.errors import BreachError
from bot.domain.reference import (
    format_reference,
    normalise_reference,
    parse_reference,
    reference_year,
)


def test_format_and_parse_round_trip() -> None:
    assert format_reference(2026, 7) == "BR-2026-0007"
    assert format_reference(2026, 12345) == "BR-2026-12345"  # a busy year does not break
    assert parse_reference(" br-2026-0007 ") == (2026, 7)
    assert normalise_reference("br-2026-0042") == "BR-2026-0042"


@pytest.mark.parametrize("text", ["", "BR-26-0001", "BR-2026-7", "XX-2026-0001", "BR-2026-0001x"])
def test_bad_references_are_refused_plainly(text: str) -> None:
    with pytest.raises(BreachError, match=r"expected BR-YYYY-NNNN"):
        parse_reference(text)


@pytest.mark.parametrize(("year", "number"), [(1999, 1), (2026, 0)])
def test_out_of_range_parts_are_refused(year: int, number: int) -> None:
    with pytest.raises(BreachError):
        format_reference(year, number)


def test_the_year_is_the_uk_calendar_year() -> None:
    # 23:30 UTC on 31 Dec is still 31 Dec in the UK (GMT); the series does not roll early.
    assert reference_year(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == 2026
    assert reference_year(datetime(2027, 1, 1, 0, 0, tzinfo=UTC)) == 2027
