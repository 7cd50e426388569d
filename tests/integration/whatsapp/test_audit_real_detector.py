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


ORGANISATION = Path(__file__).resolve().parents[3] / "examples" / "citycare.toml"
OFFICE_CHAT = (
    "02/11/2026, 08:05 - Priya Okafor: Ring the office on 0117 496 0100 if the key safe sticks\n"
    "02/11/2026, 08:10 - Tom Ellery: timesheets to t.ellery@citycare.example please\n"
    "02/11/2026, 08:15 - Priya Okafor: her daughter is on 07700 900321\n"
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_organisations_own_contacts_are_not_flagged_with_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.delenv("CAREGUARD_CONFIG", raising=False)
    export = tmp_path / "office.txt"
    export.write_text(OFFICE_CHAT, encoding="utf-8")

    def flagged(*config: str) -> set[str]:
        out = tmp_path / f"audit-{len(config)}-{jobs}.json"
        argv = ["whatsapp", "audit", str(export), "--jobs", jobs, "--out", str(out)]
        assert main([*config, *argv]) == 0
        return {i["timestamp"] for i in json.loads(out.read_text(encoding="utf-8"))["flagged"]}

    family = "2026-11-02T08:15:00"
    assert flagged() == {"2026-11-02T08:05:00", "2026-11-02T08:10:00", family}
    assert flagged("--config", str(ORGANISATION)) == {family}  # office line, own domain pass
