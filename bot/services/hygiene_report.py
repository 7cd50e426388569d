"""The ``/hygiene`` summary: name warnings per channel and ISO week, for spot checks.

The policy asks for quarterly checks on staff messaging practice; this turns stored
hygiene events into counts a DPO can read: warnings, kinds of identifier, how many were
fixed by an edit, and how many the author said were not client data. Pure functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain.clocks import from_london, to_london
from bot.domain.records import Feedback, HygieneEvent
from bot.services.messages import HygieneSummary, HygieneWeekCounts

DEFAULT_WEEKS = 13
"""A quarter: the policy's spot-check period."""


@dataclass(frozen=True, slots=True)
class ChannelWeek:
    """Warnings in one place during one ISO week.

    Attributes:
        week: ISO week, e.g. ``"2026-W47"``.
        place: Display name of the channel or group chat.
        warnings: How many warnings were given.
        by_entity: ``(entity type, warnings that found it)``, most frequent first.
        fixed: Warnings whose message was later edited and scanned clean.
        edited: Warnings answered "I've edited it".
        not_client_data: Warnings answered "Not client data".
        breaches: Warnings a DPO recorded as a breach.
    """

    week: str
    place: str
    warnings: int
    by_entity: tuple[tuple[str, int], ...]
    fixed: int
    edited: int
    not_client_data: int
    breaches: int


@dataclass(frozen=True, slots=True)
class HygieneReport:
    """Warnings per place and week over a period, newest week first.

    Attributes:
        period: Plain words, e.g. ``"13 weeks, 2026-W35 to 2026-W47"``.
        weeks: Every ISO week of the period (newest first), with or without warnings.
        rows: One row per week and place that had warnings.
    """

    period: str
    weeks: tuple[str, ...]
    rows: tuple[ChannelWeek, ...]

    @property
    def total(self) -> int:
        """Warnings in the whole period."""
        return sum(row.warnings for row in self.rows)


def iso_week(at: datetime) -> str:
    """The ISO week of ``at`` in UK local time, e.g. ``"2026-W47"``."""
    year, week, _ = to_london(at).isocalendar()
    return f"{year}-W{week:02d}"


def period_bounds(now: datetime, weeks: int = DEFAULT_WEEKS) -> tuple[datetime, datetime]:
    """From UK Monday 00:00 of the first of the last ``weeks`` ISO weeks, to ``now``.

    Raises:
        ValueError: ``weeks`` is less than 1.
    """
    if weeks < 1:
        raise ValueError("the period must be at least one week")
    local = to_london(now).replace(tzinfo=None)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return from_london(monday - timedelta(weeks=weeks - 1)), now


def _row(week: str, place: str, events: Sequence[HygieneEvent]) -> ChannelWeek:
    entities = Counter(t for e in events for t in dict.fromkeys(e.entity_types))
    return ChannelWeek(
        week=week,
        place=place,
        warnings=len(events),
        by_entity=tuple(sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))),
        fixed=sum(e.fixed_at is not None for e in events),
        edited=sum(e.feedback is Feedback.EDITED for e in events),
        not_client_data=sum(e.feedback is Feedback.NOT_CLIENT_DATA for e in events),
        breaches=sum(e.breach_reference is not None for e in events),
    )


def named(
    events: Iterable[HygieneEvent], name_of: Callable[[str], str | None]
) -> list[HygieneEvent]:
    """``events`` with each place's current name (a warning keeps the name it had then
    only when no better one is known: "a Teams channel" becomes "Adults – Rota")."""
    names: dict[str, str | None] = {}
    out = []
    for event in events:
        if event.place_key not in names:
            names[event.place_key] = name_of(event.place_key)
        name = names[event.place_key]
        out.append(replace(event, place_name=name) if name else event)
    return out


def build_report(
    events: Iterable[HygieneEvent], *, start: datetime, end: datetime
) -> HygieneReport:
    """Group ``events`` (those between ``start`` and ``end``) by ISO week and place."""
    weeks: list[str] = []
    cursor = start
    while cursor < end:
        if iso_week(cursor) not in weeks:
            weeks.append(iso_week(cursor))
        cursor += timedelta(days=1)
    weeks.reverse()
    groups: dict[tuple[str, str], list[HygieneEvent]] = {}
    for event in events:
        groups.setdefault((iso_week(event.occurred_at), event.place_name), []).append(event)
    rows = [_row(week, place, group) for (week, place), group in groups.items()]
    rows.sort(key=lambda r: r.place)
    rows.sort(key=lambda r: r.week, reverse=True)
    span = f"{weeks[-1]} to {weeks[0]}" if weeks else "no weeks"
    plural = "week" if len(weeks) == 1 else "weeks"
    return HygieneReport(f"{len(weeks)} {plural}, {span}", tuple(weeks), tuple(rows))


def to_summary(report: HygieneReport) -> HygieneSummary:
    """The ``/hygiene`` message: warnings per place for every week of the period."""
    weeks = []
    for week in report.weeks:
        counts = tuple((r.place, r.warnings) for r in report.rows if r.week == week)
        weeks.append(HygieneWeekCounts(week=week, counts=counts))
    return HygieneSummary(period=report.period, weeks=tuple(weeks))


def _count(n: int) -> str:
    return "1 warning" if n == 1 else f"{n} warnings"


def render_report(report: HygieneReport) -> str:
    """The full report as plain text (the command line and text-only front-ends)."""
    lines = [f"Name warnings, {report.period}: {report.total} in all."]
    for week in report.weeks:
        rows = [r for r in report.rows if r.week == week]
        if not rows:
            lines.append(f"{week}: no warnings")
            continue
        lines.append(f"{week}:")
        for r in rows:
            kinds = ", ".join(f"{name} {n}" for name, n in r.by_entity)
            lines.append(
                f"  {r.place}: {_count(r.warnings)} ({kinds}); fixed {r.fixed}; "
                f"'I've edited it' {r.edited}; 'not client data' {r.not_client_data}; "
                f"recorded as breach {r.breaches}"
            )
    lines.append("Counts only: no message text is kept.")
    return "\n".join(lines)
