"""What reaches a user's terminal from the commands that load the detector: our lines only.

Presidio announces every recognizer it loads (INFO) and warns about languages (WARNING);
none of that is for a carer or a DPO. ``-v`` shows it for whoever is debugging.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.cli.terminal import CONFIG, ROOT, clean_env, run

KNOWN = ROOT / "tests" / "fixtures" / "whatsapp" / "audit-known.txt"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_env(CAREGUARD_ENV="development", CAREGUARD_VAR_DIR=str(tmp_path / "var"))


def test_scan_says_only_its_answer(env: dict[str, str]) -> None:
    done = run(["scan", "Visited Mrs Ada Lovelace, NHS 943 476 5919"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("FLAGGED")
    assert done.stderr == ""


def test_verbose_shows_the_library_lines(env: dict[str, str]) -> None:
    done = run(["-v", "scan", "nothing to see"], env)
    assert done.returncode == 0, done.stderr
    assert "presidio-analyzer: Loaded recognizer" in done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_whatsapp_audit_says_only_its_summary(
    env: dict[str, str], tmp_path: Path, jobs: str
) -> None:
    out = tmp_path / "report.html"
    done = run(["whatsapp", "audit", str(KNOWN), "--out", str(out), "--jobs", jobs], env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (f"careguard: scanned 7 messages, 4 flagged; report written to {out}\n")


def test_console_chat_help_says_the_name_once(env: dict[str, str]) -> None:
    assert run(["db", "upgrade"], env).returncode == 0
    done = run(["chat", "--config", str(CONFIG)], env, stdin="/help\n/quit\n")
    assert done.returncode == 0, done.stderr
    assert "CareGuard: Commands you can use:\n" in done.stdout
    assert "CareGuard: CareGuard" not in done.stdout
    assert "presidio" not in done.stderr.lower()
