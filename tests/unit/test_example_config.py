"""The shipped example organisation file serves both the bot and the app package build."""

from __future__ import annotations

import zipfile
from pathlib import Path

from bot.cli import main
from bot.settings import load_organisation

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "citycare.toml"


def test_example_builds_a_valid_teams_package(tmp_path: Path) -> None:
    assert load_organisation(EXAMPLE).setup  # the organisation part still loads
    out = tmp_path / "careguard.zip"
    assert main(["manifest", "build", "--config", str(EXAMPLE), "--out", str(out)]) == 0
    assert main(["manifest", "validate", str(out)]) == 0
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
