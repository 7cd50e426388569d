"""``careguard register verify``: walk the signed audit chain and name every bad row.

The walk checks, row by row in ``seq`` order: no gap, the link to the previous row, the
body against its digest (or a purge that erased it), the hash over every column, and the
HMAC signature under the chain key the row names. It stops at the first broken row
(every later link depends on it). Then ``anchors.py`` checks the head record, each
breach row against its latest audit row, and the chain against a checkpoint.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.register.breaches import anchors
from bot.register.breaches.anchors import BrokenError, Problem
from bot.register.breaches.audit import PURGED_KIND, RECHAINED_KIND, header, iter_rows, mac_ok
from bot.register.breaches.chain import GENESIS_HASH, body_digest, row_hash
from bot.register.breaches.checkpoint import Checkpoint
from bot.register.breaches.crypto import DecryptionError, FieldCipher
from bot.register.breaches.models import AuditEventRow
from bot.register.db import read_session


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The outcome of a check.

    Attributes:
        rows: How many audit rows checked out before the walk stopped.
        head_hash: The hash of the last good row.
        problems: Everything found wrong, each naming its row (empty: intact).
        notes: Facts worth knowing that are not faults (a re-chain at upgrade).
        breaches: How many breach rows were checked against the trail.
        checkpoint: The checkpoint compared, if one was given.
    """

    rows: int
    head_hash: str
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    breaches: int = 0
    checkpoint: Checkpoint | None = field(default=None)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    @property
    def bad_seq(self) -> int | None:
        """The first bad audit row's position (``None``: intact, or only a breach is bad)."""
        return next((p.seq for p in self.problems if p.seq is not None), None)

    @property
    def problem(self) -> str | None:
        """The first problem, in one line."""
        return self.problems[0].text if self.problems else None


def verify_chain(
    engine: Engine,
    cipher: FieldCipher,
    *,
    batch: int = 1000,
    checkpoint: Checkpoint | None = None,
) -> VerifyReport:
    """Check the whole register: the audit chain, the breach rows and, if given, a checkpoint.

    Detects an edited row (hash, digest or signature no longer match), a deleted row (gap,
    or a chain shorter than its head or the checkpoint), an inserted or reordered row (it
    does not link), a chain rewritten consistently without the key (signature), an event
    moved to another breach (hash), a breach row edited or swapped (snapshot digest) and a
    body erased without a recorded purge.
    """
    with read_session(_snapshot_engine(engine)) as session:
        purged = _purged_seqs(session, cipher)
        walk = _Walk(cipher, purged, checkpoint)
        problems: list[Problem] = []
        try:
            for row in iter_rows(session, batch):
                walk.check(row)
            anchors.check_head(session, walk.last_seq, walk.last_hash)
            if checkpoint is not None:
                anchors.check_checkpoint(cipher.chain, checkpoint, walk.last_seq, walk.at_mark)
        except BrokenError as broken:
            problems.append(broken.found)
        breaches, wrong = anchors.check_breaches(session, batch)
        problems.extend(wrong)
    return VerifyReport(
        walk.count, walk.last_hash, tuple(problems), tuple(walk.notes), breaches, checkpoint
    )


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
    def __init__(
        self, cipher: FieldCipher, purged: dict[int, int], checkpoint: Checkpoint | None
    ) -> None:
        self.cipher = cipher
        self.purged = purged
        self.mark = checkpoint.count if checkpoint is not None else None
        self.at_mark: str | None = None
        self.count = 0
        self.last_seq = 0
        self.last_hash = GENESIS_HASH
        self.notes: list[str] = []

    def check(self, row: AuditEventRow) -> None:
        seq = row.seq
        if seq != self.last_seq + 1:
            missing = self.last_seq + 1
            raise BrokenError(
                missing, f"row {missing} is missing: the chain jumps from {self.last_seq} to {seq}"
            )
        if row.prev_hash != self.last_hash:
            raise BrokenError(
                seq, f"row {seq} does not link to row {seq - 1} (inserted, reordered or edited)"
            )
        body = self._body(row)
        if row_hash(header(row), row.prev_hash) != row.row_hash:
            raise BrokenError(
                seq,
                f"row {seq} was edited: its contents (breach, reference, kind, time or "
                "digests) no longer match its hash",
            )
        self._signature(row)
        if row.kind == RECHAINED_KIND and body is not None:
            self.notes.append(_rechain_note(seq, row, body))
        self.count += 1
        self.last_seq = seq
        self.last_hash = row.row_hash
        if seq == self.mark:
            self.at_mark = row.row_hash

    def _body(self, row: AuditEventRow) -> dict[str, Any] | None:
        seq = row.seq
        if row.redacted or row.payload is None:
            purge_seq = self.purged.get(seq)
            if not row.redacted or row.payload is not None or purge_seq is None or purge_seq < seq:
                raise BrokenError(
                    seq, f"row {seq} has an erased body that no recorded purge covers"
                )
            return None
        try:
            body = json.loads(self.cipher.decrypt(row.payload))
        except (DecryptionError, ValueError):
            raise BrokenError(
                seq, f"row {seq} was edited: its body does not decrypt (or the key is wrong)"
            ) from None
        if body_digest(row.actor, body) != row.body_digest:
            raise BrokenError(seq, f"row {seq} was edited: its body no longer matches its digest")
        return body if isinstance(body, dict) else None

    def _signature(self, row: AuditEventRow) -> None:
        keys = self.cipher.chain
        if keys.get(row.key_id) is None:
            raise BrokenError(
                row.seq,
                f"row {row.seq} is signed with chain key {row.key_id or '(none)'}, which "
                "CAREGUARD_REGISTER_KEY does not hold (forged, or its key was dropped)",
            )
        if not mac_ok(keys, row):
            raise BrokenError(
                row.seq,
                f"row {row.seq} is not signed by the register key: it was rewritten or "
                "re-chained without the key",
            )


def _rechain_note(seq: int, row: AuditEventRow, body: dict[str, Any]) -> str:
    when = row.recorded_at.date().isoformat()
    legacy = body.get("legacy_check", "ok")
    rows = body.get("rows", 0)
    if legacy == "ok":
        return (
            f"row {seq}: on {when} the {rows} earlier rows were re-chained under the key "
            "(their plain SHA-256 chain checked out first)"
        )
    return (
        f"row {seq}: on {when} the {rows} earlier rows were re-chained under the key, but "
        f"their plain SHA-256 chain was already broken then: {legacy}"
    )


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
