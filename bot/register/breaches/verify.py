"""``careguard register verify``: walk the audit chain and name the first bad row."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.register.breaches.audit import HEAD_ID, PURGED_KIND, header, iter_rows
from bot.register.breaches.chain import GENESIS_HASH, body_digest, row_hash
from bot.register.breaches.crypto import DecryptionError, FieldCipher
from bot.register.breaches.models import AuditEventRow, AuditHeadRow
from bot.register.db import read_session


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The outcome of a chain check.

    Attributes:
        rows: How many rows were checked before stopping.
        head_hash: The hash of the last good row (record it elsewhere to detect a
            rewrite of the whole chain later).
        bad_seq: The first bad row's position, or ``None`` when the chain is intact.
        problem: What is wrong with it, in one line.
    """

    rows: int
    head_hash: str
    bad_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when every row checks out."""
        return self.problem is None


class _BrokenError(Exception):
    def __init__(self, seq: int | None, problem: str) -> None:
        super().__init__(problem)
        self.seq = seq
        self.problem = problem


def verify_chain(engine: Engine, cipher: FieldCipher, *, batch: int = 1000) -> VerifyReport:
    """Check every audit row in order: sequence, link, body digest and row hash.

    Detects an edited row (hash or digest no longer matches), a deleted row (gap in the
    sequence, or a chain shorter than its head), an inserted or reordered row (it does
    not link to its predecessor), and a body erased without a recorded purge.
    """
    with read_session(_snapshot_engine(engine)) as session:
        purged = _purged_seqs(session, cipher)
        state = _Walk()
        try:
            for row in iter_rows(session, batch):
                state.check(row, cipher, purged)
            _check_head(session, state)
        except _BrokenError as broken:
            return VerifyReport(state.count, state.last_hash, broken.seq, broken.problem)
    return VerifyReport(state.count, state.last_hash)


def _snapshot_engine(engine: Engine) -> Engine:
    """An engine whose transactions see one snapshot for all their statements.

    The walk reads in batches and the head last; under PostgreSQL's default READ
    COMMITTED a row appended meanwhile would look like an insertion past the head.
    SQLite's WAL read transactions are already a single snapshot.
    """
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine


class _Walk:
    def __init__(self) -> None:
        self.count = 0
        self.last_seq = 0
        self.last_hash = GENESIS_HASH

    def check(self, row: AuditEventRow, cipher: FieldCipher, purged: dict[int, int]) -> None:
        seq = row.seq
        if seq != self.last_seq + 1:
            missing = self.last_seq + 1
            raise _BrokenError(
                missing, f"row {missing} is missing: the chain jumps from {self.last_seq} to {seq}"
            )
        if row.prev_hash != self.last_hash:
            raise _BrokenError(
                seq, f"row {seq} does not link to row {seq - 1} (inserted, reordered or edited)"
            )
        _check_body(row, cipher, purged)
        if row_hash(header(row), row.prev_hash) != row.row_hash:
            raise _BrokenError(seq, f"row {seq} was edited: its contents no longer match its hash")
        self.count += 1
        self.last_seq = seq
        self.last_hash = row.row_hash


def _check_body(row: AuditEventRow, cipher: FieldCipher, purged: dict[int, int]) -> None:
    seq = row.seq
    if row.redacted or row.payload is None:
        purge_seq = purged.get(seq)
        if not row.redacted or row.payload is not None or purge_seq is None or purge_seq < seq:
            raise _BrokenError(seq, f"row {seq} has an erased body that no recorded purge covers")
        return
    try:
        body = json.loads(cipher.decrypt(row.payload))
    except (DecryptionError, ValueError):
        raise _BrokenError(
            seq, f"row {seq} was edited: its body does not decrypt (or the key is wrong)"
        ) from None
    if body_digest(row.actor, body) != row.body_digest:
        raise _BrokenError(seq, f"row {seq} was edited: its body no longer matches its digest")


def _purged_seqs(session: Session, cipher: FieldCipher) -> dict[int, int]:
    """Map each row a purge erased to the purge row that erased it."""
    stmt = select(AuditEventRow).where(AuditEventRow.kind == PURGED_KIND)
    erased: dict[int, int] = {}
    for row in session.execute(stmt).scalars():
        if row.payload is None:
            continue
        try:
            body = json.loads(cipher.decrypt(row.payload))
        except (DecryptionError, ValueError):
            continue  # the walk reports this row itself
        for seq in body.get("erased_rows", []):
            if isinstance(seq, int):
                erased[seq] = row.seq
    return erased


def _check_head(session: Session, state: _Walk) -> None:
    head = session.get(AuditHeadRow, HEAD_ID)
    if head is None:
        raise _BrokenError(None, "the chain head record is missing")
    if head.last_seq != state.last_seq or head.last_hash != state.last_hash:
        if head.last_seq > state.last_seq:
            first = state.last_seq + 1
            raise _BrokenError(first, f"rows {first} to {head.last_seq} are missing from the end")
        raise _BrokenError(
            state.last_seq, f"row {state.last_seq} is not the recorded end of the chain (inserted)"
        )
