"""The annual review of breaches (policy: "an annual review of breaches"), from plain columns.

Built from the breaches' facts (``bot.domain.facts``: the register's plain columns,
nothing is decrypted): per service, how many breaches were reported in the UK calendar
year, how many within the hour, how many were high risk, the ICO decisions and how many
notifications met the 72-hour deadline, how many are closed and the median days to
close, and the count per month. Markdown for the
Board and a PNG chart, like the monthly review.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

from bot.domain.breach import BreachState, Service
from bot.domain.clocks import format_london, london, to_london
from bot.domain.facts import BreachFacts
from bot.services.reports.month import ReportError


@dataclass(frozen=True, slots=True)
class YearFigures:
    """The figures of one service (``None``: service not recorded) or of all (``label``)."""

    label: str
    reported: int
    within_hour: int
    late: int
    high_risk: int
    ico_notified: int
    ico_in_time: int
    not_reportable: int
    ico_undecided: int
    closed: int
    open: int
    median_days_to_close: float | None


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """The year's review."""

    year: int
    prepared_at: datetime
    services: tuple[YearFigures, ...]
    total: YearFigures
    per_month: tuple[int, ...]


def year_bounds(year: int, now: datetime) -> tuple[datetime, datetime]:
    """The UK calendar year as UTC instants; refuses a year not started yet."""
    if not 2000 <= year <= 9998:
        raise ReportError(f"bad year {year}: give it as YYYY, e.g. 2026")
    start = datetime(year, 1, 1, tzinfo=london()).astimezone(UTC)
    if start > now:
        raise ReportError(f"the year {year} has not started yet")
    return start, datetime(year + 1, 1, 1, tzinfo=london()).astimezone(UTC)


def _figures(label: str, rows: Sequence[BreachFacts]) -> YearFigures:
    days = [
        (s.closed_at - s.reported_at).total_seconds() / 86400
        for s in rows
        if s.state is BreachState.CLOSED and s.closed_at and s.reported_at
    ]
    in_time = [
        s
        for s in rows
        if s.ico_notified
        and s.ico_deadline
        and s.ico_decided_at
        and s.ico_decided_at <= s.ico_deadline
    ]
    return YearFigures(
        label=label,
        reported=len(rows),
        within_hour=sum(1 for s in rows if s.minutes_late == 0),
        late=sum(1 for s in rows if s.minutes_late),
        high_risk=sum(1 for s in rows if s.high_risk),
        ico_notified=sum(1 for s in rows if s.ico_notified),
        ico_in_time=len(in_time),
        not_reportable=sum(1 for s in rows if s.ico_notified is False),
        ico_undecided=sum(1 for s in rows if s.ico_notified is None),
        closed=sum(1 for s in rows if s.state is BreachState.CLOSED),
        open=sum(1 for s in rows if s.state is not BreachState.CLOSED),
        median_days_to_close=round(median(days), 1) if days else None,
    )


def build_annual_report(
    year: int, breaches: Sequence[BreachFacts], *, now: datetime
) -> AnnualReport:
    """The review of the breaches reported in ``year`` (UK time), tombstones included."""
    start, end = year_bounds(year, now)
    rows = [s for s in breaches if s.reported_at is not None and start <= s.reported_at < end]
    services = [
        _figures(service.value.capitalize(), [s for s in rows if s.service is service])
        for service in Service
    ]
    unknown = [s for s in rows if s.service is None]
    if unknown:
        services.append(_figures("Service not recorded", unknown))
    months = [0] * 12
    for s in rows:
        assert s.reported_at is not None
        months[to_london(s.reported_at).month - 1] += 1
    return AnnualReport(year, now, tuple(services), _figures("All", rows), tuple(months))


_COLUMNS = (
    ("Service", "label"),
    ("Reported", "reported"),
    ("Within 1 h", "within_hour"),
    ("Late", "late"),
    ("High risk", "high_risk"),
    ("ICO notified", "ico_notified"),
    ("…within 72 h", "ico_in_time"),
    ("Not reportable", "not_reportable"),
    ("ICO undecided", "ico_undecided"),
    ("Closed", "closed"),
    ("Open", "open"),
    ("Median days to close", "median_days_to_close"),
)


def to_markdown(report: AnnualReport, chart_name: str | None = None) -> str:
    """The review as Markdown (references and counts only; no personal data)."""
    rows = [*report.services, report.total]
    out = [
        f"# Annual breach review {report.year}",
        "",
        f"Prepared {format_london(report.prepared_at)} from the breach register "
        "(breaches reported in the year, UK time).",
        "",
        "| " + " | ".join(h for h, _ in _COLUMNS) + " |",
        "|" + "---|" * len(_COLUMNS),
    ]
    for f in rows:
        cells = [getattr(f, key) for _, key in _COLUMNS]
        out.append("| " + " | ".join("-" if c is None else str(c) for c in cells) + " |")
    out += ["", "## Breaches reported per month", "", "| Month | Breaches |", "|---|---|"]
    out += [f"| {calendar.month_abbr[i + 1]} | {n} |" for i, n in enumerate(report.per_month)]
    if chart_name:
        out += ["", f"![Breaches per month, {report.year}]({chart_name})"]
    return "\n".join(out) + "\n"


def write_annual_report(report: AnnualReport, out_dir: Path) -> tuple[Path, Path]:
    """Write ``breach-review-YYYY.md`` and ``.png`` into ``out_dir`` (created if needed)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"breach-review-{report.year}"
    png, markdown = out_dir / f"{stem}.png", out_dir / f"{stem}.md"
    figure = Figure(figsize=(9, 4), dpi=100, layout="constrained")
    axes = figure.subplots()
    axes.bar(range(12), report.per_month, color="#1565c0")
    axes.set_xticks(range(12), labels=[calendar.month_abbr[i] for i in range(1, 13)])
    axes.set_ylim(0, max(max(report.per_month, default=0), 1) * 1.2)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("breaches reported")
    figure.suptitle(f"Breach register: {report.year}")
    figure.savefig(png, format="png")
    markdown.write_text(to_markdown(report, png.name), encoding="utf-8")
    return markdown, png
