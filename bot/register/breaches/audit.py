"""The append-only audit trail: appending chained, signed rows and reading them back.

One chain runs over the whole ``audit_events`` table in ``seq`` order. Appenders lock the
``audit_head`` row first, so on PostgreSQL concurrent writers queue there and each row
links to the one committed before it; on SQLite ``BEGIN IMMEDIATE`` already serialises.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.events import BreachEvent, EventKind
from bot.domain.values import Actor
from bot.register.breaches import checkpoint
from bot.register.breaches.chain import (
    BOUND_COLUMNS,
    ROW_PURPOSE,
    body_digest,
    breach_digest,
    header_fields,
    row_hash,
)
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.keys import ChainKeys
from bot.register.breaches.models import AuditEventRow, AuditHeadRow, BreachRow
from bot.register.errors import RegisterNotReadyError

HEAD_ID = 1
PURGED_KIND = "purged"
REKEYED_KIND = "rekeyed"
RECHAINED_KIND = "rechained"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row as read back (the body is ``None`` once purged).

    Attributes:
        seq: Position in the chain, from 1.
        reference: The breach it concerns (``None`` for register-wide rows such as rekey).
        kind: What happened: a ``bot.domain.events.EventKind`` value, ``purged`` or ``rekeyed``.
        actor: Sign-in name of who did it (``None`` once purged).
        at: When it happened (UTC).
        body: The decrypted event details (``None`` once purged).
        redacted: True when a purge erased the body.
    """

    seq: int
    reference: str | None
    kind: str
    actor: str | None
    at: datetime
    body: dict[str, Any] | None
    redacted: bool

    def to_event(self) -> BreachEvent | None:
        """The domain event this row records; ``None`` for purged or register-wide rows."""
        if self.body is None or self.actor is None or self.kind not in _EVENT_KINDS:
            return None
        return BreachEvent(
            kind=EventKind(self.kind),
            actor=Actor(self.actor, str(self.body.get("actor_name") or self.actor)),
            at=self.at,
            data=dict(self.body.get("data") or {}),
            private={str(k): str(v) for k, v in (self.body.get("private") or {}).items()},
        )


_EVENT_KINDS = frozenset(k.value for k in EventKind)


def header(row: AuditEventRow) -> dict[str, Any]:
    """The fields a row's hash covers besides the previous hash (see ``chain.py``)."""
    return header_fields(
        seq=row.seq,
        breach_id=row.breach_id,
        reference=row.reference,
        kind=row.kind,
        recorded_at=row.recorded_at,
        body_digest=row.body_digest,
        snapshot_digest=row.snapshot_digest,
    )


def row_mac(keys: ChainKeys, key_id: str, hash_: str) -> str:
    """The signature of a row hash under the chain key ``key_id``."""
    key = keys.get(key_id)
    if key is None:
        raise ValueError("unknown chain key id")
    return key.sign(ROW_PURPOSE, hash_)


def mac_ok(keys: ChainKeys, row: AuditEventRow) -> bool:
    """True when a configured chain key signed the row's hash."""
    return keys.check(row.key_id, ROW_PURPOSE, row.row_hash, row.row_mac)


def breach_values(row: BreachRow) -> dict[str, Any]:
    """A breach row's bound columns, as a snapshot digest sees them."""
    return {name: getattr(row, name) for name in BOUND_COLUMNS}


def snapshot_digest(session: Session, breach_id: int | None) -> str | None:
    """The digest of the breach row as this transaction leaves it (``None``: no breach)."""
    if breach_id is None:
        return None
    row = session.get(BreachRow, breach_id)
    return None if row is None else breach_digest(breach_values(row))


def lock_head(session: Session) -> AuditHeadRow:
    """Lock and return the chain head; every writer calls this first.

    Raises:
        RegisterNotReadyError: the migrations have not been run.
    """
    stmt = select(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID).with_for_update()
    head = session.execute(stmt).scalar_one_or_none()
    if head is None:
        raise RegisterNotReadyError
    return head


def append(
    session: Session,
    cipher: FieldCipher,
    head: AuditHeadRow,
    *,
    breach_id: int | None,
    reference: str | None,
    kind: str,
    actor: str | None,
    at: datetime,
    body: Mapping[str, Any],
) -> AuditEventRow:
    """Append one chained, signed row after ``head`` (which the caller locked).

    The row binds the breach's stored row as it stands now (so callers write the breach
    first), and the checkpoint file is rewritten once the transaction commits.
    """
    keys = cipher.chain
    row = AuditEventRow(
        seq=head.last_seq + 1,
        breach_id=breach_id,
        reference=reference,
        kind=kind,
        recorded_at=at,
        actor=actor,
        payload=cipher.encrypt(json.dumps(dict(body), sort_keys=True)),
        body_digest=body_digest(actor, body),
        snapshot_digest=snapshot_digest(session, breach_id),
        prev_hash=head.last_hash,
        key_id=keys.primary.key_id,
        redacted=False,
    )
    row.row_hash = row_hash(header(row), head.last_hash)
    row.row_mac = row_mac(keys, row.key_id, row.row_hash)
    session.add(row)
    head.last_seq = row.seq
    head.last_hash = row.row_hash
    session.flush()
    checkpoint.schedule(session, keys, row.seq, row.row_hash)
    return row


def decode(row: AuditEventRow, cipher: FieldCipher) -> AuditEntry:
    """Read a row back, decrypting its body."""
    body = json.loads(cipher.decrypt(row.payload)) if row.payload is not None else None
    return AuditEntry(
        seq=row.seq,
        reference=row.reference,
        kind=row.kind,
        actor=row.actor,
        at=row.recorded_at,
        body=body,
        redacted=row.redacted,
    )


def iter_rows(session: Session, batch: int = 1000) -> Iterator[AuditEventRow]:
    """All audit rows in chain order, fetched in batches (keyset pagination)."""
    last = 0
    while True:
        stmt = (
            select(AuditEventRow)
            .where(AuditEventRow.seq > last)
            .order_by(AuditEventRow.seq)
            .limit(batch)
        )
        rows = session.execute(stmt).scalars().all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()
