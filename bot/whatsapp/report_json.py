"""The audit report as plain data (the JSON report, and what the HTML report shows)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.whatsapp.audit import AuditReport

REPORT_KIND = "careguard.whatsapp-audit"
REPORT_VERSION = 1


def report_dict(report: AuditReport, *, generated_at: datetime) -> dict[str, Any]:
    """The report as JSON-ready data.

    Timestamps of messages are the phone's local time as written in the export (ISO 8601,
    no offset); ``generated_at`` carries its own offset.
    """
    return {
        "report": REPORT_KIND,
        "version": REPORT_VERSION,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "chat": {"name": report.chat_name, "layout": report.layout.value},
        "period": {
            "start": _iso(report.period_start),
            "end": _iso(report.period_end),
        },
        "date_order_assumed": report.date_order.value,
        "date_order_detected": report.date_order_detected,
        "messages_total": report.messages_total,
        "messages_scanned": report.messages_scanned,
        "messages_flagged": report.messages_flagged,
        "system_lines": report.system_lines,
        "media_messages": report.media_messages,
        "deleted_messages": report.deleted_messages,
        "by_entity_type": dict(report.by_entity_type),
        "by_sender": {
            name: {"messages": sent, "flagged": hits}
            for name, (sent, hits) in report.by_sender.items()
        },
        "weekly": _weekly(report),
        "flagged": _flagged(report),
    }


def _weekly(report: AuditReport) -> list[dict[str, Any]]:
    return [
        {"week_start": w.week_start.isoformat(), "messages": w.messages, "flagged": w.flagged}
        for w in report.weekly
    ]


def _flagged(report: AuditReport) -> list[dict[str, Any]]:
    return [
        {
            "timestamp": _iso(f.timestamp),
            "sender": f.sender,
            "entity_types": list(f.entity_types),
            "excerpt": f.excerpt,
        }
        for f in report.flagged
    ]


def render_json(report: AuditReport, *, generated_at: datetime) -> str:
    """The JSON report, UTF-8 text with a trailing newline."""
    data = report_dict(report, generated_at=generated_at)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None
