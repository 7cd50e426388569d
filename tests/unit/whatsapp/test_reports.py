"""The HTML and JSON reports: same content, masked, escaped, self-contained."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.whatsapp.audit import AuditReport, audit_chat
from bot.whatsapp.parser import parse_chat
from bot.whatsapp.report_html import render_html
from bot.whatsapp.report_json import render_json
from tests.unit.whatsapp.fakes import FIXTURES, RegexScanner

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
RAW = (
    "Margaret Hollis",
    "Arthur Penhale",
    "Edna Vosper",
    "943 476 5919",
    "401 023 2137",
    "TR1 2AB",
)


@pytest.fixture(scope="module")
def report() -> AuditReport:
    chat = parse_chat((FIXTURES / "audit-known.txt").read_text(encoding="utf-8"))
    return audit_chat(chat, RegexScanner(), chat_name="_chat.txt")


def test_json_top_level_content(report: AuditReport) -> None:
    data = json.loads(render_json(report, generated_at=NOW))
    assert data["messages_scanned"] == 7
    assert data["messages_flagged"] == 4
    assert data["by_entity_type"] == {"PERSON": 3, "UK_NHS": 2, "UK_POSTCODE": 1}
    assert data["by_sender"]["Tom Ellery"] == {"messages": 2, "flagged": 2}
    assert data["period"] == {"start": "2026-11-02T08:05:00", "end": "2026-11-17T10:06:00"}
    assert data["date_order_assumed"] == "day-first"
    assert data["weekly"][1] == {"week_start": "2026-11-09", "messages": 0, "flagged": 0}
    assert data["flagged"][1] == {
        "timestamp": "2026-11-04T12:00:00",
        "sender": "Dev Marsh",
        "entity_types": ["UK_NHS"],
        "excerpt": "NHS number is [UK_NHS] for the GP",
    }


@pytest.mark.parametrize("render", [render_json, render_html])
def test_no_raw_identifier_in_either_report(
    report: AuditReport, render: Callable[..., str]
) -> None:
    out = render(report, generated_at=NOW)
    for raw in RAW:
        assert raw not in out


def test_html_escapes_message_content(report: AuditReport) -> None:
    out = render_html(report, generated_at=NOW)
    assert "<script" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; [Name] is back home" in out


def test_html_is_self_contained_and_printable(report: AuditReport) -> None:
    out = render_html(report, generated_at=NOW)
    assert out.count("<svg") == 1
    assert "@media print" in out
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", out)
    assert "<link" not in out
    assert "day-first" in out
    assert "Mon 02 Nov 2026 08:05" in out  # period start, UK style
    assert "Wed 04 Nov 2026 12:00" in out  # a flagged message's date


def test_html_and_json_show_the_same_counts(report: AuditReport) -> None:
    html = render_html(report, generated_at=NOW)
    for sender, counts in json.loads(render_json(report, generated_at=NOW))["by_sender"].items():
        row = f'<td>{sender}</td><td class="n">{counts["messages"]}</td>'
        assert row + f'<td class="n">{counts["flagged"]}</td>' in html


def test_html_says_when_the_date_order_was_only_assumed() -> None:
    chat = parse_chat((FIXTURES / "android-ambiguous.txt").read_text(encoding="utf-8"))
    out = render_html(audit_chat(chat, RegexScanner(), chat_name="x.txt"), generated_at=NOW)
    assert "assumed (UK default" in out
    assert "No message was flagged." in out
