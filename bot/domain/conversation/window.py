"""The policy's 1-hour reporting window (policy 1a: report within 1 hour of discovery).

Lateness is stated kindly: a late report is still wanted, and the words never blame.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import clocks
from bot.domain.conversation.when import span

REPORT_WINDOW = clocks.DEFAULT_CLOCKS.report_window


def minutes_left(discovered_at: datetime, now: datetime) -> int:
    """Whole minutes left in the window (rounded down); negative once it has passed."""
    return clocks.minutes_left(clocks.report_deadline(discovered_at), now)


def minutes_late(discovered_at: datetime, reported_at: datetime) -> int:
    """Whole minutes past the window (rounded up, so 10 seconds late is 1); 0 if in time."""
    return clocks.minutes_late(discovered_at, reported_at)


def window_line(discovered_at: datetime, now: datetime) -> str:
    """One line for the foot of every question once the discovery time is known."""
    left = minutes_left(discovered_at, now)
    if left >= 1:
        return f"Time left in the 1-hour reporting window: {span(left)}."
    if clocks.report_deadline(discovered_at) > now:
        return "Less than a minute left in the 1-hour reporting window."
    return (
        "The 1-hour reporting window has passed. That's OK: please carry on — "
        "a late report is still taken, and the DPO needs to know."
    )


def late_words(late_by: int) -> str:
    """What a reporter is told at the end about timing, never blaming."""
    if late_by <= 0:
        return "You reported it within the 1-hour window. Thank you for acting so quickly."
    return (
        f"It's recorded as {span(late_by)} past the 1-hour window. That's fine — "
        "reporting it is what matters, and thank you for doing it."
    )
