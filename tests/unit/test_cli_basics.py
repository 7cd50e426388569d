"""The command line fails with one clear line, never a traceback."""

from __future__ import annotations

import pytest

from bot.cli import main


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: careguard" in capsys.readouterr().err


def test_bad_environment_value_names_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREGUARD_ENV", "staging")
    status = main(["serve", "--port", "1"])
    err = capsys.readouterr().err
    assert status == 2
    assert "CAREGUARD_ENV" in err
    assert "Traceback" not in err


def test_building_the_command_line_loads_no_database_or_detector_code() -> None:
    # Every command pays for what the parser imports; --help and --version must stay quick.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from bot.cli import build_parser\n"
        "build_parser()\n"
        "heavy = ('sqlalchemy', 'presidio_analyzer', 'spacy', 'bot.whatsapp.audit',\n"
        "         'bot.services.hygiene_report', 'aiohttp')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_licence_is_an_spdx_expression() -> None:
    import re
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads(
        (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert re.fullmatch(r"LicenseRef-[A-Za-z0-9.-]+", pyproject["project"]["license"])
    # The string form needs setuptools 77 (PEP 639); older ones reject it.
    assert "setuptools>=77" in pyproject["build-system"]["requires"]
