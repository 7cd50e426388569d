"""Scanning across worker processes gives the same results, in order."""

from __future__ import annotations

import pytest

from bot.whatsapp.audit import audit_chat
from bot.whatsapp.parallel import ParallelScanner, ScannerStartError
from bot.whatsapp.parser import parse_chat
from tests.unit.whatsapp.fakes import FIXTURES, RegexScanner, regex_scanner_factory


def test_results_match_a_single_process_in_order() -> None:
    texts = [f"visit {i}" if i % 7 else f"Edna Vosper visit {i}" for i in range(50)]
    expected = RegexScanner().scan_many(texts)
    with ParallelScanner(regex_scanner_factory, (), jobs=2) as scanner:
        got = scanner.scan_many(texts)
        assert scanner.scan_many([]) == []
    assert [r.flagged for r in got] == [r.flagged for r in expected]
    assert [[(f.entity_type, f.start, f.end) for f in r.findings] for r in got] == [
        [(f.entity_type, f.start, f.end) for f in r.findings] for r in expected
    ]


def test_the_audit_is_the_same_with_workers() -> None:
    chat = parse_chat((FIXTURES / "audit-known.txt").read_text(encoding="utf-8"))
    single = audit_chat(chat, RegexScanner(), chat_name="_chat.txt")
    with ParallelScanner(regex_scanner_factory, (), jobs=2) as scanner:
        multi = audit_chat(chat, scanner, chat_name="_chat.txt")
    assert multi == single


def test_a_worker_that_cannot_start_is_reported() -> None:
    with (
        ParallelScanner(regex_scanner_factory, (True,), jobs=2) as scanner,
        pytest.raises(ScannerStartError, match="failed to start"),
    ):
        scanner.scan_many(["x", "y"])
