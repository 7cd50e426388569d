"""Which timers a breach needs now, and how its clocks read at a given moment.

The scheduler stores the timers; the Teams cards and reports show the readings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain import clocks as clk
from bot.domain.breach import Breach
from bot.domain.values import BreachState


class TimerKind(StrEnum):
    """Something CareGuard must do at a set time."""

    ESCALATION = "escalation"
    ICO_REMINDER = "ico_reminder"
    ICO_DEADLINE = "ico_deadline"
    ABANDON = "abandon"


@dataclass(frozen=True, slots=True)
class Timer:
    """One piece of due work for a breach.

    Attributes:
        kind: What to do.
        due_at: When (UTC).
        key: Unique per breach, stable across recomputation (e.g. ``ico_reminder:24h``),
            so storing the same timer twice is harmless.
    """

    kind: TimerKind
    due_at: datetime
    key: str


def _hours(delta: timedelta) -> str:
    hours = delta / timedelta(hours=1)
    return f"{hours:g}h"


@dataclass(frozen=True, slots=True)
class EscalationPlan:
    """How far the acknowledgement chain of a reported breach has got.

    Attributes:
        interval: Time between steps (the ack timeout, closer together for long chains).
        steps: People the chain has gone to so far (the first is whoever the breach was
            routed to); step ``steps`` + 1 is due ``steps`` intervals after the report.
        more: Someone is left to ask (else the last step reminds the owner, once).
        reminded: The owner was already reminded after the chain ran out.
        waiting: The last person's notice has not been delivered yet: the chain waits
            (an outage delays it rather than racing through it).
        last_asked_at: When the last notice was delivered; the next step gives that
            person at least half an interval.
    """

    interval: timedelta
    steps: int = 1
    more: bool = True
    reminded: bool = False
    waiting: bool = False
    last_asked_at: datetime | None = None

    def next_due(self, reported_at: datetime) -> datetime:
        """When the next step is due."""
        due = reported_at + self.steps * self.interval
        if self.last_asked_at is not None:
            due = max(due, self.last_asked_at + self.interval / 2)
        return due


def timers_for(
    breach: Breach,
    clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS,
    escalation: EscalationPlan | None = None,
) -> tuple[Timer, ...]:
    """The timers a breach needs in its current state (none once they no longer apply).

    An unacknowledged report needs its next escalation step (with no plan: the first,
    one ack timeout after the report); an open high-risk breach without an ICO decision
    (notified, or not with a reason) needs the reminders and the deadline.
    """
    timers: list[Timer] = []
    if breach.state is BreachState.REPORTED and breach.reported_at is not None:
        plan = escalation or EscalationPlan(clocks.ack_timeout)
        if not plan.waiting and (plan.more or not plan.reminded):
            key = f"escalation:{plan.steps}" if plan.more else "escalation:remind"
            due = plan.next_due(breach.reported_at)
            timers.append(Timer(TimerKind.ESCALATION, due, key))
    aware = breach.became_aware_at
    undecided = breach.ico_decision is None
    if breach.is_open and breach.high_risk and undecided and aware is not None:
        for offset in clocks.ico_reminders:
            key = f"ico_reminder:{_hours(offset)}"
            timers.append(Timer(TimerKind.ICO_REMINDER, aware + offset, key))
        deadline = breach.ico_deadline or clk.ico_deadline(aware, clocks)
        timers.append(Timer(TimerKind.ICO_DEADLINE, deadline, "ico_deadline"))
    return tuple(timers)


@dataclass(frozen=True, slots=True)
class ClockReading:
    """How one deadline stands at a moment.

    Attributes:
        deadline: The deadline (UTC).
        minutes_left: Whole minutes left; negative once passed.
        shown: The deadline in UK time, e.g. ``"Tue 31 Mar 2026 00:30 BST"``.
        status: ``"2 h 05 min left"`` or ``"10 min overdue"``.
    """

    deadline: datetime
    minutes_left: int
    shown: str
    status: str

    @property
    def overdue(self) -> bool:
        """True once the deadline has passed."""
        return self.minutes_left < 0


def read(deadline: datetime, now: datetime) -> ClockReading:
    """Read ``deadline`` at ``now``."""
    left = clk.minutes_left(deadline, now)
    return ClockReading(deadline, left, clk.format_london(deadline), clk.describe_minutes(left))


def ico_clock(breach: Breach, now: datetime) -> ClockReading | None:
    """The ICO clock of a high-risk breach without an ICO decision; else ``None``."""
    if breach.ico_deadline is None or breach.ico_decision is not None:
        return None
    return read(breach.ico_deadline, now)


def report_clock(
    breach: Breach, now: datetime, clocks: clk.ClockSettings = clk.DEFAULT_CLOCKS
) -> ClockReading | None:
    """The report clock (policy 1a: one hour) of a breach whose discovery time is known."""
    if breach.discovered_at is None:
        return None
    return read(clk.report_deadline(breach.discovered_at, clocks), now)
