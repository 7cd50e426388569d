"""``careguard register rekey``: re-encrypt every stored token under the primary key.

Run after putting a new key first in ``CAREGUARD_REGISTER_KEY`` (old key still listed).
Tokens already under the primary key are left alone, so an interrupted run can simply be
run again. Audit hashes cover plaintext digests, so rotation leaves the chain valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import InstrumentedAttribute

from bot.register.breaches import audit
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import AuditEventRow, BreachRow
from bot.register.db import write_session

BATCH = 500


@dataclass(frozen=True, slots=True)
class RekeyReport:
    """How many stored tokens were re-encrypted, and how many were already current."""

    rotated: int
    current: int


def rekey(
    engine: Engine, cipher: FieldCipher, *, now: datetime, actor: str = "system"
) -> RekeyReport:
    """Re-encrypt breach snapshots and audit bodies under the primary key.

    The run itself is recorded as a register-wide audit row (counts only).

    Raises:
        DecryptionError: a token opens with none of the configured keys.
    """
    r1, c1 = _rotate(engine, cipher, BreachRow.snapshot, BreachRow.id)
    r2, c2 = _rotate(engine, cipher, AuditEventRow.payload, AuditEventRow.seq)
    rotated, current = r1 + r2, c1 + c2
    with write_session(engine) as session:
        head = audit.lock_head(session)
        audit.append(
            session,
            cipher,
            head,
            breach_id=None,
            reference=None,
            kind=audit.REKEYED_KIND,
            actor=actor,
            at=now,
            body={"rotated": rotated, "already_current": current, "keys": cipher.key_count},
        )
    return RekeyReport(rotated, current)


def _rotate(
    engine: Engine,
    cipher: FieldCipher,
    column: InstrumentedAttribute[str | None],
    pk: InstrumentedAttribute[int],
) -> tuple[int, int]:
    """Rotate one column's tokens in keyset-paged batches, one transaction per batch."""
    model = column.class_
    rotated = current = 0
    last = 0
    while True:
        with write_session(engine) as session:
            stmt = (
                select(model)
                .where(pk > last, column.is_not(None))
                .order_by(pk)
                .limit(BATCH)
                .with_for_update()
            )
            rows = session.execute(stmt).scalars().all()
            if not rows:
                return rotated, current
            for row in rows:
                token = getattr(row, column.key)
                if cipher.is_primary(token):
                    current += 1
                else:
                    setattr(row, column.key, cipher.rotate(token))
                    rotated += 1
            last = getattr(rows[-1], pk.key)
