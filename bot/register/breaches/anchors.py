"""What ties the audit chain down: its head record, the breach rows and the checkpoint.

- The head record (``audit_head``) must name the last row the walk reached.
- Each breach row must match the ``snapshot_digest`` of its latest audit row: a breach
  edited, swapped with another's snapshot, inserted or deleted outside the register
  shows here, named by reference.
- A checkpoint (signed, kept outside the database) must be signed by a configured key,
  and the chain must reach its count with the same hash there: a tail cut off the chain
  (with the head record moved back to match) shows here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.register.breaches.audit import HEAD_ID, breach_values
from bot.register.breaches.chain import breach_digest, utc_text
from bot.register.breaches.checkpoint import Checkpoint, signature_ok
from bot.register.breaches.keys import ChainKeys
from bot.register.breaches.models import AuditEventRow, AuditHeadRow, BreachRow


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, in one line that names its row.

    Attributes:
        seq: The audit row at fault, if it is one.
        reference: The breach row at fault, if it is one.
        text: What is wrong.
    """

    seq: int | None
    text: str
    reference: str | None = None


class BrokenError(Exception):
    """The walk found a row it cannot go past."""

    def __init__(self, seq: int | None, text: str) -> None:
        super().__init__(text)
        self.found = Problem(seq, text)


def check_head(session: Session, last_seq: int, last_hash: str) -> None:
    """The head record must name the walk's last row.

    Raises:
        BrokenError: it names another row.
    """
    head = session.get(AuditHeadRow, HEAD_ID)
    if head is None:
        raise BrokenError(None, "the chain head record is missing")
    if head.last_seq == last_seq and head.last_hash == last_hash:
        return
    if head.last_seq > last_seq:
        first = last_seq + 1
        raise BrokenError(first, f"rows {first} to {head.last_seq} are missing from the end")
    raise BrokenError(last_seq, f"row {last_seq} is not the recorded end of the chain (inserted)")


def check_checkpoint(
    keys: ChainKeys, cp: Checkpoint, last_seq: int, hash_at_count: str | None
) -> None:
    """The chain must extend the checkpoint: as long at least, and the same at its count.

    Raises:
        BrokenError: the checkpoint is forged, or the chain was cut or rewritten.
    """
    when = utc_text(cp.at)
    if keys.get(cp.key_id) is None:
        raise BrokenError(
            None,
            f"the checkpoint of {when} is signed with chain key {cp.key_id}, which "
            "CAREGUARD_REGISTER_KEY does not hold: it cannot be trusted",
        )
    if not signature_ok(keys, cp):
        raise BrokenError(
            None, f"the checkpoint of {when} is not signed by the register key (forged)"
        )
    if cp.count == 0:
        return
    if last_seq < cp.count:
        first = last_seq + 1
        raise BrokenError(
            first,
            f"rows {first} to {cp.count} are missing from the end: the checkpoint of "
            f"{when} counts {cp.count} rows (the tail was cut off)",
        )
    if hash_at_count != cp.head:
        raise BrokenError(
            cp.count,
            f"row {cp.count} differs from the checkpoint of {when}: the chain was "
            "rewritten at or before that row",
        )


def check_breaches(session: Session, batch: int = 1000) -> tuple[int, list[Problem]]:
    """Each breach row against its latest audit row; returns (breaches checked, problems)."""
    latest = _latest_rows(session)
    problems: list[Problem] = []
    seen: set[int] = set()
    count = 0
    last = 0
    while True:
        stmt = select(BreachRow).where(BreachRow.id > last).order_by(BreachRow.id).limit(batch)
        rows = session.execute(stmt).scalars().all()
        if not rows:
            break
        digests = _digests(session, [latest[r.id] for r in rows if r.id in latest])
        for row in rows:
            count += 1
            seen.add(row.id)
            problem = _check_one(row, latest.get(row.id), digests)
            if problem is not None:
                problems.append(problem)
        last = rows[-1].id
        session.expunge_all()
    for breach_id, seq in sorted(latest.items(), key=lambda item: item[1]):
        if breach_id not in seen:
            problems.append(
                Problem(seq, f"row {seq} is about breach row {breach_id}, which was deleted")
            )
    return count, problems


def _check_one(row: BreachRow, seq: int | None, digests: dict[int, str | None]) -> Problem | None:
    name = f"breach {row.reference} (breach row {row.id})"
    if seq is None:
        return Problem(
            None, f"{name} has no audit row: it was inserted outside the register", row.reference
        )
    if digests.get(seq) != breach_digest(breach_values(row)):
        return Problem(
            None,
            f"{name} does not match its latest audit row {seq}: its stored copy was edited, "
            "swapped with another breach's or restored outside the register",
            row.reference,
        )
    return None


def _latest_rows(session: Session) -> dict[int, int]:
    stmt = (
        select(AuditEventRow.breach_id, func.max(AuditEventRow.seq))
        .where(AuditEventRow.breach_id.is_not(None))
        .group_by(AuditEventRow.breach_id)
    )
    return {int(b): int(s) for b, s in session.execute(stmt) if b is not None}


def _digests(session: Session, seqs: list[int]) -> dict[int, str | None]:
    if not seqs:
        return {}
    stmt = select(AuditEventRow.seq, AuditEventRow.snapshot_digest).where(
        AuditEventRow.seq.in_(seqs)
    )
    return {int(s): d for s, d in session.execute(stmt)}
