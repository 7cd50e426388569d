"""Times as DPOs type them at the desk and in forms: UK wall-clock time, stored as UTC."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.clocks import from_london, to_london
from bot.domain.errors import DomainError

_WHEN = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})")


def local_time(text: str) -> datetime:
    """``2026-11-23 14:05`` (or ``23/11/2026 14:05``) in UK time, as UTC.

    Raises:
        DomainError: not such a time (the message says what is expected).
    """
    if m := _WHEN.fullmatch(text.strip()):
        year, month, day, hour, minute = (int(g) for g in m.groups())
    elif m := _UK.fullmatch(text.strip()):
        day, month, year, hour, minute = (int(g) for g in m.groups())
    else:
        raise DomainError("give the date and time as 2026-11-23 14:05 (UK time)")
    try:
        return from_london(datetime(year, month, day, hour, minute))
    except ValueError:
        raise DomainError("that is not a real date and time") from None


def shown(at: datetime) -> str:
    """A time as the forms show and read it (UK time)."""
    return to_london(at).strftime("%Y-%m-%d %H:%M")
