"""Deadlines and reminders. Times are stored in UTC and shown in Europe/London.

Durations are elapsed time: "72 hours" is 72 real hours even across a change between
GMT and BST, so the wall-clock time shown in London may differ by an hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from bot.domain.clock import ensure_utc
from bot.domain.errors import DomainError

_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class ClockSettings:
    """The organisation's time limits.

    Attributes:
        report_window: How soon staff must report after discovery (policy 1a: 1 hour).
        ack_timeout: How long a DPO has to acknowledge before the next person is asked.
        ico_window: How long after becoming aware a high-risk breach must reach the ICO.
        abandon_timeout: Idle time after which an unfinished report is filed as incomplete.
        ico_reminders: Elapsed times after becoming aware at which reminders go out.
    """

    report_window: timedelta = timedelta(minutes=60)
    ack_timeout: timedelta = timedelta(minutes=15)
    ico_window: timedelta = timedelta(hours=72)
    abandon_timeout: timedelta = timedelta(minutes=10)
    ico_reminders: tuple[timedelta, ...] = (
        timedelta(hours=24),
        timedelta(hours=48),
        timedelta(hours=66),
    )

    def __post_init__(self) -> None:
        for name in ("report_window", "ack_timeout", "ico_window", "abandon_timeout"):
            if getattr(self, name) <= timedelta():
                raise DomainError(f"{name} must be positive")
        if any(not timedelta() < r < self.ico_window for r in self.ico_reminders):
            raise DomainError("ico_reminders must fall inside the ICO window")
        if list(self.ico_reminders) != sorted(set(self.ico_reminders)):
            raise DomainError("ico_reminders must be in increasing order without repeats")


DEFAULT_CLOCKS = ClockSettings()
"""The policy's limits: report within 60 min, acknowledge in 15, ICO within 72 h."""


@cache
def london() -> ZoneInfo:
    """The Europe/London time zone (from the ``tzdata`` package when the OS has none)."""
    return ZoneInfo("Europe/London")


def to_london(at: datetime) -> datetime:
    """``at`` as UK local time (GMT in winter, BST in summer)."""
    return ensure_utc(at, "time").astimezone(london())


def from_london(local: datetime) -> datetime:
    """A UK wall-clock time (naive, as a person types it) as a UTC instant.

    In the repeated hour when the clocks go back, the earlier instant is taken: for a
    discovery time that gives the stricter deadline.

    Raises:
        DomainError: when ``local`` already has a time zone, or falls in the hour skipped
            when the clocks go forward.
    """
    if local.tzinfo is not None:
        raise DomainError("expected a UK wall-clock time without a time zone")
    aware = local.replace(tzinfo=london(), fold=0)
    as_utc = aware.astimezone(UTC)
    if as_utc.astimezone(london()).replace(tzinfo=None) != local:
        raise DomainError("that time does not exist in the UK (the clocks went forward)")
    return as_utc


def format_london(at: datetime) -> str:
    """A UK reader's rendering, e.g. ``"Sun 29 Mar 2026 03:30 BST"``."""
    return to_london(at).strftime("%a %d %b %Y %H:%M %Z")


def report_deadline(discovered_at: datetime, clocks: ClockSettings = DEFAULT_CLOCKS) -> datetime:
    """When a report is due: discovery plus the report window (policy 1a)."""
    return ensure_utc(discovered_at, "discovered_at") + clocks.report_window


def minutes_late(
    discovered_at: datetime, reported_at: datetime, clocks: ClockSettings = DEFAULT_CLOCKS
) -> int:
    """Whole minutes (rounded up) by which a report missed its deadline; 0 when on time."""
    late = ensure_utc(reported_at, "reported_at") - report_deadline(discovered_at, clocks)
    if late <= timedelta():
        return 0
    return math.ceil(late / _MINUTE)


def ico_deadline(became_aware_at: datetime, clocks: ClockSettings = DEFAULT_CLOCKS) -> datetime:
    """When the ICO must have been told about a high-risk breach (policy 5a)."""
    return ensure_utc(became_aware_at, "became_aware_at") + clocks.ico_window


def ico_reminder_times(
    became_aware_at: datetime, clocks: ClockSettings = DEFAULT_CLOCKS
) -> tuple[datetime, ...]:
    """When ICO reminders are due (by default 24 h, 48 h and 66 h after becoming aware)."""
    start = ensure_utc(became_aware_at, "became_aware_at")
    return tuple(start + offset for offset in clocks.ico_reminders)


def ack_due(reported_at: datetime, clocks: ClockSettings = DEFAULT_CLOCKS) -> datetime:
    """When an unacknowledged breach goes to the next person."""
    return ensure_utc(reported_at, "reported_at") + clocks.ack_timeout


def abandon_due(last_activity_at: datetime, clocks: ClockSettings = DEFAULT_CLOCKS) -> datetime:
    """When an unfinished report is filed as incomplete if the reporter says nothing more."""
    return ensure_utc(last_activity_at, "last_activity_at") + clocks.abandon_timeout


def minutes_left(deadline: datetime, now: datetime) -> int:
    """Whole minutes until ``deadline`` (rounded down); negative once it has passed."""
    remaining = ensure_utc(deadline, "deadline") - ensure_utc(now, "now")
    return math.floor(remaining / _MINUTE)


def describe_minutes(minutes: int) -> str:
    """``"2 h 05 min left"`` or ``"1 h 10 min overdue"``, for cards and reminders."""
    hours, mins = divmod(abs(minutes), 60)
    text = f"{hours} h {mins:02d} min" if hours else f"{mins} min"
    return f"{text} overdue" if minutes < 0 else f"{text} left"
