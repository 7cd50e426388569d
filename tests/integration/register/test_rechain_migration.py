"""Migration 0009: a register with the old plain SHA-256 chain is re-chained under the key.

The old chain is made the way the previous version wrote it (by downgrading a register
to 0008, checked here with the previous version's own rule), then upgraded again.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import Engine, text

from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.breaches.verify import verify_chain
from bot.register.migrate import alembic_config, upgrade
from tests.integration.register.factory import add_closed, add_reported

T0 = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)


def legacy_problem(engine: Engine) -> str | None:
    """The previous version's check: SHA-256 over seq, reference, kind, time, digest, link."""
    prev = "0" * 64
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT seq, reference, kind, recorded_at, body_digest, prev_hash, row_hash "
                "FROM audit_events ORDER BY seq"
            )
        ).all()
        head = conn.execute(text("SELECT last_seq, last_hash FROM audit_head")).one()
    for seq, reference, kind, at, digest, link, stored in rows:
        when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        fields = {
            "seq": seq,
            "reference": reference,
            "kind": kind,
            "recorded_at": when.isoformat(),
            "body_digest": digest,
            "prev_hash": link,
        }
        data = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
        if link != prev or hashlib.sha256(data).hexdigest() != stored:
            return f"row {seq}"
        prev = stored
    return None if (head[0], head[1]) == (len(rows), prev) else "head"


@pytest.fixture
def old_register(db_url: str, engine: Engine, cipher: FieldCipher) -> str:
    """Two breaches written, then the database taken back to 0008 (the plain chain)."""
    repo = BreachRepository(engine, cipher)
    add_reported(repo, T0)
    add_closed(repo, T0 + timedelta(hours=1))
    engine.dispose()
    command.downgrade(alembic_config(db_url), "0008_place_names")
    assert legacy_problem(engine) is None
    return db_url


def test_upgrade_rechains_under_the_key(
    old_register: str, engine: Engine, cipher: FieldCipher
) -> None:
    upgrade(old_register, cipher=cipher)
    report = verify_chain(engine, cipher)
    assert report.ok, report.problem
    assert (report.rows, report.breaches) == (3 + 8 + 1, 2)
    assert len(report.notes) == 1
    assert "row 12: on " in report.notes[0]
    assert "checked out" in report.notes[0]
    with engine.connect() as conn:
        kinds = conn.execute(text("SELECT kind, actor FROM audit_events WHERE seq = 12")).one()
    assert tuple(kinds) == ("rechained", "system")
    # Another key cannot vouch for the re-chained trail.
    assert not verify_chain(engine, FieldCipher([Fernet.generate_key()])).ok


def test_an_already_broken_old_chain_is_recorded(
    old_register: str, engine: Engine, cipher: FieldCipher
) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET kind = 'closed' WHERE seq = 2"))
    upgrade(old_register, cipher=cipher)
    report = verify_chain(engine, cipher)
    assert report.ok  # re-chained as found, but the note says what was wrong then
    assert "already broken then: row 2 did not match its hash" in report.notes[0]


def test_upgrade_without_the_key_refuses_and_changes_nothing(
    old_register: str,
    engine: Engine,
    cipher: FieldCipher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CAREGUARD_REGISTER_KEY", raising=False)
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    with pytest.raises(RuntimeError, match="needs it: CAREGUARD_REGISTER_KEY is not set"):
        upgrade(old_register)
    engine.dispose()
    assert legacy_problem(engine) is None  # rolled back: still the old chain
    upgrade(old_register, cipher=cipher)
    assert verify_chain(engine, cipher).ok
