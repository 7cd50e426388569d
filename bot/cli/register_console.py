"""Turning register contents into text for the command line: tables, CSV, JSON, details."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.cli.case_text import case_lines
from bot.cli.systems import label
from bot.domain.breach import Breach
from bot.domain.clocks import format_london
from bot.domain.codec import to_jsonable
from bot.domain.records import BreachSummary
from bot.domain.timeline import describe
from bot.register.breaches.audit import AuditEntry

SUMMARY_FIELDS = (
    "reference",
    "service",
    "state",
    "discovered_at",
    "reported_at",
    "minutes_late",
    "acknowledged_at",
    "assigned_to",
    "high_risk",
    "category",
    "ico_deadline",
    "ico_notified",
    "open_actions",
    "incomplete",
    "closed_at",
    "purged",
)

EXPORT_FIELDS = (
    *SUMMARY_FIELDS,
    "reporter",
    "location",
    "systems",
    "other_system",
    "description",
    "containment_notes",
    "actions",
    "acknowledged_by",
    "risk_rationale",
    "data_types",
    "individuals",
    "likely_impact",
    "ico_decision",
    "root_cause",
    "lessons_learned",
    "recommended_changes",
    "outcome",
)


def london(at: datetime | None) -> str:
    """A UK-local time for people, or an empty string."""
    return format_london(at) if at is not None else ""


def duration(minutes: int) -> str:
    """``45 min``, ``5 h 07 min`` or ``3 d 4 h``: a length of time people can read."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def summary_record(summary: BreachSummary) -> dict[str, Any]:
    """A flat JSON-safe record of a summary (times in UTC ISO 8601)."""
    return {name: to_jsonable(getattr(summary, name)) for name in SUMMARY_FIELDS}


def export_record(summary: BreachSummary, breach: Breach | None) -> dict[str, Any]:
    """A flat record with every detail of a breach (tombstones have summary fields only)."""
    record: dict[str, Any] = dict.fromkeys(EXPORT_FIELDS)
    record.update(summary_record(summary))
    if breach is None:
        return record
    assessment, investigation = breach.assessment, breach.investigation
    record.update(
        reporter=breach.reporter.upn,
        location=breach.location,
        systems=[s.value for s in breach.systems],
        other_system=breach.other_system,
        description=breach.description,
        containment_notes=breach.containment_notes,
        actions=to_jsonable(breach.actions),
        acknowledged_by=breach.acknowledged_by.upn if breach.acknowledged_by else None,
        risk_rationale=breach.risk_rationale,
        data_types=sorted(t.value for t in assessment.data_types) if assessment else None,
        individuals=to_jsonable(assessment.individuals) if assessment else None,
        likely_impact=assessment.likely_impact if assessment else None,
        ico_decision=to_jsonable(breach.ico_decision),
        root_cause=investigation.root_cause if investigation else None,
        lessons_learned=investigation.lessons_learned if investigation else None,
        recommended_changes=investigation.recommended_changes if investigation else None,
        outcome=breach.closure.outcome if breach.closure else None,
    )
    return record


def to_json(records: Sequence[dict[str, Any]]) -> str:
    """Records as an indented JSON array."""
    return json.dumps(list(records), indent=2, ensure_ascii=False)


def to_csv(records: Sequence[dict[str, Any]], fields: Sequence[str]) -> str:
    """Records as CSV with a header row; lists and objects are JSON-encoded cells."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(record.get(k)) for k in fields})
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_table(summaries: Iterable[BreachSummary]) -> str:
    """An aligned text table for people (London times)."""
    head = ("REFERENCE", "SERVICE", "STATE", "REPORTED (UK)", "LATE", "ACKNOWLEDGED (UK)", "WITH")
    rows = [head]
    for s in summaries:
        state = "purged" if s.purged else s.state.value + (" (incomplete)" if s.incomplete else "")
        late = duration(s.minutes_late) if s.minutes_late else ""
        rows.append(
            (
                s.reference,
                s.service.value if s.service else "(not given)",
                state,
                london(s.reported_at),
                late,
                london(s.acknowledged_at),
                s.assigned_to or "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def details(breach: Breach, trail: Sequence[AuditEntry], now: datetime | None = None) -> str:
    """Everything about one breach, for the DPO at a terminal: the report, the case, the trail."""
    lines = [
        f"{breach.label}  {breach.service.value if breach.service else '?'}  {breach.state.value}",
        f"Reported by:     {breach.reporter.name} <{breach.reporter.upn}>",
        f"Discovered:      {london(breach.discovered_at)}",
        f"Reported:        {london(breach.reported_at)}"
        + (f" ({duration(breach.report_minutes_late)} late)" if breach.report_minutes_late else ""),
        f"Location:        {breach.location or ''}",
        f"Systems:         {systems_text(breach)}",
        f"Description:     {breach.description or ''}",
        f"Containment:     {breach.containment_notes or ''}",
        f"With:            {breach.assigned_to.upn if breach.assigned_to else ''}",
        f"Acknowledged:    {london(breach.acknowledged_at)}"
        + (f" by {breach.acknowledged_by.upn}" if breach.acknowledged_by else ""),
    ]
    lines += case_lines(breach, now if now is not None else datetime.now(UTC))
    lines.append("Audit trail:")
    lines.extend(_trail_line(entry) for entry in trail)
    return "\n".join(lines)


def systems_text(breach: Breach) -> str:
    """The systems with the bot's labels: ``"Email, Paper records, Other (Nourish)"``."""
    names = [label(s.value) for s in breach.systems]
    if breach.other_system and "Other" in names:
        names[names.index("Other")] = f"Other ({breach.other_system})"
    return ", ".join(names)


def _trail_line(entry: AuditEntry) -> str:
    event = entry.to_event()
    what = describe(event, with_text=True) if event is not None else entry.kind
    if entry.kind == "action_refused" and entry.body is not None:
        what = f"Refused: {entry.body.get('verb', '?')} ({entry.body.get('reason', '')})"
    who = entry.actor or "(erased)"
    return f"  #{entry.seq}  {london(entry.at)}  {who}  {what}"
