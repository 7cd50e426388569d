"""Free text is encrypted at rest; keys rotate without breaking the audit chain."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, text

from bot.register.breaches.crypto import DecryptionError, FieldCipher
from bot.register.breaches.rekey import rekey
from bot.register.breaches.repository import BreachRepository
from bot.register.breaches.verify import verify_chain
from tests.integration.register.factory import (
    SECRET_DESCRIPTION,
    SECRET_LOCATION,
    add_closed,
    add_reported,
)

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
SECRETS = ("Zelda Quincefield", "Invented Lane", "Phoned the bus company", "Distress")


def raw_text(engine: Engine) -> str:
    """Every stored value of both tables, as the database returns it."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM breaches")).all()
        rows += conn.execute(text("SELECT * FROM audit_events")).all()
    return "\n".join(str(tuple(r)) for r in rows)


def test_free_text_is_not_stored_in_plaintext(
    repo: BreachRepository, engine: Engine, db_url: str
) -> None:
    stored = add_closed(repo, T0)
    assert stored.description == SECRET_DESCRIPTION
    assert repo.get(stored.reference or "").location == SECRET_LOCATION
    dump = raw_text(engine)
    assert "BR-2026-0001" in dump  # the dump is real
    for secret in SECRETS:
        assert secret not in dump
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                assert b"Quincefield" not in file.read_bytes()


def test_wrong_key_cannot_read(engine: Engine, repo: BreachRepository) -> None:
    stored = add_reported(repo, T0)
    other = BreachRepository(engine, FieldCipher([Fernet.generate_key()]))
    with pytest.raises(DecryptionError, match="CAREGUARD_REGISTER_KEY"):
        other.get(stored.reference or "")


def test_rekey_moves_everything_to_the_new_key(engine: Engine, cipher: FieldCipher) -> None:
    old_key = Fernet.generate_key()
    new_key = Fernet.generate_key()
    old = BreachRepository(engine, FieldCipher([old_key]))
    first = add_closed(old, T0)
    both = FieldCipher([new_key, old_key])
    report = rekey(engine, both, now=T0)
    assert report.rotated == 1 + 8  # one snapshot, eight audit bodies
    assert report.current == 0
    assert report.resigned == 8  # every audit row re-signed under the new chain key

    new_only = FieldCipher([new_key])
    assert BreachRepository(engine, new_only).get(first.reference or "") == first
    assert verify_chain(engine, new_only).ok
    again = rekey(engine, new_only, now=T0)
    assert again.rotated == 0
    # The first rekey recorded itself in the trail, and bound the breach whose snapshot it
    # re-encrypted with a row of its own: 8 + 1 + 1 audit bodies.
    assert again.current == 1 + 10
    with pytest.raises(DecryptionError):
        BreachRepository(engine, FieldCipher([old_key])).get(first.reference or "")
