"""The JSON-lines contract: exactly one output line per input line, in order."""

from __future__ import annotations

import json

from nlp.detector import Finding, ScanResult
from nlp.jsonl import scan_lines


class FakeScanner:
    """Flags any text containing "NHS"; raises on "boom"."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def scan(self, text: str) -> ScanResult:
        self.seen.append(text)
        if "boom" in text:
            raise RuntimeError("secret message content")
        if "NHS" in text:
            return ScanResult(True, (Finding("UK_NHS", 4, 16, 1.0, "fake"),))
        return ScanResult(False, ())


def run(lines: list[bytes]) -> list[dict[str, object]]:
    # The records must survive a JSON round trip, as the CLI writes them.
    return [json.loads(json.dumps(r)) for r in scan_lines(FakeScanner(), lines)]


def test_good_lines_give_results_in_order() -> None:
    out = run([b'{"id": 1, "text": "NHS 943 476 5919"}\n', b'{"id": "b", "text": "fine"}\n'])
    assert out == [
        {
            "id": 1,
            "flagged": True,
            "findings": [{"entity_type": "UK_NHS", "start": 4, "end": 16, "score": 1.0}],
        },
        {"id": "b", "flagged": False, "findings": []},
    ]


def test_bad_lines_get_an_error_line_and_the_run_continues() -> None:
    lines = [
        b"not json\n",
        b"\n",
        b"   \r\n",
        b'{"id": 7}\n',
        b'{"id": 8, "text": 42}\n',
        b"[1, 2]\n",
        b'{"id": 9, "text": "caf\xff"}\n',
        b'{"id": 10, "text": "still scanned"}',  # no final newline
    ]
    out = run(lines)
    assert len(out) == len(lines)
    assert out[0] == {"id": None, "error": "line is not valid JSON"}
    assert out[1] == {"id": None, "error": "blank line"}
    assert out[2] == {"id": None, "error": "blank line"}
    assert out[3] == {"id": 7, "error": "missing 'text' string"}
    assert out[4] == {"id": 8, "error": "missing 'text' string"}
    assert out[5] == {"id": None, "error": "line is not a JSON object"}
    assert out[6] == {"id": None, "error": "line is not UTF-8 text"}
    assert out[7] == {"id": 10, "flagged": False, "findings": []}


def test_a_scan_failure_is_reported_without_the_text() -> None:
    out = run([b'{"id": 1, "text": "boom"}\n', b'{"id": 2, "text": "ok"}\n'])
    assert out[0] == {"id": 1, "error": "internal error while scanning"}
    assert out[1]["flagged"] is False
    assert "secret" not in json.dumps(out)


def test_missing_id_is_null_but_text_is_scanned() -> None:
    assert run([b'{"text": "fine"}\n']) == [{"id": None, "flagged": False, "findings": []}]
