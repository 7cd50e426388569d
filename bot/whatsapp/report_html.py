"""The audit report as one self-contained, printable HTML file.

Everything taken from the export (sender names, excerpts, chat name) is escaped; the
only markup not written here is the chart's SVG, which matplotlib draws from dates
and counts alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

from bot.whatsapp.audit import AuditReport
from bot.whatsapp.chart import weekly_chart_svg
from bot.whatsapp.report_json import report_dict

ENTITY_LABELS: dict[str, str] = {
    "PERSON": "Name",
    "FIRST_NAME": "Name",
    "LAST_NAME": "Name",
    "CLIENT_NAME": "Client's name",
    "UK_NHS": "NHS number",
    "NHS_NUMBER": "NHS number",
    "UK_NINO": "National Insurance number",
    "PHONE_NUMBER": "Phone number",
    "UK_POSTCODE": "Postcode",
    "ADDRESS": "Address",
    "STREET_ADDRESS": "Address",
    "LOCATION": "Place",
    "DATE_OF_BIRTH": "Date of birth",
    "EMAIL_ADDRESS": "Email address",
    "CARE_PLAN_NUMBER": "Care plan number",
    "ROOM_NUMBER": "Room number",
    "DATE_TIME": "Date or time",
    "ORGANIZATION": "Organisation",
    "NRP": "Nationality, religion or politics",
    "CREDIT_CARD": "Card number",
    "IBAN_CODE": "Bank account (IBAN)",
    "IP_ADDRESS": "IP address",
    "URL": "Web address",
}
"""The detector's entity types as a DPO reads them (the JSON report keeps the types)."""

_MASK = re.compile(r"\[([A-Z][A-Z0-9_]*)\]")


def entity_label(entity_type: str) -> str:
    """``UK_NHS`` → ``NHS number``; a type not listed reads as words (``US_SSN`` → ``US SSN``)."""
    if entity_type in ENTITY_LABELS:
        return ENTITY_LABELS[entity_type]
    # Short words are initialisms (SSN, IP, US); the rest read as ordinary words.
    words = [w if len(w) <= 3 else w.lower() for w in entity_type.removeprefix("UK_").split("_")]
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def _labelled_excerpt(excerpt: str) -> str:
    """The masked excerpt with each ``[UK_NHS]`` shown as ``[NHS number]``."""
    return _MASK.sub(lambda m: f"[{entity_label(m.group(1))}]", excerpt)


_CSS = """
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
       color: #1b1b1b; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.meta { color: #555; margin-top: 0; }
.note { background: #fff6e0; border-left: 4px solid #e0a800; padding: .4rem .8rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f3f5; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.excerpt { white-space: pre-wrap; word-break: break-word; }
.chart svg { width: 100%; height: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  @page { size: A4; margin: 15mm; }
  tr, .chart { break-inside: avoid; } thead { display: table-header-group; }
  .note { border-left-color: #000; }
}
"""


def render_html(report: AuditReport, *, generated_at: datetime) -> str:
    """The HTML report: summary, counts, weekly chart and masked flagged messages."""
    data = report_dict(report, generated_at=generated_at)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>WhatsApp audit: {escape(_labelled_excerpt(report.chat_name))}</title>",
        f"<style>{_CSS}</style></head><body>",
        *_header(data),
        *_summary(data),
        "<h2>Flagged messages by type</h2>",
        _table(("Found", "Messages"), _by_label(data["by_entity_type"])),
        "<h2>Messages by sender</h2>",
        _table(
            ("Sender", "Messages scanned", "Flagged"),
            [(k, v["messages"], v["flagged"]) for k, v in data["by_sender"].items()],
        ),
        "<h2>Weekly trend</h2>",
        f'<div class="chart">{weekly_chart_svg(report.weekly) or "<p>No messages.</p>"}</div>',
        *_flagged(data["flagged"]),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _header(data: dict[str, Any]) -> list[str]:
    period = data["period"]
    order = data["date_order_assumed"]
    how = (
        "detected from the export"
        if data["date_order_detected"]
        else "assumed (UK default: nothing in the export proves the order)"
    )
    return [
        "<h1>WhatsApp chat audit</h1>",
        f'<p class="meta">Chat: {escape(_labelled_excerpt(data["chat"]["name"]))} '
        f"({escape(data['chat']['layout'])} export) · generated "
        f"{escape(data['generated_at'])}</p>",
        f"<p>Period covered: <strong>{escape(_when(period['start']))}</strong> to "
        f"<strong>{escape(_when(period['end']))}</strong> (phone's local time).</p>",
        f'<p class="note">Dates were read <strong>{escape(order)}</strong>, {how}. '
        "Identifiers in flagged messages are replaced by what they are, e.g. [Name].</p>",
    ]


def _summary(data: dict[str, Any]) -> list[str]:
    rows = [
        ("Messages in the export (excluding system lines)", data["messages_total"]),
        ("Messages scanned (with text)", data["messages_scanned"]),
        ("Messages flagged", data["messages_flagged"]),
        ("Media messages", data["media_messages"]),
        ("Deleted messages", data["deleted_messages"]),
        ("System lines (not scanned)", data["system_lines"]),
    ]
    return ["<h2>Summary</h2>", _table(("", "Count"), rows)]


def _flagged(items: Sequence[dict[str, Any]]) -> list[str]:
    if not items:
        return ["<h2>Flagged messages</h2>", "<p>No message was flagged.</p>"]
    rows = [
        (
            _when(i["timestamp"]),
            i["sender"],
            ", ".join(dict.fromkeys(entity_label(t) for t in i["entity_types"])),
            _labelled_excerpt(i["excerpt"]),
        )
        for i in items
    ]
    return [
        f"<h2>Flagged messages ({len(items)})</h2>",
        _table(("Date", "Sender", "Found", "Masked excerpt"), rows, excerpt_col=3),
    ]


def _by_label(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted((entity_label(entity_type), n) for entity_type, n in counts.items())


def _table(
    head: Sequence[str], rows: Iterable[Sequence[object]], *, excerpt_col: int | None = None
) -> str:
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            css = "n" if isinstance(value, int) else "excerpt" if i == excerpt_col else ""
            attr = f' class="{css}"' if css else ""
            cells.append(f"<td{attr}>{escape(str(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _when(iso: str | None) -> str:
    """A readable UK-style date and time from the report's ISO timestamp."""
    if iso is None:
        return "—"
    return datetime.fromisoformat(iso).strftime("%a %d %b %Y %H:%M")
