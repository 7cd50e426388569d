"""``careguard hygiene report --weeks N``: bounded, with one line for a number out of range."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.cli.terminal import clean_env, error_line, run


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = clean_env(CAREGUARD_ENV="development", CAREGUARD_VAR_DIR=str(tmp_path / "var"))
    assert run(["db", "upgrade"], env).returncode == 0
    return env


@pytest.mark.parametrize("weeks", ["521", "100000000", "0"])
def test_weeks_out_of_range_get_one_line(env: dict[str, str], weeks: str) -> None:
    done = run(["hygiene", "report", "--weeks", weeks], env)
    assert error_line(done) == (
        f"careguard: error: --weeks must be 1 to 520 (ten years), not {weeks}"
    )
    assert done.returncode == 2


def test_ten_years_on_an_empty_register(env: dict[str, str]) -> None:
    done = run(["hygiene", "report", "--weeks", "520"], env)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("Name warnings, 520 weeks, ")
    assert first.endswith(": 0 in all.")
