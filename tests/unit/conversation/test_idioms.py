"""Times as carers say them: "half 5", "about 8", "6ish", read as the reading that just passed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.conversation.idioms import correction_word, is_correction, rewrite
from bot.domain.conversation.when import TimeProblem, parse_discovery
from tests.unit.conversation.conftest import AUTUMN_CHANGE_NOW, SPRING_CHANGE_NOW

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    """A London wall-clock time, as an aware datetime."""
    return datetime(*args, tzinfo=LONDON)


EVENING_GMT = london(2026, 11, 23, 18, 54)  # the field trial: "at about 6" at 18:54
MORNING_GMT = london(2026, 11, 23, 9, 53)
EVENING_BST = london(2026, 7, 15, 17, 40)
AFTER_MIDNIGHT = london(2026, 11, 24, 0, 10)

READ = [
    # (now, typed, taken, other reading offered)
    (EVENING_GMT, "half 5", london(2026, 11, 23, 17, 30), london(2026, 11, 23, 5, 30)),
    (EVENING_GMT, "Half past five", london(2026, 11, 23, 17, 30), london(2026, 11, 23, 5, 30)),
    (EVENING_GMT, "half six", london(2026, 11, 23, 18, 30), london(2026, 11, 23, 6, 30)),
    (EVENING_GMT, "quarter past 6", london(2026, 11, 23, 18, 15), london(2026, 11, 23, 6, 15)),
    (EVENING_GMT, "quarter to 9", london(2026, 11, 23, 8, 45), london(2026, 11, 22, 20, 45)),
    (EVENING_GMT, "10 past 4", london(2026, 11, 23, 16, 10), london(2026, 11, 23, 4, 10)),
    (EVENING_GMT, "twenty to 3", london(2026, 11, 23, 14, 40), london(2026, 11, 23, 2, 40)),
    (EVENING_GMT, "at about 6", london(2026, 11, 23, 18, 0), london(2026, 11, 23, 6, 0)),
    (EVENING_GMT, "about 8", london(2026, 11, 23, 8, 0), london(2026, 11, 22, 20, 0)),
    (EVENING_GMT, "around 6:30", london(2026, 11, 23, 18, 30), london(2026, 11, 23, 6, 30)),
    (EVENING_GMT, "just after 6", london(2026, 11, 23, 18, 0), london(2026, 11, 23, 6, 0)),
    (EVENING_GMT, "just gone 6", london(2026, 11, 23, 18, 0), london(2026, 11, 23, 6, 0)),
    (EVENING_GMT, "6ish", london(2026, 11, 23, 18, 0), london(2026, 11, 23, 6, 0)),
    (EVENING_GMT, "6-ish", london(2026, 11, 23, 18, 0), london(2026, 11, 23, 6, 0)),
    (EVENING_GMT, "6 o'clock", london(2026, 11, 23, 18, 0), london(2026, 11, 23, 6, 0)),
    (EVENING_GMT, "5:30", london(2026, 11, 23, 17, 30), london(2026, 11, 23, 5, 30)),
    (EVENING_GMT, "yesterday at half 5", london(2026, 11, 22, 17, 30), london(2026, 11, 22, 5, 30)),
    (EVENING_GMT, "21/11 about 6", london(2026, 11, 21, 18, 0), london(2026, 11, 21, 6, 0)),
    (MORNING_GMT, "9.15", london(2026, 11, 23, 9, 15), london(2026, 11, 22, 21, 15)),
    (MORNING_GMT, "about 10", london(2026, 11, 22, 22, 0), london(2026, 11, 22, 10, 0)),
    (EVENING_BST, "half 5", london(2026, 7, 15, 17, 30), london(2026, 7, 15, 5, 30)),
    # Around midnight: the evening that just passed is yesterday's.
    (AFTER_MIDNIGHT, "half 11", london(2026, 11, 23, 23, 30), london(2026, 11, 23, 11, 30)),
    (AFTER_MIDNIGHT, "quarter to 12", london(2026, 11, 23, 23, 45), london(2026, 11, 23, 11, 45)),
    (london(2026, 11, 24, 0, 40), "half 12", london(2026, 11, 24, 0, 30),
     london(2026, 11, 23, 12, 30)),
    # Clock changes: each reading gets the offset of its own day and hour.
    (SPRING_CHANGE_NOW, "half 9", london(2026, 3, 29, 9, 30), london(2026, 3, 28, 21, 30)),
    (AUTUMN_CHANGE_NOW, "quarter past 1", datetime(2026, 10, 25, 1, 15, tzinfo=UTC),
     london(2026, 10, 24, 13, 15)),
]  # fmt: skip


@pytest.mark.parametrize(("now", "typed", "taken", "other"), READ)
def test_clock_times_without_am_pm_take_the_reading_that_just_passed(
    now: datetime, typed: str, taken: datetime, other: datetime
) -> None:
    answer = parse_discovery(typed, now)
    assert answer.problem is None
    assert answer.at == taken
    assert answer.alternative == other


UNAMBIGUOUS = [
    (EVENING_GMT, "around 10 minutes ago", london(2026, 11, 23, 18, 44)),
    (EVENING_GMT, "roughly 10 mins ago", london(2026, 11, 23, 18, 44)),
    (EVENING_GMT, "about an hour ago", london(2026, 11, 23, 17, 54)),
    (EVENING_GMT, "about half an hour ago", london(2026, 11, 23, 18, 24)),
    (EVENING_GMT, "just now", london(2026, 11, 23, 18, 54)),
    (EVENING_GMT, "about 6pm", london(2026, 11, 23, 18, 0)),
    (EVENING_GMT, "06:30", london(2026, 11, 23, 6, 30)),  # 24-hour: fits once a day
    (EVENING_GMT, "17:30", london(2026, 11, 23, 17, 30)),
    (EVENING_GMT, "half 5 this morning", london(2026, 11, 23, 5, 30)),
    (EVENING_GMT, "this evening at half 5", london(2026, 11, 23, 17, 30)),
    (EVENING_GMT, "yesterday at noon", london(2026, 11, 22, 12, 0)),
    (MORNING_GMT, "today at 8", london(2026, 11, 23, 8, 0)),  # 20:00 has not happened yet
]


@pytest.mark.parametrize(("now", "typed", "taken"), UNAMBIGUOUS)
def test_times_that_fit_once_offer_no_other_reading(
    now: datetime, typed: str, taken: datetime
) -> None:
    answer = parse_discovery(typed, now)
    assert answer.at == taken
    assert answer.alternative is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("earlier this morning", TimeProblem.NO_TIME), ("earlier", TimeProblem.NO_TIME),
     ("earlier today", TimeProblem.NO_TIME), ("a while ago", TimeProblem.NO_TIME),
     ("21/11", TimeProblem.NO_TIME),  # a day with no time: dateparser would say midnight
     ("about 20", TimeProblem.UNREADABLE),  # 20 minutes ago, or 20:00? Ask.
     ("6", TimeProblem.UNREADABLE), ("tomorrow at half 5", TimeProblem.FUTURE)],
)  # fmt: skip
def test_vague_or_impossible_times_are_asked_again(typed: str, problem: TimeProblem) -> None:
    answer = parse_discovery(typed, EVENING_GMT)
    assert answer.at is None
    assert answer.problem is problem


def test_a_time_still_to_come_today_is_the_future_in_both_halves() -> None:
    # 10:30 and 22:30 today are both still to come at 09:53.
    assert parse_discovery("today at half 10", MORNING_GMT).problem is TimeProblem.FUTURE


def test_about_8_is_never_the_8th_of_the_month() -> None:
    # dateparser alone reads "about 8" as 8 November 00:00, fifteen days out.
    assert parse_discovery("about 8", EVENING_GMT).at == london(2026, 11, 23, 8, 0)


@pytest.mark.parametrize(
    ("typed", "text", "hedged"),
    [("half 5", "5:30", False), ("about 8", "8:00", True), ("6ish", "6:00", True),
     ("quarter to 1", "12:45", False), ("five to twelve", "11:55", False),
     ("around 10 minutes ago", "10 minutes ago", True), ("6", "6", False)],
)  # fmt: skip
def test_idioms_are_rewritten_as_clock_times(typed: str, text: str, hedged: bool) -> None:
    assert rewrite(typed) == type(rewrite(typed))(text, hedged)


@pytest.mark.parametrize(
    ("hour", "word"),
    [(0, "night"), (4, "night"), (5, "morning"), (11, "morning"), (12, "afternoon"),
     (17, "afternoon"), (18, "evening"), (23, "evening")],
)  # fmt: skip
def test_one_word_picks_the_other_reading(hour: int, word: str) -> None:
    assert correction_word(hour) == word
    assert is_correction(word, hour)


@pytest.mark.parametrize(
    ("typed", "hour", "picks"),
    [("am", 5, True), ("pm", 5, False), ("morning", 17, False), ("evening", 17, True),
     ("pm", 17, True), ("night", 23, True), ("night", 9, False), ("adults", 5, False)],
)  # fmt: skip
def test_corrections_match_the_half_of_the_day(typed: str, hour: int, picks: bool) -> None:
    assert is_correction(typed, hour) is picks


NOWS = st.datetimes(
    min_value=datetime(2026, 3, 27), max_value=datetime(2026, 10, 27), timezones=st.just(UTC)
)


@settings(max_examples=200, deadline=None)
@given(NOWS, st.integers(1, 12), st.integers(0, 59))
def test_a_12_hour_time_is_always_the_most_recent_past_reading(
    now: datetime, hour: int, minute: int
) -> None:
    answer = parse_discovery(f"{hour}:{minute:02d}", now)
    assert answer.at is not None
    assert answer.at <= now
    if answer.at == now:  # a minute or two ahead: a phone clock running fast
        return
    local = answer.at.astimezone(LONDON)
    assert (local.hour % 12, local.minute) == (hour % 12, minute)
    # No reading of the same wall-clock time lies between the one taken and now.
    step = now.replace(second=0, microsecond=0)
    while step > answer.at + timedelta(minutes=1):
        seen = step.astimezone(LONDON)
        assert not ((seen.hour % 12, seen.minute) == (hour % 12, minute) and step <= now)
        step -= timedelta(minutes=1)
    if answer.alternative is not None:
        other = answer.alternative.astimezone(LONDON)
        assert answer.alternative < answer.at
        assert (other.hour >= 12) != (local.hour >= 12)
        assert (other.hour % 12, other.minute) == (hour % 12, minute)
