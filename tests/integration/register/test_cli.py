"""``careguard db``/``register`` as a DPO would use them; failures are one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.cli import main

REPO_ROOT = Path(__file__).resolve().parents[3]
CONFIG = REPO_ROOT / "examples" / "citycare.toml"
SECRET = "Mr Quentin Invented's medication chart"
ADD = [
    "register",
    "add",
    "--config",
    str(CONFIG),
    "--service",
    "adults",
    "--discovered",
    "2026-03-29 00:30",
    "--reported",
    "2026-03-29 03:00",
    "--location",
    "Flat 9, Madeup Court",
    "--systems",
    "birdie,whatsapp",
    "--description",
    SECRET,
    "--reporter",
    "sam.carer@citycare.example",
]


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Production mode with a key, the test database, a private var dir."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    monkeypatch.delenv("CAREGUARD_CONFIG", raising=False)
    return db_url


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    """The whole of stderr, asserted to be a single ``careguard: error:`` line."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("careguard: error: ")
    assert "Traceback" not in err
    assert "Quentin" not in err
    return lines[0]


def test_add_list_show_ack_verify(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ADD) == 0
    out = capsys.readouterr().out
    # 00:30 GMT discovery, 03:00 BST report = 1 h 30 min elapsed: 30 min late.
    assert "BR-2026-0001" in out
    assert "30 min late" in out
    assert main(["register", "list", "--open", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["reference"] for r in listed] == ["BR-2026-0001"]
    assert SECRET not in json.dumps(listed)
    assert main(["register", "show", "br-2026-0001"]) == 0
    shown = capsys.readouterr().out
    assert SECRET in shown
    assert "Sun 29 Mar 2026 00:30 GMT" in shown
    status = main(
        [
            "register",
            "ack",
            "BR-2026-0001",
            "--by",
            "rhiannon.williams@citycare.example",
            "--config",
            str(CONFIG),
        ]
    )
    assert status == 0
    assert main(["register", "list", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert "acknowledged" in csv_out
    assert "rhiannon.williams@citycare.example" in csv_out
    assert main(["register", "verify"]) == 0
    assert "audit trail ok: 4 rows" in capsys.readouterr().out


def test_add_with_organisation_assigns_the_service_dpo(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(ADD) == 0
    assert "with rhiannon.williams@citycare.example" in capsys.readouterr().out


def test_export_json_has_the_details(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(ADD) == 0
    target = tmp_path / "export.json"
    assert main(["register", "export", "--format", "json", "--output", str(target)]) == 0
    records = json.loads(target.read_text())
    assert records[0]["description"] == SECRET
    assert records[0]["systems"] == ["Birdie", "WhatsApp"]
    assert main(["register", "export", "--format", "csv"]) == 0
    assert SECRET in capsys.readouterr().out


def test_verify_fails_with_the_row_after_tampering(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import text

    from bot.register.db import make_engine

    assert main(ADD) == 0
    engine = make_engine(cli_env)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    engine.dispose()
    capsys.readouterr()
    assert main(["register", "verify"]) == 1
    err = capsys.readouterr().err
    assert "row 2 is missing" in err
    assert "Traceback" not in err


def test_purge_dry_run_by_default(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "purge"]) == 0
    assert "would purge 0 breaches" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["register", "show", "BR-2026-0404"], "no breach with reference BR-2026-0404"),
        (["register", "show", "2026-404"], "not a breach reference"),
        (
            [
                *["register", "ack", "BR-2026-0404", "--by", "claire.best@citycare.example"],
                *["--config", str(CONFIG)],
            ],
            "no breach",
        ),
        (
            [a if a != "2026-03-29 00:30" else "29/03/2026" for a in ADD],
            "--discovered: needs the time of day too",
        ),
        (
            [a if a != "2026-03-29 00:30" else "when I got in" for a in ADD],
            "--discovered: not a date and time",
        ),
        (
            [a if a != "2026-03-29 00:30" else "2026-03-29 01:30" for a in ADD],
            "does not exist in the UK",
        ),
        (ADD[:6], "missing --discovered, --location, --systems, --description, --reporter"),
        ([*ADD[:-1], "Sam Carer"], "--reporter must be a sign-in name"),
        (
            ["register", "ack", "BR-2026-0001", "--by", "x@e.org", "--config", "/nonexistent.toml"],
            "cannot read the organisation file",
        ),
        (
            [
                "register",
                "ack",
                "BR-2026-0001",
                "--by",
                "support@danscomputerservices.example",
                "--config",
                str(CONFIG),
            ],
            "--by: the organisation file lists that person as IT support; only a DPO",
        ),
        (
            ["register", "ack", "BR-2026-0001", "--by", "anyone@anywhere.example"],
            "register ack needs the organisation file to check who may acknowledge a breach",
        ),
        (ADD[:2] + ADD[4:], "register add needs the organisation file to route the breach"),
    ],
)
def test_bad_input_is_one_clear_line(
    cli_env: str, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(argv) == 2
    assert expected in one_line_error(capsys)


def test_missing_key_in_production_names_it(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CAREGUARD_REGISTER_KEY")
    assert main(["register", "list"]) == 2
    assert "CAREGUARD_REGISTER_KEY" in one_line_error(capsys)


def test_wrong_key_is_one_line(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(ADD) == 0
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    assert main(["register", "show", "BR-2026-0001"]) == 2
    assert "does not decrypt" in one_line_error(capsys)


def test_add_prompts_for_missing_fields_in_a_terminal(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["2026-05-02 14:10", "Minibus", "paper", "Left a rota on the seat", ""])
    asked: list[str] = []

    def fake_input(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", fake_input)
    argv = ["register", "add", "--config", str(CONFIG), "--service", "children"]
    argv += ["--reporter", "sam@citycare.example", "--reported", "2026-05-02 14:40"]
    assert main(argv) == 0
    assert [p.split(" (")[0].removesuffix(": ") for p in asked] == [
        "When was it discovered?",
        "Where did it happen?",
        "Systems involved",
        "What happened?",
        "What was done straight away to contain it?",
    ]
    assert "BR-2026-0001" in capsys.readouterr().out
    assert main(["register", "show", "BR-2026-0001"]) == 0
    shown = capsys.readouterr().out
    assert "Left a rota on the seat" in shown
    assert "Sat 02 May 2026 14:10 BST" in shown
    assert "Systems:         Paper records" in shown


def test_dpo_logging_a_phoned_in_report_is_recorded(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*ADD, "--by", "claire.best@citycare.example"]
    assert main(argv) == 0
    assert main(["register", "show", "BR-2026-0001"]) == 0
    trail = capsys.readouterr().out.split("Audit trail:")[1]
    assert "claire.best@citycare.example  Reported to the DPO" in trail


def test_purge_apply_then_show_and_verify(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    import os
    from datetime import UTC, datetime

    from bot.register.breaches.crypto import FieldCipher, parse_keys
    from bot.register.breaches.repository import BreachRepository
    from bot.register.db import make_engine
    from tests.integration.register.factory import add_closed

    engine = make_engine(cli_env)
    cipher = FieldCipher(parse_keys(os.environ["CAREGUARD_REGISTER_KEY"]))
    old = add_closed(BreachRepository(engine, cipher), datetime(2019, 5, 1, 9, tzinfo=UTC))
    engine.dispose()
    assert main(["register", "purge"]) == 0
    dry = capsys.readouterr().out
    assert "would purge 1 breaches" in dry
    assert old.reference in dry
    assert main(["register", "purge", "--apply"]) == 0
    assert "purged 1 breaches" in capsys.readouterr().out
    assert main(["register", "show", old.reference or ""]) == 2
    assert "purged under the retention schedule" in one_line_error(capsys)
    assert main(["register", "list", "--format", "json"]) == 0
    (tomb,) = json.loads(capsys.readouterr().out)
    assert tomb["purged"] is True
    assert tomb["service"] == "adults"
    assert main(["register", "verify"]) == 0
