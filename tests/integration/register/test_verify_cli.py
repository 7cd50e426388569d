"""``careguard register verify [--checkpoint FILE]`` and the checkpoint ``db upgrade`` writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.cli import main
from bot.register.breaches import checkpoint
from bot.register.db import make_engine
from bot.services.anchor import checkpoint_text
from tests.integration.register.tamper import move_head
from tests.integration.register.test_cli import ADD


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Production mode with a key and a private var dir; yields the checkpoint's path."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    monkeypatch.delenv("CAREGUARD_CONFIG", raising=False)
    monkeypatch.delenv("CAREGUARD_REGISTER_CHECKPOINT", raising=False)
    yield checkpoint.path_for(db_url) or tmp_path / "var" / "register.checkpoint"
    checkpoint.configure(db_url, None)


def test_upgrade_writes_the_checkpoint_and_verify_compares(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert f"checkpoint {cli_env}: 0 audit rows" in capsys.readouterr().out
    assert main(ADD) == 0
    assert main(["register", "verify"]) == 0
    out = capsys.readouterr().out
    assert "audit trail ok: 3 rows, 1 breaches" in out
    assert f"checkpoint {cli_env} of " in out
    assert "3 rows, matches" in out


def test_missing_checkpoint_is_said(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ADD) == 0
    cli_env.unlink()
    capsys.readouterr()
    assert main(["register", "verify"]) == 1
    err = capsys.readouterr().err
    assert "audit trail checks out (3 rows" in err
    assert f"no checkpoint at {cli_env}: rows cut off the end cannot be detected" in err


def test_cut_tail_named_against_a_pasted_daily_post(
    db_url: str, cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(ADD) == 0
    post = tmp_path / "post.txt"  # the DPO's copy of the channel post, pasted into a file
    post.write_text(checkpoint_text("2026-03-29", cli_env.read_text()), encoding="utf-8")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 3"))
    move_head(engine, 2)
    engine.dispose()
    cli_env.unlink()  # the copy on the server is gone too
    capsys.readouterr()
    assert main(["register", "verify", "--checkpoint", str(post)]) == 1
    err = capsys.readouterr().err
    assert "BROKEN: rows 3 to 3 are missing from the end" in err
    assert "Traceback" not in err


def test_unreadable_checkpoint_is_one_line(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(ADD) == 0
    junk = tmp_path / "junk.txt"
    junk.write_text("not a checkpoint", encoding="utf-8")
    capsys.readouterr()
    assert main(["register", "verify", "--checkpoint", str(junk)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == f"careguard: error: checkpoint {junk}: it holds no well-formed CareGuard checkpoint"
    )
