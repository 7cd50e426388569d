"""The embedded register, its WAL and shared-memory files and var/ are private (issue 11)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import text

from bot.register.db import make_engine
from bot.register.migrate import upgrade


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_register_is_created_for_its_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: files 0644, folders 0755 unless we say otherwise
    try:
        var = tmp_path / "var"
        db = var / "careguard.db"
        url = f"sqlite:///{db}"
        upgrade(url)
        engine = make_engine(url)
        with engine.connect() as connection:  # an open connection keeps the WAL and SHM
            connection.execute(text("CREATE TABLE probe (x INTEGER)"))
            connection.execute(text("INSERT INTO probe VALUES (1)"))
            connection.commit()
            wal, shm = db.with_name("careguard.db-wal"), db.with_name("careguard.db-shm")
            assert wal.exists()
            assert (mode(var), mode(db), mode(wal), mode(shm)) == (0o700, 0o600, 0o600, 0o600)
        engine.dispose()
    finally:
        os.umask(old)


def test_an_existing_register_is_narrowed_at_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "careguard.db"
    upgrade(f"sqlite:///{db}")
    db.chmod(0o644)  # as an older version left it
    upgrade(f"sqlite:///{db}")
    assert mode(db) == 0o600
