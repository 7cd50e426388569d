"""Reading discovery times in carers' words, in London time, across BST, GMT and clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.conversation.when import (
    TimeProblem,
    clock_label,
    describe_discovery,
    parse_discovery,
    span,
)
from bot.domain.conversation.window import late_words, minutes_late, minutes_left, window_line
from tests.unit.conversation.conftest import (
    AUTUMN_CHANGE_NOW,
    BST_NOW,
    GMT_NOW,
    SPRING_CHANGE_NOW,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


ACCEPTED = [
    # GMT: London time is UTC.
    (GMT_NOW, "10 minutes ago", utc(2026, 11, 23, 9, 43)),
    (GMT_NOW, "10 mins ago", utc(2026, 11, 23, 9, 43)),
    (GMT_NOW, "10m ago", utc(2026, 11, 23, 9, 43)),
    (GMT_NOW, "45 minutes", utc(2026, 11, 23, 9, 8)),
    (GMT_NOW, "an hour ago", utc(2026, 11, 23, 8, 53)),
    (GMT_NOW, "half an hour ago", utc(2026, 11, 23, 9, 23)),
    (GMT_NOW, "1 hour 20 minutes ago", utc(2026, 11, 23, 8, 33)),
    (GMT_NOW, "just now", utc(2026, 11, 23, 9, 53)),
    (GMT_NOW, "Now.", utc(2026, 11, 23, 9, 53)),
    (GMT_NOW, "today at 9:15", utc(2026, 11, 23, 9, 15)),
    (GMT_NOW, "Today at 9.15", utc(2026, 11, 23, 9, 15)),
    (GMT_NOW, "9.15", utc(2026, 11, 23, 9, 15)),
    (GMT_NOW, "9:15am", utc(2026, 11, 23, 9, 15)),
    (GMT_NOW, "this morning at 8", utc(2026, 11, 23, 8, 0)),
    (GMT_NOW, "today at 8", utc(2026, 11, 23, 8, 0)),
    (GMT_NOW, "yesterday 14:00", utc(2026, 11, 22, 14, 0)),
    (GMT_NOW, "yesterday at 2pm", utc(2026, 11, 22, 14, 0)),
    (GMT_NOW, "yesterday at 9.15pm", utc(2026, 11, 22, 21, 15)),
    (GMT_NOW, "last night at 11", utc(2026, 11, 22, 23, 0)),
    (GMT_NOW, "2pm", utc(2026, 11, 22, 14, 0)),  # a bare time still to come today = yesterday
    (GMT_NOW, "21:00", utc(2026, 11, 22, 21, 0)),
    (GMT_NOW, "21/11 14:00", utc(2026, 11, 21, 14, 0)),  # day first
    (GMT_NOW, "11:54", utc(2026, 11, 22, 23, 54)),  # no am/pm: the reading that just passed
    # BST: London is UTC+1.
    (BST_NOW, "today at 9:15", utc(2026, 7, 15, 8, 15)),
    (BST_NOW, "9.15", utc(2026, 7, 15, 8, 15)),
    (BST_NOW, "10 minutes ago", utc(2026, 7, 15, 8, 43)),
    (BST_NOW, "yesterday 14:00", utc(2026, 7, 14, 13, 0)),
    # Spring change (29 March 2026): yesterday was GMT, today is BST.
    (SPRING_CHANGE_NOW, "yesterday 14:00", utc(2026, 3, 28, 14, 0)),
    (SPRING_CHANGE_NOW, "today at 00:30", utc(2026, 3, 29, 0, 30)),
    (SPRING_CHANGE_NOW, "today at 9:15", utc(2026, 3, 29, 8, 15)),
    (SPRING_CHANGE_NOW, "2 hours ago", utc(2026, 3, 29, 7, 53)),
    # Autumn change (25 October 2026), 01:20 GMT: the wall clock already showed 01:20 once.
    (AUTUMN_CHANGE_NOW, "30 minutes ago", utc(2026, 10, 25, 0, 50)),
    (AUTUMN_CHANGE_NOW, "1 hour 20 minutes ago", utc(2026, 10, 25, 0, 0)),
    (AUTUMN_CHANGE_NOW, "yesterday 14:00", utc(2026, 10, 24, 13, 0)),
    (AUTUMN_CHANGE_NOW, "21:00", utc(2026, 10, 24, 20, 0)),
]


@pytest.mark.parametrize(("now", "text", "expected"), ACCEPTED)
def test_accepted_phrasings(now: datetime, text: str, expected: datetime) -> None:
    answer = parse_discovery(text, now)
    assert answer.problem is None
    assert answer.at == expected


REFUSED = [
    (GMT_NOW, "in 10 minutes", TimeProblem.FUTURE),
    (GMT_NOW, "tomorrow 9:00", TimeProblem.FUTURE),
    (GMT_NOW, "today at 11:00", TimeProblem.FUTURE),
    (GMT_NOW, "this morning", TimeProblem.NO_TIME),
    (GMT_NOW, "yesterday", TimeProblem.NO_TIME),
    (GMT_NOW, "banana", TimeProblem.UNREADABLE),
    (GMT_NOW, "", TimeProblem.UNREADABLE),
    (GMT_NOW, "   ", TimeProblem.UNREADABLE),
    (GMT_NOW, "20", TimeProblem.UNREADABLE),  # 20 minutes ago, or 20:00?
    (GMT_NOW, "99:99", TimeProblem.UNREADABLE),
    (GMT_NOW, "a few minutes ago", TimeProblem.UNREADABLE),
    (GMT_NOW, "1/10 09:00", TimeProblem.TOO_OLD),
    (BST_NOW, "today at 21:00", TimeProblem.FUTURE),
    (
        GMT_NOW,
        "10 minutes ago, when I " + "noticed the folder was gone " * 4,
        TimeProblem.UNREADABLE,
    ),
]


@pytest.mark.parametrize(("now", "text", "problem"), REFUSED)
def test_refused_phrasings(now: datetime, text: str, problem: TimeProblem) -> None:
    answer = parse_discovery(text, now)
    assert answer.at is None
    assert answer.problem is problem


def test_a_minute_ahead_is_clock_skew_not_the_future() -> None:
    answer = parse_discovery("9:54", GMT_NOW)
    assert answer.at == GMT_NOW


def test_the_oldest_accepted_time_is_configurable() -> None:
    assert parse_discovery("2 days ago", GMT_NOW, max_age=timedelta(days=1)).problem is (
        TimeProblem.TOO_OLD
    )
    assert parse_discovery("2 days ago", GMT_NOW).at == GMT_NOW - timedelta(days=2)


@pytest.mark.parametrize(
    ("at", "now", "said"),
    [
        (utc(2026, 11, 23, 9, 15), GMT_NOW, "09:15 today — 38 minutes ago"),
        (utc(2026, 7, 15, 8, 15), BST_NOW, "09:15 today — 38 minutes ago"),
        (utc(2026, 11, 22, 14, 0), GMT_NOW, "14:00 yesterday — 19 hours 53 minutes ago"),
        (utc(2026, 11, 21, 14, 0), GMT_NOW, "14:00 on Sat 21 Nov — 1 day 19 hours ago"),
        (GMT_NOW, GMT_NOW, "09:53 today — just now"),
        (utc(2026, 10, 25, 0, 50), AUTUMN_CHANGE_NOW, "01:50 today — 30 minutes ago"),
        (utc(2026, 3, 28, 14, 0), SPRING_CHANGE_NOW, "14:00 yesterday — 19 hours 53 minutes ago"),
    ],
)
def test_times_are_said_back_in_london_time(at: datetime, now: datetime, said: str) -> None:
    assert describe_discovery(at, now) == said


def test_clock_label_uses_the_london_date_not_the_utc_date() -> None:
    # 23:30 UTC on 14 July is 00:30 BST on 15 July: "today" in London.
    assert clock_label(utc(2026, 7, 14, 23, 30), BST_NOW) == "00:30 today"


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(0, "0 minutes"), (1, "1 minute"), (60, "1 hour"), (80, "1 hour 20 minutes"),
     (1500, "1 day 1 hour"), (2880, "2 days")],
)  # fmt: skip
def test_span_in_words(minutes: int, words: str) -> None:
    assert span(minutes) == words


def test_window_counts_down_and_then_says_late_kindly() -> None:
    found = utc(2026, 11, 23, 9, 15)
    assert minutes_left(found, GMT_NOW) == 22
    assert "22 minutes" in window_line(found, GMT_NOW)
    assert "Less than a minute" in window_line(found, found + timedelta(minutes=59, seconds=30))
    late_line = window_line(found, found + timedelta(minutes=75))
    assert "has passed" in late_line
    assert "still taken" in late_line


@pytest.mark.parametrize(
    ("after", "late"),
    [(timedelta(minutes=59), 0), (timedelta(minutes=60), 0),
     (timedelta(minutes=60, seconds=10), 1), (timedelta(minutes=95), 35)],
)  # fmt: skip
def test_minutes_late_rounds_up(after: timedelta, late: int) -> None:
    found = utc(2026, 11, 23, 9, 0)
    assert minutes_late(found, found + after) == late


def test_late_words_never_blame() -> None:
    words = late_words(35).casefold()
    assert "35 minutes" in words
    assert "thank you" in words
    for blame in ("fail", "should have", "too late", "disciplin"):
        assert blame not in words
