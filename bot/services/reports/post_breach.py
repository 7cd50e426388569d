"""The post-breach report (policy 6c): for the SIRO's approval and the Board.

What happened, the assessment, what was done, the ICO and the individuals, the root
cause, lessons learned and recommended changes, the approval, the outcome, and the
timeline. As Markdown, or as one self-contained printable HTML page (inline style, no
scripts, nothing fetched; every recorded value escaped).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape

from bot.domain.assessment import DATA_TYPE_LABELS
from bot.domain.breach import Breach, BreachEvent
from bot.domain.clocks import format_london
from bot.domain.timeline import TimelineEntry, timeline
from bot.domain.values import ACTION_OWNER_LABELS

NOT_RECORDED = "not recorded"


@dataclass(frozen=True, slots=True)
class PostBreachReport:
    """The report's sections: (heading, [(label, text)]) in order, and the timeline."""

    reference: str
    organisation: str
    prepared_at: datetime
    sections: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    timeline: tuple[TimelineEntry, ...]


def _when(at: datetime | None) -> str:
    return format_london(at) if at is not None else NOT_RECORDED


def _incident(b: Breach) -> tuple[tuple[str, str], ...]:
    return (
        ("Service", b.service.value if b.service else NOT_RECORDED),
        ("What happened", b.description or NOT_RECORDED),
        ("Discovered", _when(b.discovered_at)),
        ("Reported to the DPO", _when(b.reported_at)),
        ("Systems", ", ".join(s.value for s in b.systems) or NOT_RECORDED),
    )


def _assessment(b: Breach) -> tuple[tuple[str, str], ...]:
    a = b.assessment
    if a is None:
        return (("Assessment", NOT_RECORDED),)
    return (
        ("Data", ", ".join(DATA_TYPE_LABELS[t] for t in sorted(a.data_types))),
        ("Individuals affected", a.individuals.describe()),
        ("Likely impact", a.likely_impact),
        ("High risk", f"{'yes' if a.high_risk else 'no'}: {a.rationale}"),
        ("SIRO told", _when(b.siro_notified_at) if b.siro_notified_at else "no"),
    )


def _response(b: Breach) -> tuple[tuple[str, str], ...]:
    rows = []
    for n, x in enumerate(b.actions, start=1):
        done = f"done {_when(x.completed_at)}" if x.completed_at else "OPEN"
        rows.append(
            (f"Action {n}", f"{x.kind.value}, {ACTION_OWNER_LABELS[x.owner]}, {done}: {x.text}")
        )
    d = b.ico_decision
    if d is None:
        ico = NOT_RECORDED
    elif d.notified:
        ico = f"notified {_when(d.at)}" + (
            f" (ICO case {d.ico_reference})" if d.ico_reference else ""
        )
    else:
        ico = f"not reportable: {d.reason}"
    rows.append(("ICO", ico))
    told = b.individuals
    if told is None:
        rows.append(("Individuals", NOT_RECORDED))
    elif told.informed:
        rows.append(("Individuals", f"informed {_when(told.at)}: {told.how}"))
    else:
        rows.append(("Individuals", f"not informed: {told.reason}"))
    return tuple(rows)


def _findings(b: Breach) -> tuple[tuple[str, str], ...]:
    f = b.investigation
    return (
        ("Root cause", f.root_cause if f else NOT_RECORDED),
        ("Lessons learned", f.lessons_learned if f else NOT_RECORDED),
        ("Recommended changes", f.recommended_changes if f else NOT_RECORDED),
    )


def _outcome(b: Breach) -> tuple[tuple[str, str], ...]:
    rows = []
    if b.approval is not None:
        verdict = "approved" if b.approval.approved else "sent back"
        note = f": {b.approval.note}" if b.approval.note else ""
        rows.append(("SIRO", f"{verdict} by {b.approval.by.name} {_when(b.approval.at)}{note}"))
    elif b.needs_approval:
        rows.append(("SIRO", "approval needed, not given yet"))
    rows += [(f"Reopened {_when(r.at)}", r.reason) for r in b.reopenings]
    closure = b.closure
    rows.append(("Closed", f"{_when(closure.at)}: {closure.outcome}" if closure else "not yet"))
    return tuple(rows)


def build_post_breach_report(
    breach: Breach, events: Iterable[BreachEvent], *, organisation: str, now: datetime
) -> PostBreachReport:
    """Assemble the report of ``breach`` from its record and its events."""
    sections = (
        ("The breach", _incident(breach)),
        ("Assessment", _assessment(breach)),
        ("Containment, remediation, ICO and individuals", _response(breach)),
        ("Root cause, lessons learned and recommended changes", _findings(breach)),
        ("Approval and outcome", _outcome(breach)),
    )
    return PostBreachReport(
        breach.label, organisation, now, sections, tuple(timeline(events, with_text=True))
    )


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: PostBreachReport) -> str:
    """The report as Markdown."""
    out = [
        f"# Post-breach report: {report.reference}",
        "",
        f"{report.organisation} · prepared {format_london(report.prepared_at)}",
        "",
    ]
    for heading, rows in report.sections:
        out += [f"## {heading}", ""] + [f"- **{k}:** {_md(v)}" for k, v in rows] + [""]
    out += ["## Timeline", "", "| When (UK time) | Who | What |", "|---|---|---|"]
    out += [f"| {e.shown} | {_md(e.actor)} | {_md(e.text)} |" for e in report.timeline]
    return "\n".join(out) + "\n"


_STYLE = (
    "body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;color:#222}"
    "h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.5em}"
    "dt{font-weight:bold;margin-top:.4em}dd{margin-left:1.5em}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.25em .5em;"
    "text-align:left;vertical-align:top}@media print{body{margin:0}}"
)


def to_html(report: PostBreachReport) -> str:
    """The report as one self-contained printable HTML page."""
    title = f"Post-breach report: {escape(report.reference)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{escape(report.organisation)} · prepared "
        f"{escape(format_london(report.prepared_at))}</p>",
    ]
    for heading, rows in report.sections:
        out.append(f"<h2>{escape(heading)}</h2><dl>")
        out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows]
        out.append("</dl>")
    out.append("<h2>Timeline</h2><table><tr><th>When (UK time)</th><th>Who</th><th>What</th></tr>")
    out += [
        f"<tr><td>{escape(e.shown)}</td><td>{escape(e.actor)}</td><td>{escape(e.text)}</td></tr>"
        for e in report.timeline
    ]
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"
