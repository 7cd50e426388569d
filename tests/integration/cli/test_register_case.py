"""The DPO's half of the procedure at the desk, on SQLite and PostgreSQL: every step of
``careguard register`` from acknowledgement to closure, the refusals, the whole case in
``show``, the ICO pack, the post-breach report, the annual review, and planned purges."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.cli import main
from bot.domain.clocks import to_london

ROOT = Path(__file__).resolve().parents[3]
CONFIG = str(ROOT / "examples" / "citycare.toml")
DPO = "rhiannon.williams@citycare.example"
OTHER_DPO = "claire.best@citycare.example"
SIRO = "tony.merrick@citycare.example"
DIRECTOR = "director.a@citycare.example"
IT = "support@danscomputerservices.example"
SECRET = "Rota naming Mr Quentin Invented sent to the wrong address"


class Desk:
    """``careguard ...`` in this process; each call returns (status, stdout, stderr)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        status = main(list(args))
        out, err = self.capsys.readouterr()
        return status, out, err

    def ok(self, *args: str) -> str:
        status, out, err = self(*args)
        assert status == 0, err
        return out

    def refused(self, *args: str) -> str:
        """The one error line of a refused command (no traceback, no free text)."""
        status, _out, err = self(*args)
        assert status != 0
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, err
        assert lines[0].startswith("careguard: error: ")
        assert "Quentin" not in err
        return lines[0].removeprefix("careguard: error: ")

    def add(self) -> str:
        out = self.ok(
            "register", "add", "--service", "adults", "--discovered", "30 minutes ago",
            "--location", "Office", "--systems", "Email", "--description", SECRET,
            "--containment", "1", "--reporter", "sam.carer@citycare.example",
        )  # fmt: skip
        return out.split()[1].rstrip(";")

    def work_to_closure(self, ref: str, *, ack: bool = True) -> None:
        """Every step of the procedure, as the DPO, IT support and the SIRO take them."""
        r = ("register",)
        if ack:
            self.ok(*r, "ack", ref, "--by", DPO)
        self.ok(
            *r, "assess", ref, "--data-types", "personal,special-category", "--affected", "3",
            "--impact", "Distress", "--high-risk", "yes", "--rationale", "Health data",
            "--by", DPO,
        )  # fmt: skip
        added = self.ok(
            *r, "action", ref, "--add", "Recall the email", "--owner", "it", "--by", DPO
        )
        assert added == f"Action 1 added to {ref}, for IT support.\n"
        self.ok(*r, "action", ref, "--done", "1", "--note", "Recalled", "--by", IT)
        self.ok(*r, "ico", ref, "--notified", "--ico-ref", "IC-0042", "--by", DPO)
        self.ok(*r, "inform", ref, "--informed", "--how", "Phone call", "--by", DPO)
        self.ok(
            *r, "investigate", ref, "--root-cause", "Autocomplete", "--lessons", "Check first",
            "--recommendations", "Turn autocomplete off", "--by", DPO,
        )  # fmt: skip
        self.ok(*r, "approve", ref, "--by", SIRO)
        self.ok(*r, "close", ref, "--summary", "Recalled; training booked", "--by", DPO)


@pytest.fixture
def desk(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Desk:
    """Production mode with a key, the test database, the example organisation file."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CAREGUARD_CONFIG", CONFIG)
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    return Desk(capsys)


def test_the_whole_procedure_with_its_refusals(desk: Desk) -> None:
    ref = desk.add()
    r = ("register",)
    assert desk.refused(*r, "close", ref, "--summary", "x", "--by", DPO) == (
        f"Nothing changed on {ref}: cannot close a breach that is reported; "
        "acknowledge and assess it first"
    )
    assert desk.refused(*r, "ico", ref, "--notified", "--by", DPO).startswith(
        f"Nothing changed on {ref}: cannot record the ICO decision"
    )
    desk.ok(*r, "ack", ref, "--by", DPO)
    assert desk.refused(*r, "ico", ref, "--not-reportable", "--reason", "x", "--by", DPO) == (
        f"Nothing changed on {ref}: record the assessment first: the ICO decision follows from it"
    )
    assert "only a DPO, the SIRO or a director may assess a breach" in desk.refused(
        *r, "assess", ref, "--data-types", "personal", "--affected", "1", "--impact", "x",
        "--high-risk", "no", "--rationale", "x", "--by", IT,
    )  # fmt: skip
    assert desk.refused(*r, "assess", ref, "--data-types", "personal", "--affected", "1",
        "--impact", "x", "--high-risk", "no", "--rationale", "x", "--by", OTHER_DPO,
    ).startswith("Sorry, that breach belongs to the adults service")  # fmt: skip
    desk.ok(
        *r, "assess", ref, "--data-types", "personal,children", "--affected", "40", "--estimate",
        "--impact", "Distress", "--high-risk", "yes", "--rationale", "Health data", "--by", DPO,
    )  # fmt: skip
    assert "the ICO must be notified" in desk.refused(
        *r, "ico", ref, "--not-reportable", "--reason", "Minor", "--by", DPO
    )
    assert "only the SIRO may approve" in desk.refused(*r, "approve", ref, "--by", DPO)
    assert desk.refused(*r, "approve", ref, "--by", SIRO) == (
        f"Nothing changed on {ref}: the post-breach report is not ready: record the ICO "
        "decision; record whether the individuals were informed; record the investigation"
    )
    desk.work_to_closure(ref, ack=False)
    shown = desk.ok(*r, "show", ref)
    for line in (
        "Stage:           closed",
        "Individuals:     3",
        "Action 1 (containment, for IT support, done ",
        f"by {IT} (Recalled)): Recall the email",
        "ICO decision:    notified ",
        ", ICO case IC-0042 (within 72 h)",
        "Informed:        ",
        "Root cause:      Autocomplete",
        "Changes:         Turn autocomplete off",
        f"by {SIRO}",
        "Closed:          ",
        "Audit trail:",
        "Post-breach report approved by the SIRO",
        "Refused: ",
    ):
        assert line in shown, line
    desk.ok(*r, "reopen", ref, "--reason", "A second copy turned up", "--by", SIRO)
    again = desk.ok(*r, "show", ref)
    assert "Reopened:        " in again
    assert "Approval:        the SIRO's approval is needed" in again
    assert desk.ok(*r, "verify").startswith("audit trail ok")


def test_an_action_added_without_by_is_the_owners(desk: Desk) -> None:
    ref = desk.add()
    r = ("register", "action", ref)
    status, out, err = desk(*r, "--add", "Recall the email", "--owner", "it")
    assert (status, out) == (2, "")
    assert err == (
        f"careguard: error: {ref} has no owner yet (nobody has acknowledged it): give --by UPN\n"
    )
    desk.ok("register", "ack", ref, "--by", DPO)
    added = desk.ok(*r, "--add", "Recall the email", "--owner", "it")
    assert added == f"Action 1 added to {ref}, for IT support.\n"
    named = desk.ok(*r, "--add", "Check the outbox", "--kind", "remediation", "--by", DPO)
    assert named == f"Action 2 added to {ref}, for the DPO.\n"
    # Marking one done always names who did it.
    status, _out, err = desk(*r, "--done", "1")
    assert (status, err) == (2, "careguard: error: --done needs --by UPN: who did the action\n")
    trail = desk.ok("register", "show", ref).split("Audit trail:")[1]
    recorded = [line.split("  ")[-2:] for line in trail.splitlines() if "action" in line]
    assert recorded == [
        [DPO, "Containment action recorded: Recall the email"],
        [DPO, "Remediation action recorded: Check the outbox"],
    ], trail


def test_without_the_organisation_file_the_steps_refuse(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = desk.add()
    monkeypatch.delenv("CAREGUARD_CONFIG")
    for args in (
        ("assess", ref, "--data-types", "personal", "--affected", "1", "--impact", "x",
         "--high-risk", "no", "--rationale", "x", "--by", DPO),
        ("close", ref, "--summary", "x", "--by", DPO),
        ("ico-pack", ref),
        ("show", ref, "--by", DPO),
        ("list", "--by", DPO),
    ):  # fmt: skip
        assert "give --config FILE or set CAREGUARD_CONFIG" in desk.refused("register", *args)


def test_the_ico_pack_and_the_post_breach_report(desk: Desk, tmp_path: Path) -> None:
    ref = desk.add()
    desk.work_to_closure(ref)
    pack = json.loads(desk.ok("register", "ico-pack", ref, "--format", "json"))
    assert pack["description"] == SECRET
    assert pack["data_subjects"]["number"] == 3
    assert pack["data_subjects"]["estimate"] is False
    assert pack["likely_consequences"] == "Distress"
    assert "containment (done): Recall the email" in pack["measures_taken"]
    assert [e["text"] for e in pack["timeline"]][:1] == ["Report started"]
    markdown = desk.ok("register", "ico-pack", ref)
    for heading in (
        "## 1. Description",
        "## 2. Data subjects",
        "## 3. Likely",
        "## 4. Measures",
        "## Timeline",
    ):
        assert heading in markdown
    out = tmp_path / "report.html"
    assert desk.ok("register", "post-breach-report", ref, "--format", "html", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert "http" not in html.replace("http-equiv", "")
    assert "Turn autocomplete off" in html
    report = json.loads(desk.ok("register", "post-breach-report", ref, "--format", "json"))
    findings = report["sections"]["Root cause, lessons learned and recommended changes"]
    assert findings == {
        "Root cause": "Autocomplete",
        "Lessons learned": "Check first",
        "Recommended changes": "Turn autocomplete off",
    }
    md = desk.ok("register", "post-breach-report", ref, "--format", "md")
    assert "- **SIRO:** approved by Tony Merrick" in md


def test_list_and_show_are_scoped_by_who_is_looking(desk: Desk) -> None:
    ref = desk.add()

    def listed(by: str) -> list[str]:
        return [
            b["reference"]
            for b in json.loads(desk.ok("register", "list", "--format", "json", "--by", by))
        ]

    assert listed(DPO) == [ref]
    assert listed(SIRO) == [ref]
    assert listed(DIRECTOR) == [ref]
    assert listed(OTHER_DPO) == []
    assert desk.refused("register", "list", "--by", IT) == (
        "Sorry, only the DPOs, the SIRO and directors can list breaches. "
        "Your attempt has been noted"
    )
    assert desk.refused("register", "show", ref, "--by", OTHER_DPO).startswith(
        "Sorry, that breach belongs to the adults service"
    )
    assert desk.refused("register", "ico-pack", ref, "--by", IT).startswith("Sorry, only")
    assert SECRET in desk.ok("register", "show", ref, "--by", SIRO)
    trail = desk.ok("register", "show", ref).split("Audit trail:")[1]
    assert trail.count("  Refused: ") == 2
    assert OTHER_DPO in trail
    assert IT in trail


def test_the_annual_review_counts_from_the_register(desk: Desk, tmp_path: Path) -> None:
    closed, still_open = desk.add(), desk.add()
    desk.work_to_closure(closed)
    year = to_london(datetime.now(UTC)).year
    out = desk.ok("register", "report", "--year", str(year), "--out", str(tmp_path / "review"))
    markdown = tmp_path / "review" / f"breach-review-{year}.md"
    assert out.splitlines() == [f"wrote {markdown}", f"wrote {markdown.with_suffix('.png')}"]
    text = markdown.read_text(encoding="utf-8")
    assert "| Adults | 2 | 2 | 0 | 1 | 1 | 1 | 0 | 1 | 1 | 1 |" in text
    assert "Quentin" not in text
    assert markdown.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    assert "has not started yet" in desk.refused("register", "report", "--year", str(year + 1))
    assert still_open


def test_purge_as_of_plans_and_apply_leaves_a_tombstone(desk: Desk, db_url: str) -> None:
    from bot.register.breaches.crypto import FieldCipher, parse_keys
    from bot.register.breaches.retention import purge
    from bot.register.db import make_engine

    closed, reopened = desk.add(), desk.add()
    desk.work_to_closure(closed)
    desk.work_to_closure(reopened)
    desk.ok("register", "reopen", reopened, "--reason", "New facts", "--by", DPO)
    seven_years = to_london(datetime.now(UTC) + timedelta(days=7 * 366)).strftime("%Y-%m-%d")
    planned = desk.ok("register", "purge", "--as-of", seven_years)
    assert planned.startswith("would purge 1 breaches closed before")
    assert closed in planned
    assert reopened not in planned
    assert "would purge 0 breaches" in desk.ok("register", "purge")
    assert "before their retention ends" in desk.refused(
        "register", "purge", "--as-of", seven_years, "--apply"
    )
    engine = make_engine(db_url)  # the purge itself, on a clock 7 years on
    try:
        cipher = FieldCipher(parse_keys(os.environ["CAREGUARD_REGISTER_KEY"]))
        later = datetime.now(UTC) + timedelta(days=7 * 366)
        report = purge(engine, cipher, now=later, apply=True)
    finally:
        engine.dispose()
    assert [c.reference for c in report.candidates] == [closed]
    rows = {b["reference"]: b for b in json.loads(desk.ok("register", "list", "--format", "json"))}
    assert rows[closed]["purged"] is True
    assert rows[reopened]["purged"] is False
    assert desk.ok("register", "verify").startswith("audit trail ok")


def test_a_role_refused_at_the_desk_is_in_the_audit_trail(desk: Desk) -> None:
    ref = desk.add()
    r = ("register",)
    line = desk.refused(
        *r, "assess", ref, "--data-types", "personal", "--affected", "1", "--impact", "x",
        "--high-risk", "no", "--rationale", "y", "--by", IT,
    )  # fmt: skip
    assert "IT support" in line
    trail = desk.ok(*r, "show", ref)
    refusal = [x for x in trail.splitlines() if IT in x]
    assert refusal, trail
    assert "refused" in refusal[-1].lower()
    assert desk.refused(*r, "ack", ref, "--by", "nobody@else.example").startswith("--by: nobody")
    assert desk.ok(*r, "verify").startswith("audit trail ok")
