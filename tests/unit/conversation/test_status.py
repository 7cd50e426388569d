"""/breach status: a reporter's own reports, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.conversation import ReportRecord, status_reply
from tests.unit.conversation.conftest import BST_NOW, GMT_NOW, HAPPY_ANSWERS, started


def record(ref: str, hours_ago: float, state: str = "reported", **kw: bool) -> ReportRecord:
    return ReportRecord(ref, state, GMT_NOW - timedelta(hours=hours_ago), **kw)  # type: ignore[arg-type]


def test_no_reports_says_how_to_report() -> None:
    reply = status_reply([], GMT_NOW)
    assert "haven't reported any breaches" in reply.text
    assert "/breach" in reply.text
    assert reply.data == {"count": 0}


def test_reports_are_listed_newest_first_with_plain_states() -> None:
    records = [
        record("BR-2026-0001", 50, "closed", within_hour=True),
        record("BR-2026-0003", 0.5, "reported", within_hour=True),
        record("BR-2026-0002", 20, "acknowledged", within_hour=False),
    ]
    lines = status_reply(records, GMT_NOW).text.splitlines()
    assert lines[0] == "Your breach reports, newest first:"
    assert lines[1] == (
        "• BR-2026-0003 — reported 09:23 today, within the hour — "
        "with the DPO, not yet acknowledged"
    )
    assert lines[2].startswith("• BR-2026-0002 — reported 13:53 yesterday, after the hour")
    assert lines[2].endswith("acknowledged by the DPO")
    assert lines[3].startswith("• BR-2026-0001 — reported 07:53 on Sat 21 Nov")
    assert lines[3].endswith("— closed")


def test_times_are_london_times_in_summer() -> None:
    rec = ReportRecord("BR-2026-0009", "assessed", datetime(2026, 7, 15, 8, 0, tzinfo=UTC), True)
    assert "reported 09:00 today" in status_reply([rec], BST_NOW).text


def test_partial_reports_are_marked() -> None:
    text = status_reply([record("BR-2026-0004", 1, within_hour=True, incomplete=True)], GMT_NOW)
    assert "BR-2026-0004 (partial report)" in text.text


def test_long_lists_are_cut_with_a_count() -> None:
    records = [record(f"BR-2026-{n:04d}", n, within_hour=True) for n in range(1, 15)]
    reply = status_reply(records, GMT_NOW, limit=10)
    assert reply.text.count("•") == 10
    assert "…and 4 older." in reply.text
    assert "BR-2026-0001" in reply.text  # the newest
    assert "BR-2026-0014" not in reply.text


def test_a_report_in_progress_is_mentioned() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    reply = status_reply([], GMT_NOW, in_progress=chat.last.state)
    assert "You have a report in progress (question 3 of 6)" in reply.text
