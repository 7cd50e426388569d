"""The audit's counts, masking and weekly trend on a known export."""

from __future__ import annotations

from datetime import date, datetime

from bot.whatsapp.audit import BATCH, audit_chat
from bot.whatsapp.model import ChatMessage, DateOrder, Layout, MessageKind, ParsedChat
from bot.whatsapp.parser import parse_chat
from tests.unit.whatsapp.fakes import FIXTURES, RegexScanner


def _known() -> ParsedChat:
    return parse_chat((FIXTURES / "audit-known.txt").read_text(encoding="utf-8"))


def test_counts_on_the_known_export() -> None:
    report = audit_chat(_known(), RegexScanner(), chat_name="_chat.txt")
    assert report.messages_total == 9
    assert report.messages_scanned == 7  # media without caption and deleted have no text
    assert report.messages_flagged == 4
    assert (report.system_lines, report.media_messages, report.deleted_messages) == (1, 1, 1)
    assert report.by_entity_type == {"PERSON": 3, "UK_NHS": 2, "UK_POSTCODE": 1}
    assert report.by_sender == {
        "Priya Okafor": (4, 1),
        "Tom Ellery": (2, 2),
        "Dev Marsh": (1, 1),
    }
    assert report.period_start == datetime(2026, 11, 2, 8, 5)
    assert report.period_end == datetime(2026, 11, 17, 10, 6)
    assert (report.date_order, report.date_order_detected) == (DateOrder.DAY_FIRST, True)


def test_flagged_messages_are_masked_and_dated() -> None:
    report = audit_chat(_known(), RegexScanner(), chat_name="_chat.txt")
    first, _, multi, _ = report.flagged
    assert first.timestamp == datetime(2026, 11, 2, 9, 15)
    assert first.sender == "Tom Ellery"
    assert first.excerpt == "[PERSON] needs her meds at 10"
    assert multi.entity_types == ("PERSON", "UK_NHS", "UK_POSTCODE")
    assert multi.excerpt == "[PERSON], NHS [UK_NHS], at [UK_POSTCODE]"
    everything = repr(report)
    for raw in ("Margaret Hollis", "Arthur Penhale", "943 476 5919", "401 023 2137", "TR1 2AB"):
        assert raw not in everything


def test_weekly_trend_fills_empty_weeks_from_monday() -> None:
    report = audit_chat(_known(), RegexScanner(), chat_name="_chat.txt")
    assert [(w.week_start, w.messages, w.flagged) for w in report.weekly] == [
        (date(2026, 11, 2), 4, 2),
        (date(2026, 11, 9), 0, 0),
        (date(2026, 11, 16), 3, 2),
    ]


def test_a_chat_named_after_a_client_is_masked() -> None:
    report = audit_chat(_known(), RegexScanner(), chat_name="WhatsApp Chat with Edna Vosper.txt")
    assert report.chat_name == "WhatsApp Chat with [PERSON].txt"


def test_large_chats_are_scanned_in_batches_with_progress() -> None:
    msgs = tuple(
        ChatMessage(datetime(2026, 1, 5, 9, i % 60), "Priya Okafor", f"visit {i}", MessageKind.TEXT)
        for i in range(BATCH * 2 + 7)
    )
    chat = ParsedChat(msgs, Layout.ANDROID, DateOrder.DAY_FIRST, False)
    scanner = RegexScanner()
    seen: list[int] = []
    report = audit_chat(chat, scanner, chat_name="x.txt", progress=seen.append)
    assert sum(seen) == len(msgs) == report.messages_scanned
    assert max(scanner.calls) == BATCH
    assert report.messages_flagged == 0


def test_an_export_with_only_system_lines_has_an_empty_report() -> None:
    chat = parse_chat('23/11/2026, 08:00 - Priya Okafor created group "Rota"\n')
    report = audit_chat(chat, RegexScanner(), chat_name="_chat.txt")
    assert (report.messages_scanned, report.messages_flagged, report.weekly) == (0, 0, ())
    assert report.period_start == datetime(2026, 11, 23, 8, 0)


def test_repeated_texts_are_scanned_once_and_every_occurrence_counts() -> None:
    texts = ["Thanks", "Edna Vosper is home", "Thanks", "Edna Vosper is home", "On my way"]
    msgs = tuple(
        ChatMessage(datetime(2026, 1, 5, 9, i), "Tom Ellery", t, MessageKind.TEXT)
        for i, t in enumerate(texts)
    )
    chat = ParsedChat(msgs, Layout.ANDROID, DateOrder.DAY_FIRST, False)
    scanner = RegexScanner()
    seen: list[int] = []
    report = audit_chat(chat, scanner, chat_name="x.txt", progress=seen.append)
    assert scanner.calls[0] == 3  # three distinct texts (the chat name is scanned after)
    assert sum(seen) == report.messages_scanned == 5
    assert [f.timestamp.minute for f in report.flagged] == [1, 3]
    assert report.by_sender == {"Tom Ellery": (5, 2)}
