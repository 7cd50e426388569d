"""Where the domain gets the time from: an injected clock, always timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from bot.domain.errors import DomainError


@runtime_checkable
class Clock(Protocol):
    """A source of the current time."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant from the operating system, in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to; for tests and simulations.

    Args:
        start: The first instant the clock shows; must be timezone-aware.
    """

    def __init__(self, start: datetime) -> None:
        self._now = ensure_utc(start, "start")

    def now(self) -> datetime:
        """The instant the clock was last set to."""
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move the clock forward.

        Args:
            delta: How far to move.
            **kwargs: Alternatively, ``timedelta`` keywords (``minutes=5``).

        Returns:
            The new current instant.

        Raises:
            DomainError: when asked to move backwards.
        """
        step = (delta or timedelta()) + timedelta(**kwargs)
        if step < timedelta():
            raise DomainError("a clock cannot move backwards")
        self._now += step
        return self._now

    def set(self, instant: datetime) -> None:
        """Jump to ``instant`` (which may be earlier, to replay a scenario)."""
        self._now = ensure_utc(instant, "instant")


FixedClock = ManualClock
"""Alias: a manual clock that a test simply never advances."""


def ensure_utc(value: datetime, field: str) -> datetime:
    """Return ``value`` converted to UTC, refusing naive datetimes.

    Args:
        value: The instant to check.
        field: The field name used in the error message.

    Raises:
        DomainError: when ``value`` has no timezone.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise DomainError(f"{field} must be timezone-aware")
    return value.astimezone(UTC)
