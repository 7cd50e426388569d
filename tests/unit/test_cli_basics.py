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
