"""End to end: ``careguard whatsapp audit`` with the real detector (skipped until it exists)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

pytest.importorskip("nlp.detector")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "whatsapp"


def test_real_detector_flags_client_identifiers_and_masks_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text("name,known_as,service,care_plan\nDoris Pengelly,Doris,adults,CP-10423\n")
    staff = tmp_path / "staff.csv"
    staff.write_text("name,role\nPriya Okafor,carer\nTom Ellery,carer\n")
    out = tmp_path / "audit.json"
    argv = ["whatsapp", "audit", str(FIXTURES / "audit-real.txt")]
    argv += ["--clients", str(clients), "--staff", str(staff), "--out", str(out)]
    assert main(argv) == 0
    report = out.read_text(encoding="utf-8")
    data = json.loads(report)
    assert data["messages_scanned"] == 4
    flagged = {item["timestamp"]: item for item in data["flagged"]}
    assert "PERSON" in flagged["2026-11-23T09:15:00"]["entity_types"]
    assert "UK_NHS" in flagged["2026-11-23T12:00:00"]["entity_types"]
    assert "2026-11-23T08:05:00" not in flagged  # initials only: compliant
    for raw in ("Pengelly", "943 476 5919"):
        assert raw not in report
        assert raw not in capsys.readouterr().err


def test_real_detector_in_worker_processes_gives_the_same_report(tmp_path: Path) -> None:
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"audit-{jobs}.json"
        argv = ["whatsapp", "audit", str(FIXTURES / "audit-known.txt"), "--jobs", jobs]
        assert main([*argv, "--out", str(out)]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        del data["generated_at"]
        reports.append(data)
    assert reports[0] == reports[1]
    assert reports[0]["messages_flagged"] >= 2
