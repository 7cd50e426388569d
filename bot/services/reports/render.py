"""Rendering the monthly review: Markdown for reading, a PNG chart for the meeting.

Everything shown is references, services, counts and UK times; no free text from the
register ever reaches these files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.domain.assessment import DATA_TYPE_LABELS, DataType
from bot.domain.breach import Service
from bot.domain.clocks import format_london
from bot.services.reports.monthly import ClockOutcome, MonthlyReport, ServiceFigures

CLOCK_ORDER = (
    ClockOutcome.MET,
    ClockOutcome.MISSED,
    ClockOutcome.NOT_NOTIFIED,
    ClockOutcome.RUNNING,
)


def file_stem(report: MonthlyReport) -> str:
    """``breach-report-2026-03``: the name both files share."""
    return f"breach-report-{report.month}"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _service_name(service: Service | None) -> str:
    return service.value if service is not None else "not given"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "n/a"


def _summary(report: MonthlyReport) -> list[str]:
    median = report.median_minutes_to_acknowledge
    ack = "none acknowledged yet" if median is None else f"{median:.0f} min"
    ack += f" ({len(report.acknowledge_minutes)} acknowledged, "
    ack += f"{report.unacknowledged} not yet acknowledged)"
    clocks = ", ".join(f"{report.clocks(o)} {o.value}" for o in CLOCK_ORDER)
    timed = f"{report.within_hour} of {report.timed} with a known discovery time"
    rows = [
        ("Breaches reported", report.reported),
        ("Reported within the hour", f"{_percent(report.within_hour, report.timed)} ({timed})"),
        ("Median time to acknowledge", ack),
        ("Escalated for no acknowledgement", report.escalations),
        ("ICO 72-hour clocks", clocks),
        ("Open breaches at the end of the period", report.open_breaches),
        ("Breaches with open actions", len(report.open_actions)),
        ("Median time to close", _close_text(report)),
    ]
    return _table(("Measure", "Figure"), rows)


def _close_text(report: MonthlyReport) -> str:
    median = report.median_days_to_close
    if median is None:
        return "none closed in the period"
    return f"{median:.1f} days ({len(report.days_to_close)} closed)"


def _service_row(s: ServiceFigures) -> list[object]:
    share = _percent(s.within_hour, s.within_hour + s.late)
    return [_service_name(s.service), s.reported, f"{s.within_hour} ({share})", s.late]


def _by_service(report: MonthlyReport) -> list[str]:
    header = ("Service", "Reported", "Within the hour", "Late", "Time unknown", "High risk")
    rows = [[*_service_row(s), s.timing_unknown, s.high_risk] for s in report.services]
    total = sum(s.timing_unknown for s in report.services)
    high = sum(s.high_risk for s in report.services)
    share = _percent(report.within_hour, report.timed)
    late = report.timed - report.within_hour
    rows.append(
        ["**total**", report.reported, f"{report.within_hour} ({share})", late, total, high]
    )
    incomplete = sum(s.incomplete for s in report.services)
    note = f"Reports filed incomplete (the reporter stopped answering): {incomplete}."
    return [*_table(header, rows), "", note]


def _by_data_type(report: MonthlyReport) -> list[str]:
    kinds: list[DataType | None] = [*DataType, None]
    header = ["Service", *(DATA_TYPE_LABELS[k] if k else "not yet assessed" for k in kinds)]
    rows = [
        [_service_name(s.service), *(s.by_data_type[k] for k in kinds)] for s in report.services
    ]
    note = "A breach can involve several kinds of data, so a row can add up to more than its total."
    return [*_table(header, rows), "", note]


def _by_system(report: MonthlyReport) -> list[str]:
    counts = sorted((-n, system.value) for system, n in report.by_system.items() if n)
    if not counts:
        return ["No breaches reported in this period."]
    return _table(("System", "Breaches"), [(name, -negative) for negative, name in counts])


def _ico(report: MonthlyReport) -> list[str]:
    if not report.ico_clocks:
        return ["No ICO clock was settled in this period or running at its end."]
    rows = [
        [
            c.reference,
            _service_name(c.service),
            format_london(c.deadline),
            format_london(c.settled_at) if c.settled_at else "-",
            f"**{c.outcome.value}**" if c.outcome is ClockOutcome.MISSED else c.outcome.value,
        ]
        for c in report.ico_clocks
    ]
    return _table(("Reference", "Service", "Deadline", "Settled", "Outcome"), rows)


def _actions(report: MonthlyReport) -> list[str]:
    if not report.open_actions:
        return ["No open containment or remediation actions."]
    rows = [
        [
            a.reference,
            _service_name(a.service),
            a.containment,
            a.remediation,
            format_london(a.oldest_since),
        ]
        for a in report.open_actions
    ]
    header = ("Reference", "Service", "Containment", "Remediation", "Open since")
    return _table(header, rows)


def to_markdown(report: MonthlyReport, chart_name: str | None = None) -> str:
    """The review as Markdown; ``chart_name`` embeds the PNG written next to it."""
    lines = [
        f"# Breach register: monthly review, {report.month.label}",
        "",
        f"Figures as of {format_london(report.as_of)}. Breaches count in the month they "
        "were reported; ICO clocks in the month they were settled; open actions and "
        "breaches as at the end of the period. No personal details are shown: look a "
        "breach up with `careguard register show REF`.",
        "",
        "## Summary",
        "",
        *_summary(report),
        "",
        "## By service",
        "",
        *_by_service(report),
        "",
        "## By kind of data",
        "",
        *_by_data_type(report),
        "",
        "## By system involved",
        "",
        *_by_system(report),
        "",
        "## ICO 72-hour clocks",
        "",
        *_ico(report),
        "",
        "## Open actions",
        "",
        *_actions(report),
    ]
    if chart_name:
        lines += ["", f"![Timeliness and ICO clocks, {report.month.label}]({chart_name})"]
    return "\n".join(lines) + "\n"


def write_chart(report: MonthlyReport, path: Path) -> None:
    """Draw reporting timeliness per service and ICO clock outcomes into a PNG at ``path``."""
    # Imported here: matplotlib is slow to import and only reports need it. ``Figure``
    # without pyplot renders with Agg and keeps no global state (safe in a server).
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 4), dpi=100, layout="constrained")
    timeliness, clocks = figure.subplots(1, 2)
    names = [_service_name(s.service) for s in report.services]
    bottom = [0] * len(names)
    parts = (
        ("within the hour", [s.within_hour for s in report.services], "#2e7d32"),
        ("late", [s.late for s in report.services], "#c62828"),
        ("time unknown", [s.timing_unknown for s in report.services], "#9e9e9e"),
    )
    for label, values, colour in parts:
        timeliness.bar(names, values, bottom=bottom, label=label, color=colour)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    timeliness.set_title("Breaches reported, by service")
    timeliness.set_ylabel("breaches")
    timeliness.legend(loc="upper right", fontsize="small")
    outcomes = [o.value for o in CLOCK_ORDER]
    colours = ["#2e7d32", "#c62828", "#1565c0", "#f9a825"]
    clocks.bar(outcomes, [report.clocks(o) for o in CLOCK_ORDER], color=colours)
    clocks.set_title("ICO 72-hour clocks")
    clocks.tick_params(axis="x", labelsize="small", labelrotation=15)
    clock_top = max((report.clocks(o) for o in CLOCK_ORDER), default=0)
    for axes, top in ((timeliness, max(bottom, default=0)), (clocks, clock_top)):
        # Room above the tallest bar for the legend; whole numbers only on the axis.
        axes.set_ylim(0, max(top, 1) * 1.3)
        axes.yaxis.get_major_locator().set_params(integer=True)
    figure.suptitle(f"Breach register: {report.month.label}")
    figure.savefig(path, format="png")


def write_report(report: MonthlyReport, out_dir: Path) -> tuple[Path, Path]:
    """Write ``breach-report-YYYY-MM.md`` and ``.png`` into ``out_dir`` (created if needed).

    Returns:
        The Markdown and PNG paths.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(report)
    png = out_dir / f"{stem}.png"
    markdown = out_dir / f"{stem}.md"
    write_chart(report, png)
    markdown.write_text(to_markdown(report, png.name), encoding="utf-8")
    return markdown, png
