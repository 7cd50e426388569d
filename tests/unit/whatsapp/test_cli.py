"""``careguard whatsapp audit`` as a user runs it (with a fake detector)."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli import whatsapp as whatsapp_cli
from nlp.detector import DetectorConfig
from tests.unit.whatsapp.fakes import FIXTURES, RegexScanner

KNOWN = FIXTURES / "audit-known.txt"


@pytest.fixture(autouse=True)
def fake_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whatsapp_cli, "build_scanner", lambda config: RegexScanner())


def test_json_report_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "audit.json"
    assert main(["whatsapp", "audit", str(KNOWN), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["messages_scanned"], data["messages_flagged"]) == (7, 4)
    err = capsys.readouterr().err
    assert "scanned 7 messages, 4 flagged" in err
    assert "Margaret" not in err


def test_html_report_from_a_zip_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "WhatsApp Chat - Northside.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(KNOWN, "_chat.txt")
    assert main(["whatsapp", "audit", str(export)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>")
    assert "Flagged messages (4)" in out


def test_format_flag_wins_over_the_file_suffix(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    assert main(["whatsapp", "audit", str(KNOWN), "--format", "html", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("careguard: error: ")
    assert captured.out == ""
    return lines[0]


def test_missing_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no such file" in _fails(["whatsapp", "audit", str(tmp_path / "x.txt")], capsys)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Minutes of the team meeting\nAll present\n", "does not look like a WhatsApp"),
    ],
)
def test_bad_exports_fail_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(content)
    assert message in _fails(["whatsapp", "audit", str(path)], capsys)


def test_zip_without_a_chat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("IMG-20261123-WA0001.jpg", b"\xff\xd8\xff")
    assert "no WhatsApp chat" in _fails(["whatsapp", "audit", str(path)], capsys)


def test_missing_clients_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["whatsapp", "audit", str(KNOWN), "--clients", str(tmp_path / "clients.csv")]
    assert "--clients: no such file" in _fails(argv, capsys)


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["whatsapp", "audit", str(KNOWN), "--out", str(tmp_path / "no" / "dir" / "r.html")]
    assert "cannot write" in _fails(argv, capsys)
    assert list(tmp_path.iterdir()) == []


def test_without_the_detector_installed_the_error_is_clear(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.undo()
    monkeypatch.setitem(sys.modules, "nlp.detector", None)
    assert "detector" in _fails(["whatsapp", "audit", str(KNOWN)], capsys)


def test_month_first_export_is_reported_as_such(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    export = FIXTURES / "android-month-first.txt"
    assert main(["whatsapp", "audit", str(export), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["date_order_assumed"], data["date_order_detected"]) == ("month-first", True)
    assert data["period"]["end"] == "2026-12-01T10:00:00"


class _Tty:
    """A stand-in stderr that says it is a terminal and keeps what was written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


def _big_export(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "big.txt"
    lines = [f"23/11/2026, 14:{i % 60:02d} - Priya Okafor: visit {i} done" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_bar_on_a_terminal_for_large_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    export = _big_export(tmp_path, whatsapp_cli.PROGRESS_MIN_MESSAGES)
    assert main(["whatsapp", "audit", str(export), "--out", str(tmp_path / "r.json")]) == 0
    assert "Scanning" in tty.text
    assert f"{whatsapp_cli.PROGRESS_MIN_MESSAGES}/{whatsapp_cli.PROGRESS_MIN_MESSAGES}" in tty.text


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _big_export(tmp_path, whatsapp_cli.PROGRESS_MIN_MESSAGES)
    assert main(["whatsapp", "audit", str(export), "--out", str(tmp_path / "r.json")]) == 0
    assert "Scanning" not in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_bad_jobs_value_is_refused(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["whatsapp", "audit", str(KNOWN), "--jobs", jobs])
    assert exc.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_the_report_never_overwrites_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "chat.txt"
    export.write_bytes(KNOWN.read_bytes())
    assert "must not be the export" in _fails(
        ["whatsapp", "audit", str(export), "--out", str(export)], capsys
    )
    assert export.read_bytes() == KNOWN.read_bytes()


def test_an_export_with_only_system_lines_still_gets_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "chat.txt"
    export.write_text('23/11/2026, 08:00 - Priya Okafor created group "Rota"\n', encoding="utf-8")
    assert main(["whatsapp", "audit", str(export)]) == 0
    out = capsys.readouterr().out
    assert "No messages." in out
    assert "No message was flagged." in out


def test_ios_zip_end_to_end_with_rosters_forwarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    forwarded: list[tuple[Path | None, Path | None]] = []

    def fake(config: DetectorConfig) -> RegexScanner:
        forwarded.append((config.clients_csv, config.staff_csv))
        return RegexScanner()

    monkeypatch.setattr(whatsapp_cli, "build_scanner", fake)
    clients, staff = tmp_path / "clients.csv", tmp_path / "staff.csv"
    clients.write_text("name\nEdna Vosper\n", encoding="utf-8")
    staff.write_text("name\nPriya Okafor\n", encoding="utf-8")
    export = tmp_path / "WhatsApp Chat - Northside carers.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIXTURES / "ios-24h.txt", "_chat.txt")
    argv = ["whatsapp", "audit", str(export), "--format", "json"]
    assert main([*argv, "--clients", str(clients), "--staff", str(staff)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert forwarded == [(clients, staff)]
    assert data["chat"] == {"name": "_chat.txt", "layout": "ios"}
    assert (data["messages_total"], data["messages_scanned"]) == (9, 5)
    assert (data["media_messages"], data["deleted_messages"], data["system_lines"]) == (3, 2, 4)
    assert data["by_sender"]["~ Dev Marsh"] == {"messages": 1, "flagged": 0}
