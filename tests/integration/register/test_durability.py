"""Several writers never share a reference; a killed writer loses nothing it acknowledged."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import BreachRow
from bot.register.breaches.repository import BreachRepository
from bot.register.breaches.verify import verify_chain
from bot.register.db import make_engine, read_session
from bot.register.migrate import upgrade
from tests.integration.register.factory import reported

WRITERS = 8
REPORTS_EACH = 100
REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_eight_concurrent_writers_never_share_a_reference(db_url: str, cipher: FieldCipher) -> None:
    start = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)

    def writer(w: int) -> list[str]:
        engine = make_engine(db_url)  # each writer has its own pool and connections
        repo = BreachRepository(engine, cipher)
        refs = []
        for n in range(REPORTS_EACH):
            breach, events = reported(start + timedelta(minutes=w, seconds=n))
            stored = repo.add(breach, events)
            assert stored.reference is not None
            refs.append(stored.reference)
        engine.dispose()
        return refs

    with ThreadPoolExecutor(WRITERS) as pool:
        refs = [r for batch in pool.map(writer, range(WRITERS)) for r in batch]

    total = WRITERS * REPORTS_EACH
    assert len(refs) == total
    assert len(set(refs)) == total, "duplicate references handed out"
    assert sorted(refs) == [f"BR-2026-{n:04d}" for n in range(1, total + 1)]
    engine = make_engine(db_url)
    with read_session(engine) as session:
        assert session.execute(select(func.count()).select_from(BreachRow)).scalar() == total
    report = verify_chain(engine, cipher)
    assert report.ok, report.problem
    assert report.rows == total * 3
    engine.dispose()


@pytest.mark.slow
def test_sigkilled_writer_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    upgrade(url)
    key = Fernet.generate_key()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.register.writer", url, key.decode(), "1000"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    assert proc.stdout is not None
    acknowledged = []
    for line in proc.stdout:
        acknowledged.append(line.strip())
        if len(acknowledged) == 150:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    acknowledged.extend(line.strip() for line in proc.stdout if line.strip())
    assert proc.returncode == -signal.SIGKILL, "the writer finished before it was killed"

    with sqlite3.connect(tmp_path / "crash.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {r for (r,) in raw.execute("SELECT reference FROM breaches")}
    assert set(acknowledged) <= stored
    assert len(stored) >= len(acknowledged)
    engine = make_engine(url)
    report = verify_chain(engine, FieldCipher([key]))
    engine.dispose()
    assert report.ok, report.problem
