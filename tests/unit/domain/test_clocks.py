"""Deadlines in UTC, shown in UK time, right across the spring and autumn clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import clocks as clk
from bot.domain.clock import Clock, FixedClock, ManualClock, SystemClock
from bot.domain.errors import DomainError


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_report_deadline_across_the_spring_change_to_bst() -> None:
    discovered = utc(2026, 3, 29, 0, 30)  # 00:30 GMT; clocks go forward at 01:00 UTC
    deadline = clk.report_deadline(discovered)
    assert deadline == utc(2026, 3, 29, 1, 30)
    assert clk.format_london(discovered) == "Sun 29 Mar 2026 00:30 GMT"
    assert clk.format_london(deadline) == "Sun 29 Mar 2026 02:30 BST"


def test_report_deadline_across_the_autumn_change_to_gmt() -> None:
    discovered = utc(2026, 10, 25, 0, 30)  # 01:30 BST; clocks go back at 01:00 UTC
    deadline = clk.report_deadline(discovered)
    assert deadline - discovered == timedelta(hours=1)
    assert clk.format_london(discovered) == "Sun 25 Oct 2026 01:30 BST"
    assert clk.format_london(deadline) == "Sun 25 Oct 2026 01:30 GMT"  # same wall time


def test_ico_deadline_is_72_elapsed_hours_even_across_bst() -> None:
    aware = utc(2026, 3, 27, 12, 0)  # 12:00 GMT
    deadline = clk.ico_deadline(aware)
    assert deadline == utc(2026, 3, 30, 12, 0)
    assert clk.to_london(deadline).hour == 13  # 13:00 BST on the UK clock


def test_ico_reminders_fall_at_24_48_and_66_hours() -> None:
    aware = utc(2026, 10, 23, 18, 0)
    assert clk.ico_reminder_times(aware) == (
        utc(2026, 10, 24, 18, 0),
        utc(2026, 10, 25, 18, 0),
        utc(2026, 10, 26, 12, 0),
    )


@pytest.mark.parametrize(
    ("reported_after", "late"),
    [
        (timedelta(minutes=0), 0),
        (timedelta(minutes=60), 0),
        (timedelta(minutes=60, seconds=1), 1),
        (timedelta(minutes=75), 15),
        (timedelta(hours=26), 25 * 60),
    ],
)
def test_minutes_late(reported_after: timedelta, late: int) -> None:
    discovered = utc(2026, 6, 1, 8, 0)
    assert clk.minutes_late(discovered, discovered + reported_after) == late


def test_minutes_late_uses_the_configured_window() -> None:
    clocks = clk.ClockSettings(report_window=timedelta(minutes=30))
    start = utc(2026, 6, 1, 8, 0)
    assert clk.minutes_late(start, start + timedelta(minutes=45), clocks) == 15


@pytest.mark.parametrize(
    ("now_offset", "left", "text"),
    [
        (timedelta(0), 125, "2 h 05 min left"),
        (timedelta(minutes=124, seconds=30), 0, "0 min left"),
        (timedelta(minutes=125, seconds=30), -1, "1 min overdue"),
        (timedelta(minutes=195), -70, "1 h 10 min overdue"),
    ],
)
def test_minutes_left(now_offset: timedelta, left: int, text: str) -> None:
    start = utc(2026, 1, 10, 9, 0)
    deadline = start + timedelta(minutes=125)
    assert clk.minutes_left(deadline, start + now_offset) == left
    assert clk.describe_minutes(left) == text


def test_ack_and_abandon_times_follow_the_settings() -> None:
    clocks = clk.ClockSettings(ack_timeout=timedelta(minutes=5), abandon_timeout=timedelta(hours=1))
    start = utc(2026, 1, 10, 9, 0)
    assert clk.ack_due(start) == start + timedelta(minutes=15)
    assert clk.ack_due(start, clocks) == start + timedelta(minutes=5)
    assert clk.abandon_due(start) == start + timedelta(minutes=10)
    assert clk.abandon_due(start, clocks) == start + timedelta(hours=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"report_window": timedelta(minutes=-1)}, "report_window must be positive"),
        ({"ack_timeout": timedelta(0)}, "ack_timeout must be positive"),
        ({"ico_reminders": (timedelta(hours=80),)}, "inside the ICO window"),
        ({"ico_reminders": (timedelta(hours=48), timedelta(hours=24))}, "increasing order"),
    ],
)
def test_bad_clock_settings_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        clk.ClockSettings(**kwargs)  # type: ignore[arg-type]


def test_manual_clock_moves_only_forward_when_asked() -> None:
    clock = ManualClock(utc(2026, 3, 29, 0, 59))
    assert isinstance(clock, Clock)
    assert clock.advance(minutes=2) == utc(2026, 3, 29, 1, 1)
    assert clock.now() == utc(2026, 3, 29, 1, 1)
    with pytest.raises(DomainError, match="backwards"):
        clock.advance(timedelta(seconds=-1))
    clock.set(utc(2020, 1, 1))
    assert clock.now().year == 2020
    assert FixedClock is ManualClock


def test_clocks_refuse_naive_times() -> None:
    with pytest.raises(DomainError, match="timezone-aware"):
        ManualClock(datetime(2026, 1, 1))
    with pytest.raises(DomainError, match="timezone-aware"):
        clk.report_deadline(datetime(2026, 1, 1))


def test_system_clock_is_utc() -> None:
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert isinstance(SystemClock(), Clock)


@given(
    discovered=st.datetimes(
        min_value=datetime(2025, 1, 1),
        max_value=datetime(2028, 12, 31),
        timezones=st.just(UTC),
    ),
    after=st.integers(min_value=0, max_value=7 * 24 * 60),
)
def test_lateness_is_whole_minutes_past_the_hour_at_any_time_of_year(
    discovered: datetime, after: int
) -> None:
    discovered = discovered.replace(microsecond=0, second=0)
    reported = discovered + timedelta(minutes=after)
    assert clk.minutes_late(discovered, reported) == max(0, after - 60)
    assert clk.to_london(reported).astimezone(UTC) == reported
    assert clk.minutes_left(clk.report_deadline(discovered), reported) == 60 - after


def test_uk_wall_clock_times_become_utc() -> None:
    assert clk.from_london(datetime(2026, 1, 15, 9, 0)) == utc(2026, 1, 15, 9, 0)  # GMT
    assert clk.from_london(datetime(2026, 7, 15, 9, 0)) == utc(2026, 7, 15, 8, 0)  # BST


def test_repeated_autumn_hour_takes_the_earlier_instant() -> None:
    # 01:30 happens twice on 25 Oct 2026: first in BST (00:30 UTC), then in GMT.
    assert clk.from_london(datetime(2026, 10, 25, 1, 30)) == utc(2026, 10, 25, 0, 30)


def test_skipped_spring_hour_is_refused() -> None:
    with pytest.raises(DomainError, match="does not exist in the UK"):
        clk.from_london(datetime(2026, 3, 29, 1, 30))
    with pytest.raises(DomainError, match="without a time zone"):
        clk.from_london(utc(2026, 3, 29, 1, 30))
