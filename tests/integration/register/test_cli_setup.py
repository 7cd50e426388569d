"""Setting up the register from the command line, and what happens when it is not set up."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.cli import main

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CAREGUARD_REGISTER_KEY", raising=False)
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    monkeypatch.delenv("CAREGUARD_CONFIG", raising=False)
    var = tmp_path / "var"
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(var))
    return var


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("careguard")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_dev_upgrade_creates_var_database_and_key(
    env: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    assert not env.exists()
    assert main(["--dev", "db", "upgrade"]) == 0
    assert (env / "careguard.db").exists()
    assert main(["--dev", "register", "list"]) == 0
    key = env / "register.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "created a new register key" in caplog.text
    Fernet(key.read_bytes().strip())  # a usable key
    before = key.read_bytes()
    assert main(["--dev", "register", "list"]) == 0
    assert key.read_bytes() == before


def test_not_upgraded_sqlite_says_what_to_do(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    assert main(["register", "list"]) == 2
    assert "careguard db upgrade" in one_line(capsys)
    assert not (env / "careguard.db").exists()


@pytest.mark.postgres
def test_unreachable_database_is_one_line(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://careguard:s3cret@127.0.0.1:9/none")
    assert main(["register", "list"]) == 2
    line = one_line(capsys)
    assert "cannot reach the register database" in line
    assert "s3cret" not in line
    assert main(["db", "upgrade"]) == 2
    assert "cannot reach" in one_line(capsys)


def test_alembic_ini_works_from_the_repository_root(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    alembic = Path(sys.executable).with_name("alembic")
    steps = (["upgrade", "head"], ["check"], ["downgrade", "base"])
    for args in steps:
        done = subprocess.run(
            [str(alembic), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert "Running downgrade 0001_register" in done.stderr


def test_migrations_check_passes() -> None:
    from bot.register.migrations_check import check

    assert check() is None


def test_upgrade_where_no_folder_can_be_made_is_one_line(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker / 'sub' / 'x.db'}")
    assert main(["db", "upgrade"]) == 2
    assert "cannot create the register database" in one_line(capsys)


def test_migrations_check_fails_on_model_drift() -> None:
    # A model without a migration, in a separate process so the shared metadata stays clean.
    script = (
        "import sys\n"
        "from sqlalchemy import Integer\n"
        "from sqlalchemy.orm import Mapped, mapped_column\n"
        "from bot.register.base import Base\n"
        "class Unmigrated(Base):\n"
        "    __tablename__ = 'unmigrated'\n"
        "    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n"
        "from bot.register.migrations_check import main\n"
        "sys.exit(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "models and migrations differ" in done.stderr
    assert "unmigrated" in done.stderr
