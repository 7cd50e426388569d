"""``careguard scan``: the readable report and the JSON-lines contract, through the real CLI."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main


class FakeStdin(io.TextIOWrapper):
    """Text stdin whose ``buffer`` holds the given bytes."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")


def test_report_shows_findings_and_rewrite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "Mrs Patterson's NHS number is 943 476 5919"]) == 0
    out = capsys.readouterr().out
    assert "FLAGGED: 2 findings" in out
    assert "UK_NHS" in out
    assert "30-42" in out
    assert "Mrs P.'s NHS number is [NHS number removed]" in out


def test_report_for_a_compliant_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "MT had a good day, CP-10423 updated"]) == 0
    assert capsys.readouterr().out.startswith("OK: no client-identifying data found.")


def test_jsonl_one_line_out_per_line_in(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    roster_paths: tuple[Path, Path],
) -> None:
    clients, staff = roster_paths
    data = (
        b'{"id": 1, "text": "Doris didn\'t want her breakfast"}\n'
        b"not json\n"
        b"\n"
        b'{"id": "x"}\n'
        b'{"id": 2, "text": "Thanks Sarah Penhallow!"}\n'
    )
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    status = main(["scan", "--jsonl", "--clients", str(clients), "--staff", str(staff)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert [json.loads(line) for line in lines] == [
        {
            "id": 1,
            "flagged": True,
            "findings": [{"entity_type": "PERSON", "start": 0, "end": 5, "score": 0.85}],
        },
        {"id": None, "error": "line is not valid JSON"},
        {"id": None, "error": "blank line"},
        {"id": "x", "error": "missing 'text' string"},
        {"id": 2, "flagged": False, "findings": []},
    ]


def test_bad_roster_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "clients.csv"
    roster.write_text("full_name\nSecretname Person\n", encoding="utf-8")
    assert main(["scan", "--clients", str(roster), "hello"]) == 2
    err = capsys.readouterr().err
    assert "careguard: error: client roster" in err
    assert "line 1: no 'name' column" in err
    assert "Secretname" not in err
    assert "Traceback" not in err


def test_text_and_jsonl_together_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--jsonl", "hello"]) == 2
    assert "either a message" in capsys.readouterr().err


def test_jsonl_answers_each_line_before_the_next_arrives() -> None:
    """A streaming caller gets each answer as soon as its line is written (output flushed)."""
    import select
    import subprocess

    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "scan", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        for n, text in enumerate(["NHS 943 476 5919", "all fine"]):
            proc.stdin.write(json.dumps({"id": n, "text": text}).encode() + b"\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready, "no answer while the input stream is still open"
            answer = json.loads(proc.stdout.readline())
            assert answer["id"] == n
            assert answer["flagged"] is (n == 0)
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0


def test_missing_spacy_model_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--spacy-model", "en_core_web_nonexistent", "hello"]) == 2
    err = capsys.readouterr().err
    assert "en_core_web_nonexistent" in err
    assert "Traceback" not in err
