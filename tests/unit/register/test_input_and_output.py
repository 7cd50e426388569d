"""Times typed at the command line are UK time; lists read well."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.dialects import sqlite

from bot.cli.intake import parse_when
from bot.cli.register_console import duration, to_csv
from bot.cli.util import CommandError
from bot.register.base import UTCDateTime


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2026-01-15 09:00", datetime(2026, 1, 15, 9, 0, tzinfo=UTC)),  # GMT
        ("2026-07-15 09:00", datetime(2026, 7, 15, 8, 0, tzinfo=UTC)),  # BST
        ("2026-03-29 00:59", datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),  # just before BST
        ("2026-03-29 02:00", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),  # first BST minute
        ("2026-10-25 01:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # repeated hour: BST
        ("2026-07-15T09:00:00+00:00", datetime(2026, 7, 15, 9, 0, tzinfo=UTC)),
        ("2026-07-15T09:00Z", datetime(2026, 7, 15, 9, 0, tzinfo=UTC)),
    ],
)
def test_uk_local_times(typed: str, utc: datetime) -> None:
    assert parse_when(typed, "--discovered") == utc


@pytest.mark.parametrize("typed", ["yesterday", "15/01/2026 09:00", "2026-13-01 09:00", ""])
def test_bad_dates_name_the_option(typed: str) -> None:
    with pytest.raises(CommandError, match="--discovered: not a date and time"):
        parse_when(typed, "--discovered")


def test_skipped_hour_is_refused() -> None:
    with pytest.raises(CommandError, match="does not exist"):
        parse_when("2026-03-29 01:30", "--discovered")


@pytest.mark.parametrize(
    ("minutes", "text"), [(5, "5 min"), (60, "1 h 00 min"), (307, "5 h 07 min"), (3000, "2 d 2 h")]
)
def test_duration(minutes: int, text: str) -> None:
    assert duration(minutes) == text


def test_csv_cells() -> None:
    out = to_csv([{"a": None, "b": ["x", "y"], "c": True}], ["a", "b", "c"])
    assert out == 'a,b,c\n,"[""x"", ""y""]",True\n'


def test_utc_column_refuses_naive_times() -> None:
    column = UTCDateTime()
    with pytest.raises(ValueError, match="naive"):
        column.process_bind_param(datetime(2026, 1, 1), sqlite.dialect())
    stored = column.process_bind_param(
        datetime.fromisoformat("2026-07-01T10:00+01:00"), sqlite.dialect()
    )
    assert stored == datetime(2026, 7, 1, 9, 0)
    assert column.process_result_value(stored, sqlite.dialect()) == datetime(
        2026, 7, 1, 9, 0, tzinfo=UTC
    )


def test_table_shows_incomplete_and_purged_rows_without_details() -> None:
    from bot.cli.register_console import to_table
    from bot.domain.records import BreachSummary
    from bot.domain.values import BreachState, Service

    base = {
        "discovered_at": None,
        "minutes_late": None,
        "acknowledged_at": None,
        "assigned_to": None,
        "high_risk": None,
        "category": None,
        "ico_deadline": None,
        "ico_notified": None,
        "open_actions": 0,
        "closed_at": None,
    }
    rows = [
        BreachSummary(
            reference="BR-2026-0001",
            service=None,
            state=BreachState.REPORTED,
            reported_at=datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
            incomplete=True,
            purged=False,
            **base,  # type: ignore[arg-type]
        ),
        BreachSummary(
            reference="BR-2019-0007",
            service=Service.CHILDREN,
            state=BreachState.CLOSED,
            reported_at=datetime(2019, 1, 1, 8, 0, tzinfo=UTC),
            incomplete=False,
            purged=True,
            **base,  # type: ignore[arg-type]
        ),
    ]
    lines = to_table(rows).splitlines()
    assert lines[0].split()[:3] == ["REFERENCE", "SERVICE", "STATE"]
    assert "(not given)" in lines[1]
    assert "reported (incomplete)" in lines[1]
    assert "09:00 BST" in lines[1]
    assert "purged" in lines[2]
