"""Retention (policy: data breach logs are kept 6 years): purge old closed breaches.

A purged breach keeps an anonymised tombstone: its reference, dates, service, state,
data-type category and the other plain statistics columns (with the kinds and times of
its actions and escalations), so yearly figures stay right.
Its encrypted snapshot, assignee and the bodies (actor and details) of its audit rows are
erased. The chain still verifies: each audit row keeps its body digest and hash, and the
purge appends its own chained row naming exactly which rows it erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from bot.register.breaches import audit
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import AuditEventRow, BreachRow
from bot.register.db import read_session, write_session

RETENTION_YEARS = 6
PURGE_ACTOR = "system"


@dataclass(frozen=True, slots=True)
class PurgeCandidate:
    """A closed breach past its retention period (no personal data)."""

    reference: str
    service: str | None
    closed_at: datetime


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """What a purge found and, with ``applied``, removed.

    Attributes:
        cutoff: Breaches closed before this instant are due.
        candidates: The breaches due, oldest closure first.
        applied: False for a dry run.
    """

    cutoff: datetime
    candidates: list[PurgeCandidate]
    applied: bool


def retention_cutoff(now: datetime, years: int = RETENTION_YEARS) -> datetime:
    """``now`` minus ``years`` calendar years (29 February falls back to the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def purge(
    engine: Engine, cipher: FieldCipher, *, now: datetime, apply: bool = False
) -> PurgeReport:
    """Find closed breaches older than the retention period; erase them if ``apply``.

    Each breach is purged in its own write transaction, re-checked under lock (a breach
    reopened meanwhile is skipped), so an interrupted purge leaves whole breaches either
    purged or untouched.
    """
    cutoff = retention_cutoff(now)
    due = _due(engine, cutoff)
    if not apply:
        return PurgeReport(cutoff, due, applied=False)
    done = [c for c in due if _purge_one(engine, cipher, c.reference, cutoff, now)]
    return PurgeReport(cutoff, done, applied=True)


def _due(engine: Engine, cutoff: datetime) -> list[PurgeCandidate]:
    with read_session(engine) as session:
        stmt = (
            select(BreachRow.reference, BreachRow.service, BreachRow.closed_at)
            .where(
                BreachRow.state == "closed",
                BreachRow.closed_at < cutoff,
                BreachRow.purged_at.is_(None),
            )
            .order_by(BreachRow.closed_at)
        )
        return [
            PurgeCandidate(ref, service, closed_at)
            for ref, service, closed_at in session.execute(stmt)
            if closed_at is not None
        ]


def _purge_one(
    engine: Engine, cipher: FieldCipher, reference: str, cutoff: datetime, now: datetime
) -> bool:
    with write_session(engine) as session:
        head = audit.lock_head(session)
        stmt = select(BreachRow).where(BreachRow.reference == reference).with_for_update()
        row = session.execute(stmt).scalar_one()
        if (
            row.state != "closed"
            or row.closed_at is None
            or row.closed_at >= cutoff
            or row.purged_at
        ):
            return False
        seqs = _erase_audit_bodies(session, row.id)
        row.snapshot = None
        row.assigned_to = None
        row.purged_at = now
        row.updated_at = now
        audit.append(
            session,
            cipher,
            head,
            breach_id=row.id,
            reference=row.reference,
            kind=audit.PURGED_KIND,
            actor=PURGE_ACTOR,
            at=now,
            body={
                "erased_rows": seqs,
                "closed_at": row.closed_at.isoformat(),
                "retention": f"{RETENTION_YEARS} years from closure",
            },
        )
    return True


def _erase_audit_bodies(session: Session, breach_id: int) -> list[int]:
    """Erase actor and details of a breach's audit rows; return their positions."""
    seqs = list(
        session.execute(
            select(AuditEventRow.seq)
            .where(AuditEventRow.breach_id == breach_id, AuditEventRow.redacted.is_(False))
            .order_by(AuditEventRow.seq)
        ).scalars()
    )
    session.execute(
        update(AuditEventRow)
        .where(AuditEventRow.seq.in_(seqs))
        .values(actor=None, payload=None, redacted=True)
    )
    return seqs
