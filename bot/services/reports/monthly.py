"""The DPOs' monthly breach review (policy: "Incident and breach logs reviewed monthly").

``build_monthly_report`` is a pure function of the breaches' facts (``bot.domain.facts``:
the register's plain columns, nothing decrypted): no database, no clock, no files. It
computes counts by service and data type, the share reported within the hour, the median
time to acknowledge, the ICO clocks met or missed, the open actions and the time to
close; ``render`` turns it into Markdown and a chart.

Which month a figure belongs to:
    * breaches count in the month they were *reported* (UK time);
    * an ICO clock counts in the month it was *settled*: when the ICO was told (or a
      decision not to tell was recorded) before the deadline, else at the deadline
      (missed); clocks still running at the end of the period are listed as running;
    * open actions and open breaches are those still open at the end of the period
      ("as of": the month's end, or now for the current month).

Nothing here holds free text: only references, services, counts and times.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.assessment import DataType
from bot.domain.breach import Service, System
from bot.domain.clock import ensure_utc
from bot.domain.facts import BreachFacts
from bot.domain.values import ActionKind
from bot.services.reports.month import Month, ReportError

__all__ = ["ClockOutcome", "IcoClock", "Month", "MonthlyReport", "OpenActions"]
__all__ += ["ReportError", "ServiceFigures", "build_monthly_report"]


class ClockOutcome(StrEnum):
    """How an ICO 72-hour clock ended (or that it has not yet)."""

    MET = "met"
    MISSED = "missed"
    NOT_NOTIFIED = "decided not to notify"
    RUNNING = "running"


@dataclass(frozen=True, slots=True)
class IcoClock:
    """One high-risk breach's ICO clock, as seen at the end of the period."""

    reference: str
    service: Service | None
    deadline: datetime
    settled_at: datetime | None
    outcome: ClockOutcome


@dataclass(frozen=True, slots=True)
class OpenActions:
    """Containment and remediation actions still open on one breach."""

    reference: str
    service: Service | None
    containment: int
    remediation: int
    oldest_since: datetime


@dataclass(frozen=True, slots=True)
class ServiceFigures:
    """Breaches of one service reported in the month (``service`` None: not given)."""

    service: Service | None
    reported: int
    within_hour: int
    late: int
    timing_unknown: int
    high_risk: int
    incomplete: int
    by_data_type: Mapping[DataType | None, int]
    """Breaches per data type; ``None`` counts those not yet assessed."""


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    """Everything the monthly review shows; build with ``build_monthly_report``."""

    month: Month
    as_of: datetime
    services: tuple[ServiceFigures, ...]
    acknowledge_minutes: tuple[float, ...]
    unacknowledged: int
    escalations: int
    ico_clocks: tuple[IcoClock, ...]
    open_actions: tuple[OpenActions, ...]
    open_breaches: int
    by_system: Mapping[System, int] = field(default_factory=dict)
    """Breaches reported in the month per system involved (a breach can involve several)."""
    days_to_close: tuple[float, ...] = ()
    """Days from report to closure of the breaches closed in the month (policy step 7)."""

    @property
    def reported(self) -> int:
        """Breaches reported in the month."""
        return sum(s.reported for s in self.services)

    @property
    def within_hour(self) -> int:
        """Of those, reported within the hour of discovery."""
        return sum(s.within_hour for s in self.services)

    @property
    def timed(self) -> int:
        """Of those, how many have a known discovery time (so a known timeliness)."""
        return sum(s.within_hour + s.late for s in self.services)

    @property
    def share_within_hour(self) -> float | None:
        """Share (0..1) of timed reports made within the hour; None when there are none."""
        return self.within_hour / self.timed if self.timed else None

    @property
    def median_minutes_to_acknowledge(self) -> float | None:
        """Median minutes from report to acknowledgement; None when nothing was acknowledged."""
        return statistics.median(self.acknowledge_minutes) if self.acknowledge_minutes else None

    @property
    def median_days_to_close(self) -> float | None:
        """Median days from report to closure; None when nothing closed in the period."""
        return statistics.median(self.days_to_close) if self.days_to_close else None

    def clocks(self, outcome: ClockOutcome) -> int:
        """How many ICO clocks ended with ``outcome``."""
        return sum(1 for c in self.ico_clocks if c.outcome is outcome)


def build_monthly_report(
    month: Month, breaches: Iterable[BreachFacts], *, now: datetime
) -> MonthlyReport:
    """Compute the monthly review of ``month`` from the register's breaches.

    Args:
        month: The month to review.
        breaches: The facts of every breach in the register (any month; open actions
            and ICO clocks can belong to breaches reported earlier); tombstones are
            left out.
        now: The current time; figures are as of ``min(now, month end)``.

    Raises:
        ReportError: the month has not started yet.
    """
    now = ensure_utc(now, "now")
    if month.start > now:
        raise ReportError(f"the month {month} has not started yet")
    as_of = min(now, month.end)
    every = [b for b in breaches if b.reported_at is not None and not b.purged]
    in_month = [b for b in every if _within(b.reported_at, month.start, as_of)]
    return MonthlyReport(
        month=month,
        as_of=as_of,
        services=tuple(_service_figures(s, in_month) for s in _services(in_month)),
        acknowledge_minutes=tuple(_ack_minutes(in_month, as_of)),
        unacknowledged=sum(1 for b in in_month if not _before(b.acknowledged_at, as_of)),
        escalations=sum(
            1 for b in every for at in b.escalated_at if _within(at, month.start, as_of)
        ),
        ico_clocks=tuple(sorted(_ico_clocks(every, month.start, as_of), key=_clock_order)),
        open_actions=tuple(_open_actions(every, as_of)),
        open_breaches=sum(1 for b in every if _open_at(b, as_of)),
        by_system={s: sum(1 for b in in_month if s in b.systems) for s in System},
        days_to_close=tuple(
            (b.closed_at - b.reported_at) / timedelta(days=1)
            for b in every
            if b.closed_at is not None
            and b.reported_at is not None
            and _within(b.closed_at, month.start, as_of)
        ),
    )


def _within(at: datetime | None, start: datetime, end: datetime) -> bool:
    return at is not None and start <= at < end


def _before(at: datetime | None, end: datetime) -> bool:
    return at is not None and at < end


def _services(breaches: Sequence[BreachFacts]) -> list[Service | None]:
    """Both services always; "not given" too when an abandoned report never named one."""
    extra: list[Service | None] = [None] if any(b.service is None for b in breaches) else []
    return [*Service, *extra]


def _service_figures(service: Service | None, breaches: Sequence[BreachFacts]) -> ServiceFigures:
    mine = [b for b in breaches if b.service is service]
    types: dict[DataType | None, int] = dict.fromkeys([*DataType, None], 0)
    for breach in mine:
        for data_type in breach.data_types or {None}:
            types[data_type] += 1
    late = [b.minutes_late for b in mine]
    return ServiceFigures(
        service=service,
        reported=len(mine),
        within_hour=sum(1 for m in late if m == 0),
        late=sum(1 for m in late if m is not None and m > 0),
        timing_unknown=sum(1 for m in late if m is None),
        high_risk=sum(1 for b in mine if b.high_risk),
        incomplete=sum(1 for b in mine if b.incomplete),
        by_data_type=types,
    )


def _ack_minutes(breaches: Sequence[BreachFacts], as_of: datetime) -> list[float]:
    return [
        (b.acknowledged_at - b.reported_at) / timedelta(minutes=1)
        for b in breaches
        if b.reported_at is not None and b.acknowledged_at is not None and b.acknowledged_at < as_of
    ]


def _ico_clocks(
    breaches: Sequence[BreachFacts], start: datetime, as_of: datetime
) -> list[IcoClock]:
    clocks = []
    for breach in breaches:
        deadline = breach.ico_deadline
        if deadline is None or breach.became_aware_at is None:
            continue
        outcome, settled = _settle(breach, deadline, as_of)
        if settled is None:
            if breach.became_aware_at < as_of:
                clocks.append(IcoClock(breach.reference, breach.service, deadline, None, outcome))
        elif start <= settled < as_of:
            clocks.append(IcoClock(breach.reference, breach.service, deadline, settled, outcome))
    return clocks


def _settle(
    breach: BreachFacts, deadline: datetime, as_of: datetime
) -> tuple[ClockOutcome, datetime | None]:
    decided = breach.ico_decided_at
    if decided is not None and decided <= deadline and decided < as_of:
        return (ClockOutcome.MET if breach.ico_notified else ClockOutcome.NOT_NOTIFIED), decided
    if deadline < as_of:
        return ClockOutcome.MISSED, deadline
    return ClockOutcome.RUNNING, None


def _clock_order(clock: IcoClock) -> tuple[datetime, str]:
    return clock.deadline, clock.reference


def _open_actions(breaches: Sequence[BreachFacts], as_of: datetime) -> list[OpenActions]:
    lines = []
    for breach in breaches:
        still_open = [
            a
            for a in breach.actions
            if a.opened_at < as_of and (a.completed_at is None or a.completed_at >= as_of)
        ]
        if not still_open:
            continue
        containment = sum(1 for a in still_open if a.kind is ActionKind.CONTAINMENT)
        lines.append(
            OpenActions(
                reference=breach.reference,
                service=breach.service,
                containment=containment,
                remediation=len(still_open) - containment,
                oldest_since=min(a.opened_at for a in still_open),
            )
        )
    return sorted(lines, key=lambda line: (line.oldest_since, line.reference))


def _open_at(breach: BreachFacts, as_of: datetime) -> bool:
    if not _before(breach.reported_at, as_of):
        return False
    return breach.closed_at is None or breach.closed_at >= as_of
