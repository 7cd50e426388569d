"""Tamper suite: each attack of someone with database write access is caught and named.

The register: breach 1 reported (rows 1-3), breach 2 taken to closed (rows 4-11), breach 3
reported (rows 12-14) and then acknowledged (row 15). Every test runs on SQLite and
PostgreSQL, with the checkpoint the register itself wrote beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.domain import lifecycle
from bot.register.breaches import checkpoint
from bot.register.breaches.checkpoint import Checkpoint
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.breaches.verify import VerifyReport, verify_chain
from tests.integration.register import tamper
from tests.integration.register.factory import DPO, add_closed, add_reported
from tests.integration.register.tamper import sql

T0 = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
ROWS = 15


@pytest.fixture
def anchored(db_url: str, tmp_path: Path) -> Iterator[Path]:
    """Where the register writes its checkpoint (beside a SQLite file; a path for PostgreSQL)."""
    path = checkpoint.path_for(db_url) or tmp_path / "register.checkpoint"
    checkpoint.configure(db_url, path)
    yield path
    checkpoint.configure(db_url, None)


@pytest.fixture
def register(anchored: Path, repo: BreachRepository) -> dict[str, object]:
    """The register described above; returns breach 3's row as it was before row 15."""
    add_reported(repo, T0)
    add_closed(repo, T0 + timedelta(hours=1))
    third = add_reported(repo, T0 + timedelta(hours=2))
    saved = tamper.breach_row(repo._engine, 3)  # what an old backup would hold
    repo.apply(
        third.reference or "",
        lambda b: lifecycle.acknowledge(b, by=DPO, at=T0 + timedelta(hours=3)),
    )
    return saved


def mark(path: Path) -> Checkpoint:
    found = checkpoint.read(path)
    assert found is not None, "the register wrote no checkpoint"
    return found


def check(engine: Engine, cipher: FieldCipher, path: Path) -> VerifyReport:
    return verify_chain(engine, cipher, checkpoint=mark(path))


def texts(report: VerifyReport) -> str:
    return " | ".join(p.text for p in report.problems)


def test_valid_register_verifies(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    cp = mark(anchored)
    assert cp.count == ROWS
    assert anchored.stat().st_mode & 0o777 == 0o600
    report = check(engine, cipher, anchored)
    assert report.ok, texts(report)
    assert (report.rows, report.breaches) == (ROWS, 3)
    assert report.head_hash == cp.head


def test_edit_is_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    sql(engine, "UPDATE audit_events SET kind = 'closed' WHERE seq = 6")
    report = check(engine, cipher, anchored)
    assert report.bad_seq == 6
    assert report.problem is not None
    assert report.problem.startswith("row 6 was edited")


def test_delete_is_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    sql(engine, "DELETE FROM audit_events WHERE seq = 7")
    report = check(engine, cipher, anchored)
    assert report.bad_seq == 7
    assert "row 7 is missing" in texts(report)


def test_insert_is_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    # Make room at 5 (moving later rows up, last first), then copy row 3 in.
    for seq in range(ROWS, 4, -1):
        sql(engine, "UPDATE audit_events SET seq = :n WHERE seq = :s", n=seq + 1, s=seq)
    columns = (
        "breach_id, reference, kind, recorded_at, actor, payload, body_digest, "
        "snapshot_digest, prev_hash, row_hash, key_id, row_mac, redacted"
    )
    sql(
        engine,
        f"INSERT INTO audit_events (seq, {columns}) SELECT 5, {columns} "  # noqa: S608
        "FROM audit_events WHERE seq = 3",
    )
    report = check(engine, cipher, anchored)
    assert report.bad_seq == 5
    assert "row 5 does not link to row 4" in texts(report)


def test_reorder_is_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    tamper.swap_seq(engine, 8, 9)
    report = check(engine, cipher, anchored)
    assert report.bad_seq == 8
    assert "row 8 does not link to row 7" in texts(report)


def test_truncated_tail_is_named_by_the_checkpoint(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: dict[str, object]
) -> None:
    # Cut row 15 off, move the head back and put breach 3 back as an old backup had it:
    # inside the database everything agrees again.
    sql(engine, "DELETE FROM audit_events WHERE seq = 15")
    tamper.move_head(engine, 14)
    tamper.restore_breach(engine, 3, register)
    assert verify_chain(engine, cipher).ok  # without the checkpoint: not detectable
    report = check(engine, cipher, anchored)
    assert report.bad_seq == 15
    assert "rows 15 to 15 are missing from the end" in texts(report)
    assert "the tail was cut off" in texts(report)


def test_event_moved_to_another_breach_is_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    sql(engine, "UPDATE audit_events SET breach_id = 1 WHERE seq = 5")  # row 5 is breach 2's
    report = check(engine, cipher, anchored)
    assert report.bad_seq == 5
    assert "row 5 was edited" in texts(report)


def test_swapped_snapshots_are_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    one = tamper.scalar(engine, "SELECT snapshot FROM breaches WHERE id = 1")
    three = tamper.scalar(engine, "SELECT snapshot FROM breaches WHERE id = 3")
    sql(engine, "UPDATE breaches SET snapshot = :s WHERE id = 1", s=three)
    sql(engine, "UPDATE breaches SET snapshot = :s WHERE id = 3", s=one)
    report = check(engine, cipher, anchored)
    assert report.bad_seq is None  # the trail itself is intact
    named = sorted(p.reference or "" for p in report.problems)
    assert named == ["BR-2026-0001", "BR-2026-0003"]
    assert "breach BR-2026-0001 (breach row 1) does not match its latest audit row 3" in texts(
        report
    )


@pytest.mark.parametrize("keep_macs", [False, True], ids=["own-key", "old-signatures"])
def test_consistent_rechain_without_the_key_is_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object, keep_macs: bool
) -> None:
    # Rewrite row 6 and recompute every hash, link and the head from there.
    sql(engine, "UPDATE audit_events SET kind = 'closed' WHERE seq = 6")
    tamper.rechain(engine, 6, keep_macs=keep_macs)
    report = check(engine, cipher, anchored)
    assert report.bad_seq == 6
    assert "row 6 is not signed by the register key" in texts(report)


def test_breach_row_edited_is_named(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    sql(engine, "UPDATE breaches SET state = 'closed', open_actions = 0 WHERE id = 1")
    report = check(engine, cipher, anchored)
    assert [p.reference for p in report.problems] == ["BR-2026-0001"]


def test_forged_checkpoint_is_refused(
    engine: Engine, cipher: FieldCipher, anchored: Path, register: object
) -> None:
    # A shorter chain passed off with a checkpoint that is not signed by the key.
    cp = mark(anchored)
    forged = Checkpoint(cp.count - 1, cp.head, cp.at, cp.key_id, cp.mac)
    report = verify_chain(engine, cipher, checkpoint=forged)
    assert "is not signed by the register key (forged)" in texts(report)
