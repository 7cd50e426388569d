"""Reading "when was it discovered?" in a carer's words, and saying times back.

dateparser does the reading. It is asked for the London *wall-clock* time, which is then
given its UTC offset here with ``zoneinfo``: dateparser's own time-zone-aware output
stamps the offset of *now* on the result, which is an hour out for "yesterday 14:00"
asked on the day the clocks change. Relative answers ("40 minutes ago") are turned into
a duration and subtracted from the real UTC ``now``, so they stay exact across the
change too. UK idioms ("half 5", "about 8", "6ish") are rewritten first (``idioms``);
a clock time without am/pm is read as whichever of its two readings just passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import dateparser

from bot.domain.conversation import idioms
from bot.domain.conversation.model import LONDON

MAX_AGE = timedelta(days=30)
"""Older discovery times are re-asked: most likely a typo in the date."""

MAX_LENGTH = 80
"""A time answer longer than this is a sentence about something else; ask again."""

FUTURE_TOLERANCE = timedelta(minutes=2)
"""A time this little ahead of ``now`` is clock skew or "about now", not the future."""

_NOW_PHRASES = frozenset(
    {"now", "just now", "right now", "just", "a moment ago", "moments ago", "this minute"}
)
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(?:an|one) hour and a half\b|\b(?:1\.5|one and a half) hours?\b"),
        "90 minutes",
    ),
    (re.compile(r"\bhalf an hour\b|\bhalf hour\b"), "30 minutes"),
    (re.compile(r"\b(?:a )?quarter (?:of an )?hour\b"), "15 minutes"),
    (re.compile(r"\b(?:noon|midday)\b"), "12:00pm"),  # pm: noon fits once a day
    (re.compile(r"\bmidnight\b"), "00:00"),
    # "9.15" is how many people write a time on a phone keypad.
    (re.compile(r"(?<![\d./])([01]?\d|2[0-3])\.([0-5]\d)(?![\d./])"), r"\1:\2"),
)
_PERIOD = re.compile(r"\b(this morning|this afternoon|this evening|tonight|last night)\b")
_BARE_HOUR = re.compile(
    r"(?<![\d:/])(\d{1,2})(?![\d:/]|\s*(?:am|pm|s|secs?|m|mins?|minutes?|h|hrs?|hours?|days?)\b)"
)
_NO_MERIDIEM = re.compile(r"\b(\d{1,2}):(\d{2})(?!\s*(?:am|pm))")
_CLOCK = re.compile(r"\d:\d|\d\s*(?:am|pm)\b|o'?clock")
_DAY_WORDS = re.compile(
    r"yesterday|today|tomorrow|tonight|last night|morning|afternoon|evening|/|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
)
_VAGUE = re.compile(r"\b(?:earlier|before|sometime|a while ago)\b")
_UNITS = re.compile(r"\b(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)\b")


class TimeProblem(StrEnum):
    """Why a discovery time was not accepted; each gets its own re-ask."""

    UNREADABLE = "unreadable"
    NO_TIME = "no_time"
    FUTURE = "future"
    TOO_OLD = "too_old"


@dataclass(frozen=True, slots=True)
class TimeAnswer:
    """The result of reading a discovery time: a UTC time or a problem, never both.

    Attributes:
        at: The time taken (UTC).
        problem: Why no time was taken.
        alternative: The other plausible reading (UTC) of a clock time said without
            am/pm ("half 5": 05:30 when 17:30 was taken), if it is within range.
    """

    at: datetime | None = None
    problem: TimeProblem | None = None
    alternative: datetime | None = None


def parse_discovery(
    text: str, now: datetime, tz: str = LONDON, max_age: timedelta = MAX_AGE
) -> TimeAnswer:
    """Read when a breach was discovered.

    Args:
        text: The reporter's words, e.g. ``"10 minutes ago"``, ``"yesterday 14:00"``,
            ``"half 5"``.
        now: The current time (timezone-aware).
        tz: The zone the reporter means (IANA name).
        max_age: Answers further back than this are refused as likely typos.

    Returns:
        The time in UTC (with the other reading of a 12-hour time), or the reason it
        could not be accepted.
    """
    cleaned, period = _normalise(text[:MAX_LENGTH])
    if not cleaned or len(text) > MAX_LENGTH:
        return TimeAnswer(problem=TimeProblem.UNREADABLE)
    if cleaned in _NOW_PHRASES:
        return TimeAnswer(at=now.astimezone(UTC))
    if re.fullmatch(r"\d{1,2}", cleaned):  # "20": minutes ago, or 20:00? Ask.
        return TimeAnswer(problem=TimeProblem.UNREADABLE)
    if _VAGUE.search(cleaned) and not re.search(r"\d", cleaned):
        return TimeAnswer(problem=TimeProblem.NO_TIME)  # "earlier", "a while ago"
    relative = _is_relative(cleaned)
    if not relative and not _CLOCK.search(cleaned):
        # "this morning", "yesterday", "21/11": dateparser would invent a time of day.
        vague = _DAY_WORDS.search(cleaned) or period
        return TimeAnswer(problem=TimeProblem.NO_TIME if vague else TimeProblem.UNREADABLE)
    zone = ZoneInfo(tz)
    clock = None if relative or period else idioms.twelve_hour_clock(cleaned)
    if clock is not None:
        return _either_half(cleaned, clock, now, zone, max_age)
    at = _read(cleaned, now, zone)
    if at is None:
        return TimeAnswer(problem=TimeProblem.UNREADABLE)
    if not _DAY_WORDS.search(cleaned) and now < at + timedelta(days=1) <= now + FUTURE_TOLERANCE:
        # A bare "21:54" typed at 21:53 is a phone clock running fast, not yesterday.
        at = now
    return _check_range(at, now.astimezone(UTC), max_age)


def _either_half(
    cleaned: str, clock: tuple[int, int], now: datetime, zone: ZoneInfo, max_age: timedelta
) -> TimeAnswer:
    """A time without am/pm: the most recent past reading, and the other one."""
    today = now.astimezone(zone).date()
    days: tuple[date, ...] = (today, today - timedelta(days=1))
    if _DAY_WORDS.search(cleaned):  # "yesterday 5:30", "21/11 5:30": that day only
        on = _read(cleaned, now, zone)
        if on is None:
            return TimeAnswer(problem=TimeProblem.UNREADABLE)
        days = (on.astimezone(zone).date(),)
    readings = idioms.latest_readings(clock, days, now, zone, FUTURE_TOLERANCE)
    if readings.taken is None:
        return TimeAnswer(problem=TimeProblem.FUTURE)
    answer = _check_range(readings.taken, now.astimezone(UTC), max_age)
    other = readings.other
    if answer.at is None or other is None or now - other > max_age:
        return answer
    return replace(answer, alternative=other)


def _normalise(text: str) -> tuple[str, bool]:
    """The answer in words dateparser reads, and whether it named a part of the day."""
    cleaned = idioms.rewrite(" ".join(text.casefold().split()).strip(" .!")).text
    for pattern, replacement in _REWRITES:
        cleaned = pattern.sub(replacement, cleaned)
    period = _PERIOD.search(cleaned)
    if period:
        day = "yesterday" if period.group(1) == "last night" else "today"
        cleaned = _PERIOD.sub(day, cleaned, count=1)
    if _DAY_WORDS.search(cleaned) or re.search(r"\bat\b", cleaned):
        # dateparser drops a bare hour ("today at 8" comes back as the current time).
        cleaned = _BARE_HOUR.sub(lambda m: _hour(m.group(1)), cleaned)
    if period and period.group(1) != "this morning":
        earliest = 1 if period.group(1) == "this afternoon" else 5
        cleaned = _NO_MERIDIEM.sub(lambda m: _afternoon(m, earliest), cleaned)
    return cleaned, period is not None


def _hour(digits: str) -> str:
    return f"{digits}:00" if int(digits) <= 23 else digits


def _afternoon(match: re.Match[str], earliest: int) -> str:
    hour = int(match.group(1))
    pm = "pm" if earliest <= hour <= 11 else ""
    return f"{match.group(1)}:{match.group(2)}{pm}"


def _read(cleaned: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    base = now.astimezone(zone).replace(tzinfo=None)
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": base,
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if _is_relative(cleaned):
        return now.astimezone(UTC) - (base - parsed)
    return parsed.replace(tzinfo=zone).astimezone(UTC)


def _is_relative(cleaned: str) -> bool:
    if _CLOCK.search(cleaned) or _DAY_WORDS.search(cleaned):
        return False
    return bool(_UNITS.search(cleaned)) or "ago" in cleaned.split()


def _check_range(at: datetime, now: datetime, max_age: timedelta) -> TimeAnswer:
    if at > now + FUTURE_TOLERANCE:
        return TimeAnswer(problem=TimeProblem.FUTURE)
    if at > now:
        return TimeAnswer(at=now)
    if now - at > max_age:
        return TimeAnswer(problem=TimeProblem.TOO_OLD)
    return TimeAnswer(at=at.replace(second=0, microsecond=0))


def clock_label(at: datetime, now: datetime, tz: str = LONDON) -> str:
    """Say a time the way a reporter reads it: ``"09:15 today"``, ``"14:00 yesterday"``.

    Older times get the date: ``"14:00 on Sat 24 Oct"``.
    """
    zone = ZoneInfo(tz)
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    hhmm = local.strftime("%H:%M")
    if local.date() == today:
        return f"{hhmm} today"
    if local.date() == today - timedelta(days=1):
        return f"{hhmm} yesterday"
    return f"{hhmm} on {local.strftime('%a')} {local.day} {local.strftime('%b')}"


def ago(at: datetime, now: datetime) -> str:
    """How long ago, in words: ``"just now"``, ``"38 minutes ago"``, ``"2 hours 5 minutes ago"``."""
    minutes = int((now - at).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    return f"{span(minutes)} ago"


def span(minutes: int) -> str:
    """Minutes in words: ``"1 minute"``, ``"1 hour 20 minutes"``, ``"2 days 3 hours"``."""
    days, rest = divmod(max(minutes, 0), 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        parts = [_plural(days, "day"), _plural(hours, "hour") if hours else ""]
    else:
        parts = [_plural(hours, "hour") if hours else "", _plural(mins, "minute") if mins else ""]
    return " ".join(p for p in parts if p) or "0 minutes"


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def describe_discovery(at: datetime, now: datetime, tz: str = LONDON) -> str:
    """The confirmation line: ``"09:15 today — 38 minutes ago"``."""
    return f"{clock_label(at, now, tz)} — {ago(at, now)}"
