"""``careguard register rekey``: re-encrypt every stored token under the primary key.

Run after putting a new key first in ``CAREGUARD_REGISTER_KEY`` (old key still listed).
Tokens already under the primary key are left alone, so an interrupted run can simply be
run again. Audit hashes cover plaintext digests and do not depend on the key, so they
stay as they are; each row's signature is redone under the new chain key (its key id
says which key signed it, so a half-done run still verifies while both keys are listed).
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


class RekeyError(Exception):
    """A row whose signature does not check out: it is not re-signed (run ``verify``)."""


@dataclass(frozen=True, slots=True)
class RekeyReport:
    """Stored tokens re-encrypted, already current, and audit rows re-signed."""

    rotated: int
    current: int
    resigned: int = 0


def rekey(
    engine: Engine, cipher: FieldCipher, *, now: datetime, actor: str = "system"
) -> RekeyReport:
    """Re-encrypt snapshots and audit bodies, and re-sign audit rows, under the primary key.

    A breach whose snapshot is re-encrypted gets a ``rekeyed`` audit row binding its new
    stored copy; the run itself is recorded as a register-wide audit row (counts only).
    A row is re-signed only if its old signature checks out, so a forged row stays caught.

    Raises:
        DecryptionError: a token opens with none of the configured keys.
        RekeyError: an audit row's signature does not check out.
    """
    r2, c2 = _rotate(engine, cipher, AuditEventRow.payload, AuditEventRow.seq)
    r1, c1 = _rotate_snapshots(engine, cipher, actor, now)
    resigned = _resign(engine, cipher)
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
            body={
                "rotated": rotated,
                "already_current": current,
                "resigned": resigned,
                "keys": cipher.key_count,
            },
        )
    return RekeyReport(rotated, current, resigned)


def _rotate_snapshots(
    engine: Engine, cipher: FieldCipher, actor: str, now: datetime
) -> tuple[int, int]:
    rotated = current = 0
    last = 0
    while True:
        with write_session(engine) as session:
            head = audit.lock_head(session)
            stmt = (
                select(BreachRow)
                .where(BreachRow.id > last, BreachRow.snapshot.is_not(None))
                .order_by(BreachRow.id)
                .limit(BATCH)
                .with_for_update()
            )
            rows = session.execute(stmt).scalars().all()
            if not rows:
                return rotated, current
            for row in rows:
                token = row.snapshot or ""
                if cipher.is_primary(token):
                    current += 1
                    continue
                row.snapshot = cipher.rotate(token)
                rotated += 1
                audit.append(
                    session,
                    cipher,
                    head,
                    breach_id=row.id,
                    reference=row.reference,
                    kind=audit.REKEYED_KIND,
                    actor=actor,
                    at=now,
                    body={"rotated": "snapshot"},
                )
            last = rows[-1].id


def _resign(engine: Engine, cipher: FieldCipher) -> int:
    keys = cipher.chain
    primary = keys.primary.key_id
    resigned = 0
    last = 0
    while True:
        with write_session(engine) as session:
            stmt = (
                select(AuditEventRow)
                .where(AuditEventRow.seq > last, AuditEventRow.key_id != primary)
                .order_by(AuditEventRow.seq)
                .limit(BATCH)
                .with_for_update()
            )
            rows = session.execute(stmt).scalars().all()
            if not rows:
                return resigned
            for row in rows:
                if not audit.mac_ok(keys, row):
                    raise RekeyError(
                        f"row {row.seq}'s signature does not check out, so it was not "
                        "re-signed: run `careguard register verify`"
                    )
                row.key_id = primary
                row.row_mac = audit.row_mac(keys, primary, row.row_hash)
                resigned += 1
            last = rows[-1].seq


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
