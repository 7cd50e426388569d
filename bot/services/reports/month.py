"""Calendar months in UK time, as the monthly review uses them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.clocks import london

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class ReportError(ValueError):
    """Bad input for a report (a malformed or future month); the message is one line."""


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month in UK time."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``YYYY-MM``.

        Raises:
            ReportError: when ``text`` is not a real month in that form.
        """
        match = _MONTH.fullmatch(text.strip())
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
            raise ReportError(f"bad month {text!r}: give it as YYYY-MM, e.g. 2026-03")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self) -> datetime:
        """Midnight UK time on the first day, as UTC."""
        return datetime(self.year, self.month, 1, tzinfo=london()).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """Midnight UK time on the first day of the next month, as UTC (exclusive)."""
        return self.next().start

    def next(self) -> Month:
        """The following month."""
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def label(self) -> str:
        """``"March 2026"``."""
        return f"{calendar.month_name[self.month]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
