"""``verify`` catches any edit, deletion, insertion or reordering done with raw SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.breaches.verify import verify_chain
from tests.integration.register.factory import add_closed, add_reported

T0 = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
COLUMNS = (
    "seq, breach_id, reference, kind, recorded_at, actor, payload, "
    "body_digest, snapshot_digest, prev_hash, row_hash, key_id, row_mac, redacted"
)


@pytest.fixture
def chain(repo: BreachRepository) -> int:
    """Three breaches: 3 + 8 + 3 = 14 audit rows. Returns the row count."""
    add_reported(repo, T0)
    add_closed(repo, T0 + timedelta(hours=1))
    add_reported(repo, T0 + timedelta(hours=2))
    return 14


def sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def test_untouched_chain_verifies(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    report = verify_chain(engine, cipher)
    assert report.ok
    assert report.rows == chain
    assert len(report.head_hash) == 64


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor", "mallory@example.org"),
        ("kind", "closed"),
        ("reference", "BR-2026-0099"),
        ("body_digest", "0" * 64),
    ],
)
def test_edit_is_caught(
    engine: Engine, cipher: FieldCipher, chain: int, column: str, value: str
) -> None:
    # The column names come from this file's own parameter list.
    statement = f"UPDATE audit_events SET {column} = :v WHERE seq = 6"  # noqa: S608
    sql(engine, statement, v=value)
    report = verify_chain(engine, cipher)
    assert not report.ok
    assert report.bad_seq == 6
    assert "row 6" in (report.problem or "")


def test_edited_payload_is_caught(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    # A validly encrypted but different body: someone holding the key rewrote the details.
    forged = cipher.encrypt('{"actor_name": "X", "data": {}, "private": {}}')
    sql(engine, "UPDATE audit_events SET payload = :p WHERE seq = 4", p=forged)
    report = verify_chain(engine, cipher)
    assert report.bad_seq == 4
    assert "edited" in (report.problem or "")


def test_edited_time_is_caught(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    sql(
        engine,
        "UPDATE audit_events SET recorded_at = :t WHERE seq = 9",
        t=datetime(2025, 1, 1, 0, 0),
    )
    assert verify_chain(engine, cipher).bad_seq == 9


def test_deletion_is_caught(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    sql(engine, "DELETE FROM audit_events WHERE seq = 7")
    report = verify_chain(engine, cipher)
    assert report.bad_seq == 7
    assert "missing" in (report.problem or "")


def test_deleting_the_last_rows_is_caught(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    sql(engine, "DELETE FROM audit_events WHERE seq >= :s", s=chain - 1)
    report = verify_chain(engine, cipher)
    assert report.bad_seq == chain - 1
    assert "missing from the end" in (report.problem or "")


def test_insertion_in_the_middle_is_caught(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    # Make room at seq 5 by moving later rows up (one by one, last first), then copy row 3 in.
    for seq in range(chain, 4, -1):
        sql(engine, "UPDATE audit_events SET seq = :n WHERE seq = :s", n=seq + 1, s=seq)
    sql(
        engine,
        "INSERT INTO audit_events (" + COLUMNS + ") SELECT 5, breach_id, reference, kind, "  # noqa: S608
        "recorded_at, actor, payload, body_digest, snapshot_digest, prev_hash, row_hash, "
        "key_id, row_mac, redacted FROM audit_events WHERE seq = 3",
    )
    report = verify_chain(engine, cipher)
    assert report.bad_seq == 5
    assert "does not link" in (report.problem or "")


def test_well_formed_append_is_caught(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    # Someone who knows the hashing appends a correctly linked row but not via the register:
    # without the key they cannot sign it.
    from bot.register.breaches.chain import header_fields, row_hash

    with engine.begin() as conn:
        last = conn.execute(
            text("SELECT row_hash FROM audit_events WHERE seq = :s"), {"s": chain}
        ).scalar_one()
        digest = conn.execute(
            text("SELECT body_digest FROM audit_events WHERE seq = 1")
        ).scalar_one()
        when = datetime(2026, 4, 2, tzinfo=UTC)
        header = header_fields(
            seq=chain + 1,
            breach_id=1,
            reference="BR-2026-0001",
            kind="closed",
            recorded_at=when,
            body_digest=digest,
            snapshot_digest=None,
        )
        conn.execute(
            text(
                "INSERT INTO audit_events (" + COLUMNS + ") SELECT :seq, breach_id, reference, "  # noqa: S608
                ":kind, :at, actor, payload, body_digest, NULL, :prev, :hash, key_id, row_mac, "
                "redacted FROM audit_events WHERE seq = 1"
            ),
            {
                "seq": chain + 1,
                "kind": "closed",
                "at": when if engine.dialect.name == "postgresql" else when.replace(tzinfo=None),
                "prev": last,
                "hash": row_hash(header, last),
            },
        )
    report = verify_chain(engine, cipher)
    assert not report.ok
    assert report.bad_seq == chain + 1
    assert "not signed by the register key" in (report.problem or "")


def test_reordering_is_caught(engine: Engine, cipher: FieldCipher, chain: int) -> None:
    sql(engine, "UPDATE audit_events SET seq = -1 WHERE seq = 8")
    sql(engine, "UPDATE audit_events SET seq = 8 WHERE seq = 9")
    sql(engine, "UPDATE audit_events SET seq = 9 WHERE seq = -1")
    report = verify_chain(engine, cipher)
    assert report.bad_seq == 8
    assert "does not link" in (report.problem or "")


def test_erased_body_without_purge_is_caught(
    engine: Engine, cipher: FieldCipher, chain: int
) -> None:
    sql(
        engine,
        "UPDATE audit_events SET payload = NULL, actor = NULL, redacted = :t WHERE seq = 2",
        t=True,
    )
    report = verify_chain(engine, cipher)
    assert report.bad_seq == 2
    assert "purge" in (report.problem or "")


def test_verify_while_others_write_sees_one_consistent_chain(
    repo: BreachRepository, engine: Engine, cipher: FieldCipher
) -> None:
    import threading

    add_reported(repo, T0)
    done = threading.Event()

    def writer() -> None:
        for n in range(40):
            add_reported(repo, T0 + timedelta(minutes=n + 1))
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    reports = []
    while not done.is_set():
        reports.append(verify_chain(engine, cipher, batch=2))  # many statements per walk
    thread.join()
    assert reports
    assert all(r.ok for r in reports), next(r.problem for r in reports if not r.ok)
    assert verify_chain(engine, cipher).rows == 41 * 3
