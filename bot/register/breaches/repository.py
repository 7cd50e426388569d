"""The breach register's repository: domain ``Breach`` objects in, domain objects out.

Every change is one write transaction that (1) locks the audit chain head, (2) writes the
breach's projection and encrypted snapshot, and (3) appends one chained audit row per
domain event. A crash at any point leaves either all of it or none of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent, Transition
from bot.domain.clock import Clock, SystemClock
from bot.domain.errors import BreachError
from bot.domain.reference import format_reference, normalise_reference, reference_year
from bot.domain.values import OPEN_STATES, BreachState, Service
from bot.register.breaches import audit
from bot.register.breaches.audit import AuditEntry
from bot.register.breaches.codec import from_jsonable, to_jsonable
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import AuditEventRow, AuditHeadRow, BreachRow
from bot.register.breaches.projection import project
from bot.register.breaches.references import allocate_number
from bot.register.db import read_session, write_session
from bot.register.errors import BreachNotFoundError, BreachPurgedError

Change = Callable[[Breach], Transition]
"""A domain transition to apply, e.g. ``lambda b: lifecycle.acknowledge(b, by=dpo, at=now)``."""


@dataclass(frozen=True, slots=True)
class BreachSummary:
    """What lists and statistics need, read without decrypting anything.

    Attributes mirror the plain columns of the register; ``purged`` marks a tombstone.
    """

    reference: str
    service: Service | None
    state: BreachState
    discovered_at: datetime | None
    reported_at: datetime | None
    minutes_late: int | None
    acknowledged_at: datetime | None
    assigned_to: str | None
    high_risk: bool | None
    category: str | None
    ico_deadline: datetime | None
    ico_notified: bool | None
    open_actions: int
    incomplete: bool
    closed_at: datetime | None
    purged: bool


class BreachRepository:
    """Stores and loads breaches; all writes are audited and hash-chained.

    Args:
        engine: From ``bot.register.db.make_engine``.
        cipher: Encrypts snapshots and audit bodies (``bot.register.breaches.crypto.load_cipher``).
        clock: Stamps ``created_at``/``updated_at``; the domain stamps event times.
    """

    def __init__(self, engine: Engine, cipher: FieldCipher, clock: Clock | None = None) -> None:
        self._engine = engine
        self._cipher = cipher
        self._clock = clock or SystemClock()

    def add(self, breach: Breach, events: Sequence[BreachEvent] = ()) -> Breach:
        """Log a submitted breach: allocate its reference, store it, audit its events.

        Args:
            breach: A breach that has been reported (or filed incomplete).
            events: The domain events that produced it (creation, draft updates, report).

        Returns:
            The breach with its new ``BR-YYYY-NNNN`` reference.

        Raises:
            BreachError: the breach is still a draft or already has a reference.
        """
        if breach.state is BreachState.DRAFT or breach.reported_at is None:
            raise BreachError("only a reported breach can be logged in the register")
        if breach.reference is not None:
            raise BreachError("the breach already has a reference")
        now = self._clock.now()
        with write_session(self._engine) as session:
            head = audit.lock_head(session)
            year = reference_year(breach.reported_at)
            number = allocate_number(session, year)
            stored = lifecycle.with_reference(breach, format_reference(year, number))
            row = BreachRow(uid=stored.id, year=year, number=number, created_at=now, version=1)
            self._write(row, stored, now)
            session.add(row)
            session.flush()
            self._audit(session, head, row, events)
        return stored

    def get(self, reference: str) -> Breach:
        """The breach with ``reference`` (any spelling ``normalise_reference`` accepts).

        Raises:
            BreachError: ``reference`` is not of the form ``BR-YYYY-NNNN``.
            BreachNotFoundError: no such breach.
            BreachPurgedError: only its tombstone remains.
        """
        with read_session(self._engine) as session:
            return self._load(self._row(session, reference))

    def list_breaches(self, *, open_only: bool = False) -> list[Breach]:
        """Breaches oldest first (purged ones are left out); only open ones if asked."""
        with read_session(self._engine) as session:
            stmt = select(BreachRow).where(BreachRow.purged_at.is_(None)).order_by(BreachRow.id)
            if open_only:
                stmt = stmt.where(BreachRow.state.in_([s.value for s in OPEN_STATES]))
            return [self._load(row) for row in session.execute(stmt).scalars()]

    def summaries(self, *, open_only: bool = False) -> list[BreachSummary]:
        """Summaries oldest first, tombstones included; nothing is decrypted."""
        with read_session(self._engine) as session:
            # Plain columns only, as tuples: no encrypted snapshot, no ORM identity map.
            stmt = select(*_SUMMARY_COLUMNS).order_by(BreachRow.id)
            if open_only:
                stmt = stmt.where(BreachRow.state.in_([s.value for s in OPEN_STATES]))
            return [_summary(row) for row in session.execute(stmt)]

    def apply(self, reference: str, change: Change) -> Breach:
        """Apply a domain transition to a stored breach, under a lock, and audit it.

        ``change`` runs inside the write transaction on the freshest copy, so two
        concurrent changes to one breach are applied one after the other, never lost.

        Raises:
            BreachError: the transition is not allowed (raised by the domain).
            BreachNotFoundError: no such breach.
            BreachPurgedError: the breach was purged.
        """
        now = self._clock.now()
        with write_session(self._engine) as session:
            head = audit.lock_head(session)
            row = self._row(session, reference, for_update=True)
            transition = change(self._load(row))
            if transition.breach.id != row.uid:
                raise BreachError("a change must return the same breach")
            self._write(row, transition.breach, now)
            row.version += 1
            self._audit(session, head, row, [transition.event])
        return transition.breach

    def events(self, reference: str) -> list[AuditEntry]:
        """The audit trail of one breach, oldest first (bodies decrypted)."""
        with read_session(self._engine) as session:
            row = self._row(session, reference, allow_purged=True)
            stmt = (
                select(AuditEventRow)
                .where(AuditEventRow.breach_id == row.id)
                .order_by(AuditEventRow.seq)
            )
            return [audit.decode(r, self._cipher) for r in session.execute(stmt).scalars()]

    def history(self, reference: str) -> list[BreachEvent]:
        """The domain events of one breach, oldest first (for timelines and the ICO pack).

        Raises:
            BreachPurgedError: the breach was purged (its events' details are gone).
        """
        self.get(reference)  # refuses unknown and purged breaches with their own errors
        return [e for e in (entry.to_event() for entry in self.events(reference)) if e]

    def _row(
        self,
        session: Session,
        reference: str,
        *,
        for_update: bool = False,
        allow_purged: bool = False,
    ) -> BreachRow:
        canonical = normalise_reference(reference)
        stmt = select(BreachRow).where(BreachRow.reference == canonical)
        if for_update:
            stmt = stmt.with_for_update()
        row = session.execute(stmt).scalar_one_or_none()
        if row is None:
            raise BreachNotFoundError(canonical)
        if row.purged_at is not None and not allow_purged:
            raise BreachPurgedError(canonical)
        return row

    def _load(self, row: BreachRow) -> Breach:
        if row.snapshot is None:
            raise BreachPurgedError(row.reference)
        return from_jsonable(Breach, json.loads(self._cipher.decrypt(row.snapshot)))

    def _write(self, row: BreachRow, breach: Breach, now: datetime) -> None:
        project(row, breach)
        row.snapshot = self._cipher.encrypt(json.dumps(to_jsonable(breach)))
        row.updated_at = now

    def _audit(
        self,
        session: Session,
        head: AuditHeadRow,
        row: BreachRow,
        events: Sequence[BreachEvent],
    ) -> None:
        for event in events:
            audit.append(
                session,
                self._cipher,
                head,
                breach_id=row.id,
                reference=row.reference,
                kind=event.kind.value,
                actor=event.actor.upn,
                at=event.at,
                body=event_body(event),
            )


def event_body(event: BreachEvent) -> dict[str, object]:
    """What an audit row keeps of a domain event: actor name, details and free text."""
    return {"actor_name": event.actor.name, "data": event.data, "private": event.private}


_SUMMARY_COLUMNS = (
    BreachRow.reference,
    BreachRow.service,
    BreachRow.state,
    BreachRow.discovered_at,
    BreachRow.reported_at,
    BreachRow.minutes_late,
    BreachRow.acknowledged_at,
    BreachRow.assigned_to,
    BreachRow.high_risk,
    BreachRow.category,
    BreachRow.ico_deadline,
    BreachRow.ico_notified,
    BreachRow.open_actions,
    BreachRow.incomplete,
    BreachRow.closed_at,
    BreachRow.purged_at,
)


def _summary(row: Row[*tuple[Any, ...]]) -> BreachSummary:
    return BreachSummary(
        reference=row.reference,
        service=Service(row.service) if row.service else None,
        state=BreachState(row.state),
        discovered_at=row.discovered_at,
        reported_at=row.reported_at,
        minutes_late=row.minutes_late,
        acknowledged_at=row.acknowledged_at,
        assigned_to=row.assigned_to,
        high_risk=row.high_risk,
        category=row.category,
        ico_deadline=row.ico_deadline,
        ico_notified=row.ico_notified,
        open_actions=row.open_actions,
        incomplete=row.incomplete,
        closed_at=row.closed_at,
        purged=row.purged_at is not None,
    )
