"""The embedded SQLite register is set up for durability and several writers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import event, text

from bot.register.db import make_engine, read_session, write_session


def test_pragmas_and_begin_modes(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    with write_session(engine) as session:
        pragmas = {
            name: session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    with read_session(engine) as session:
        session.execute(text("SELECT 1"))
    engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 30000,
    }
    assert [s for s in sent if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN"]


def test_a_second_writer_waits_instead_of_failing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    holding = threading.Event()

    def slow_writer() -> None:
        with write_session(engine) as session:
            session.execute(text("INSERT INTO t VALUES (1)"))
            holding.set()
            time.sleep(0.5)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    holding.wait(5)
    started = time.monotonic()
    with write_session(engine) as session:  # blocks on the lock, then succeeds
        session.execute(text("INSERT INTO t VALUES (2)"))
    waited = time.monotonic() - started
    thread.join()
    with read_session(engine) as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar() == 2
    engine.dispose()
    assert waited > 0.2
