"""UK ways of saying a time that dateparser does not read, and 12-hour clock readings.

dateparser reads "today at 9:15" or "40 minutes ago" well, but not "half 5", "quarter to
9", "6ish" or "about 8" (which it reads as the 8th of the month). ``rewrite`` turns those
into plain clock times ("5:30", "8:45", "6:00", "8:00") before dateparser sees them.

A clock time said without am/pm ("half 5", "6:00", "at about 6") fits twice a day.
``latest_readings`` gives the most recent past one (05:30 or 17:30, whichever just
passed) and the other, so the reporter can be told which was taken and correct it in one
word (``correction_word``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

_HOUR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_MINUTE_WORDS = {"five": 5, "ten": 10, "twenty": 20, "twenty five": 25, "twenty-five": 25}
_HOUR = r"(1[0-2]|0?[1-9]|" + "|".join(_HOUR_WORDS) + r")"
_MINUTES = r"(5|10|20|25|five|ten|twenty(?:[- ]five)?)"

_HEDGE = re.compile(
    r"\b(?:(?:at|from)\s+)?(?:about|around|roughly|approx(?:imately|\.)?|circa|"
    r"sometime(?:\s+around)?|(?:just|shortly|a\s+bit|a\s+little|not\s+long)\s+"
    r"(?:after|before|gone)|just\s+gone|gone)\s+"
)
_ISH = re.compile(r"(\d)\s*-?\s*ish\b|\bor\s+so\b")
_OCLOCK = re.compile(r"\b" + _HOUR + r"\s*o'?\s?clock\b")
_HALF = re.compile(r"\bhalf\s+(?:past\s+)?" + _HOUR + r"\b")
_QUARTER = re.compile(r"\b(?:a\s+)?quarter\s+(past|after|to|of)\s+" + _HOUR + r"\b")
_PAST_TO = re.compile(
    r"\b" + _MINUTES + r"(?:\s+min(?:ute)?s?)?\s+(past|after|to)\s+" + _HOUR + r"\b"
)
_BARE = re.compile(r"^(?:at\s+)?" + _HOUR + r"$")
_TWELVE_HOUR = re.compile(r"(?<![\d:])([1-9]|1[0-2]):([0-5]\d)(?!\s*(?:am|pm|\d))")


@dataclass(frozen=True, slots=True)
class Rewritten:
    """A time answer in words dateparser reads.

    Attributes:
        text: The rewritten answer.
        hedged: True when it said "about", "around", "-ish" and the like.
    """

    text: str
    hedged: bool


def rewrite(cleaned: str) -> Rewritten:
    """Turn UK time idioms into clock times: "half 5" → "5:30", "about 8" → "8:00".

    Args:
        cleaned: The answer, lower-case with single spaces.
    """
    text, hedges = _HEDGE.subn(lambda m: "at " if m.group().startswith("at") else "", cleaned)
    text, ishes = _ISH.subn(lambda m: m.group(1) or "", text)
    text = _OCLOCK.sub(lambda m: f"{_hour(m.group(1))}:00", text)
    text = _HALF.sub(lambda m: f"{_hour(m.group(1))}:30", text)
    text = _QUARTER.sub(_quarter, text)
    text = _PAST_TO.sub(_past_to, text)
    text = " ".join(text.split())
    hedged = bool(hedges or ishes)
    bare = _BARE.fullmatch(text)
    if hedged and bare:  # "about 6", "6ish": an hour (a bare "6" alone stays unclear)
        text = f"{_hour(bare.group(1))}:00"
    return Rewritten(text, hedged)


def _hour(word: str) -> int:
    return _HOUR_WORDS.get(word) or int(word)


def _before(hour: int, minutes: int) -> str:
    """``minutes`` to ``hour`` on a 12-hour clock: 15 to 1 is 12:45."""
    previous = hour - 1 if hour > 1 else 12
    return f"{previous}:{60 - minutes:02d}"


def _quarter(match: re.Match[str]) -> str:
    hour = _hour(match.group(2))
    if match.group(1) in ("to", "of"):
        return _before(hour, 15)
    return f"{hour}:15"


def _past_to(match: re.Match[str]) -> str:
    word, direction, hour = match.group(1), match.group(2), _hour(match.group(3))
    minutes = _MINUTE_WORDS.get(word.replace("-", " ")) or int(word)
    return _before(hour, minutes) if direction == "to" else f"{hour}:{minutes:02d}"


def twelve_hour_clock(text: str) -> tuple[int, int] | None:
    """The (hour, minute) of the one clock time in ``text`` that has no am/pm.

    "5:30" and "6:00" count; "05:30", "17:30", "00:30" and "5:30pm" do not (a 24-hour or
    marked time fits once a day). ``None`` when there is no such time, or several.
    """
    found = _TWELVE_HOUR.findall(text)
    if len(found) != 1 or len(re.findall(r"\d:\d", text)) != 1:
        return None
    hour, minute = found[0]
    return int(hour), int(minute)


@dataclass(frozen=True, slots=True)
class Readings:
    """The readings of a 12-hour time that have already happened, newest first.

    Attributes:
        taken: The most recent past reading (UTC), or ``None`` if none has happened.
        other: The most recent reading in the other half of the day (UTC), if any.
    """

    taken: datetime | None
    other: datetime | None


def latest_readings(
    clock: tuple[int, int], days: tuple[date, ...], now: datetime, zone: ZoneInfo, ahead: timedelta
) -> Readings:
    """The most recent past readings of ``clock`` on ``days``, am and pm, London wall time.

    Args:
        clock: (hour 1-12, minute).
        days: The local dates it may be on (today and yesterday when none was said).
        now: The current time.
        zone: The reporter's zone.
        ahead: How far after ``now`` still counts as now (a phone clock running fast).
    """
    hour, minute = clock
    limit = now.astimezone(UTC) + ahead
    past = sorted(
        (at for at in _candidates(hour % 12, minute, days, zone) if at <= limit), reverse=True
    )
    if not past:
        return Readings(None, None)
    taken = past[0]
    half = taken.astimezone(zone).hour >= 12
    other = next((at for at in past if (at.astimezone(zone).hour >= 12) != half), None)
    return Readings(taken, other)


def _candidates(hour: int, minute: int, days: tuple[date, ...], zone: ZoneInfo) -> set[datetime]:
    found: set[datetime] = set()
    for day in days:
        for h in (hour, hour + 12):
            for fold in (0, 1):  # the autumn change shows 01:00-01:59 twice
                local = datetime(day.year, day.month, day.day, h, minute, fold=fold, tzinfo=zone)
                at = local.astimezone(UTC)
                if at.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
                    found.add(at)  # else it never showed on the clock (spring change)
    return found


_AM_WORDS = frozenset({"am", "a.m", "a.m.", "morning", "in the morning", "this morning"})
_PM_WORDS = frozenset(
    {"pm", "p.m", "p.m.", "afternoon", "evening", "in the afternoon", "in the evening",
     "this afternoon", "this evening"}
)  # fmt: skip
_NIGHT_WORDS = frozenset({"night", "at night", "in the night", "last night", "overnight"})


def correction_word(local_hour: int) -> str:
    """The one word that picks a reading at this hour: morning, afternoon, evening, night."""
    if local_hour < 5:
        return "night"
    if local_hour < 12:
        return "morning"
    return "afternoon" if local_hour < 18 else "evening"


def is_correction(cleaned: str, local_hour: int) -> bool:
    """True when ``cleaned`` picks the reading at ``local_hour`` ("morning", "am", ...)."""
    if cleaned == correction_word(local_hour):
        return True
    if cleaned in _NIGHT_WORDS:
        return local_hour < 5 or local_hour >= 20
    return cleaned in (_AM_WORDS if local_hour < 12 else _PM_WORDS)
