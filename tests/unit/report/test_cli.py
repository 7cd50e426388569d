"""``careguard register report``: what a DPO sees on the command line (register faked)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import cli
from bot.cli import report as report_cli
from bot.domain.facts import BreachFacts, breach_facts
from tests.unit.report import builders as b


@pytest.fixture
def fake_register(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[object]:
    breach = b.acked(
        b.reported("BR-2026-0001", datetime(2026, 3, 2, 10, tzinfo=UTC)), timedelta(minutes=6)
    )
    loaded: list[object] = []

    def load(settings: object) -> list[BreachFacts]:
        loaded.append(settings)
        return [breach_facts(breach)]

    monkeypatch.setattr(report_cli, "_load", load)
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path / "var"))
    return loaded


def test_report_writes_markdown_and_chart(fake_register, tmp_path: Path, capsys) -> None:
    status = cli.main(["--dev", "register", "report", "--month", "2026-03", "--out", str(tmp_path)])
    assert status == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"wrote {tmp_path / 'breach-report-2026-03.md'}",
        f"wrote {tmp_path / 'breach-report-2026-03.png'}",
    ]
    text = (tmp_path / "breach-report-2026-03.md").read_text(encoding="utf-8")
    assert "| Median time to acknowledge | 6 min (1 acknowledged, 0 not yet acknowledged) |" in text


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "careguard: error: bad month '2026-13': give it as YYYY-MM, e.g. 2026-03"),
        ("03/2026", "careguard: error: bad month '03/2026': give it as YYYY-MM, e.g. 2026-03"),
        ("2999-01", "careguard: error: the month 2999-01 has not started yet"),
    ],
)
def test_bad_month_is_one_clear_line(fake_register, tmp_path: Path, capsys, month, message) -> None:
    status = cli.main(["--dev", "register", "report", "--month", month, "--out", str(tmp_path)])
    assert status == 2
    err = capsys.readouterr().err
    assert err.strip() == message
    assert fake_register == []  # the register was not even opened
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_one_clear_line(fake_register, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status = cli.main(["--dev", "register", "report", "--month", "2026-03", "--out", str(blocker)])
    assert status == 2
    assert capsys.readouterr().err.startswith(
        f"careguard: error: cannot write the report to {blocker}"
    )
