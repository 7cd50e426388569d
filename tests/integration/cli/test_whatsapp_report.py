"""``careguard whatsapp audit`` as a DPO runs it: labels people read, and zips without a chat."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.integration.cli.terminal import ROOT, clean_env, error_line, run

KNOWN = ROOT / "tests" / "fixtures" / "whatsapp" / "audit-known.txt"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_env(CAREGUARD_VAR_DIR=str(tmp_path / "var"))


def test_the_html_report_names_what_it_found_in_words(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    done = run(["whatsapp", "audit", str(KNOWN), "--out", str(out)], env)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert '<td>NHS number</td><td class="n">2</td>' in html
    assert "<td>Postcode</td>" in html
    assert "NHS number is [NHS number] for the GP" in html
    for machine_type in ("UK_NHS", "UK_POSTCODE", "[PERSON]"):
        assert machine_type not in html


def test_a_zip_of_two_other_text_files_has_no_chat(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("minutes.txt", "Minutes of the team meeting\nAll present\n")
        zf.writestr("rota.txt", "Monday: early shift\n")
    done = run(["whatsapp", "audit", str(path)], env)
    assert error_line(done) == (
        f"careguard: error: {path} contains no WhatsApp chat text file (2 other text files)"
    )


def test_a_renamed_chat_is_found_beside_other_text(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "Minutes of the team meeting\n")
        zf.writestr("group backup.txt", KNOWN.read_bytes())
    out = tmp_path / "audit.json"
    done = run(["whatsapp", "audit", str(path), "--out", str(out)], env)
    assert done.returncode == 0, done.stderr
    assert "scanned 7 messages, 4 flagged" in done.stderr
