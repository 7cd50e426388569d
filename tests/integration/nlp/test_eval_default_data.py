"""``careguard eval`` works in any clone: its data ships with the project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_eval_runs_without_data_outside_the_repository(tmp_path: Path) -> None:
    # Run from an empty folder, so nothing beside the current directory can be found.
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "eval", "--limit", "5", "--format", "json"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["data"]["wnut17_dev"] == 5
    assert result["data"]["presidio_synth"] == 5


def test_the_shipped_data_carries_its_licences() -> None:
    data = REPO / "nlp" / "data" / "eval"
    readme = (data / "README.md").read_text(encoding="utf-8")
    for name in ("wnut17train.conll", "emerging.dev.conll", "presidio_synth_v2.json"):
        assert name in readme
    assert "CC-BY 4.0" in (data / "wnut17" / "README.upstream.md").read_text(encoding="utf-8")
    assert "MIT License" in (data / "presidio_synth_v2.LICENSE.txt").read_text(encoding="utf-8")
