"""The breach register's repository: domain ``Breach`` objects in, domain objects out.

Every change is one write transaction that (1) locks the audit chain head, (2) writes the
breach's projection and encrypted snapshot, and (3) appends one chained audit row per
domain event. A crash at any point leaves either all of it or none of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent, Transition
from bot.domain.clock import Clock, SystemClock
from bot.domain.codec import from_jsonable, to_jsonable
from bot.domain.errors import BreachError
from bot.domain.facts import BreachFacts
from bot.domain.records import BreachSummary
from bot.domain.reference import format_reference, normalise_reference, reference_year
from bot.domain.values import OPEN_STATES, BreachState
from bot.register.breaches import audit
from bot.register.breaches.audit import AuditEntry
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.facts import read_facts
from bot.register.breaches.models import AuditEventRow, AuditHeadRow, BreachRow
from bot.register.breaches.projection import project
from bot.register.breaches.references import allocate_number
from bot.register.breaches.summaries import SUMMARY_COLUMNS, to_summary
from bot.register.db import read_session, write_session
from bot.register.errors import BreachNotFoundError, BreachPurgedError

Change = Callable[[Breach], Transition]
"""A domain transition to apply, e.g. ``lambda b: lifecycle.acknowledge(b, by=dpo, at=now)``."""


class BreachStore:
    """Stores and loads breaches inside one open session; all writes are audited and chained.

    The unit of work gives each step one of these over its transaction; nothing here
    commits. ``BreachRepository`` wraps it for callers without a transaction of their own.

    Args:
        session: An open session (a write session for ``add`` and ``apply``).
        cipher: Encrypts snapshots and audit bodies (``bot.register.breaches.crypto``).
        clock: Stamps ``created_at``/``updated_at``; the domain stamps event times.
    """

    def __init__(self, session: Session, cipher: FieldCipher, clock: Clock) -> None:
        self._session = session
        self._cipher = cipher
        self._clock = clock

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
        session = self._session
        head = audit.lock_head(session)
        year = reference_year(breach.reported_at)
        number = allocate_number(session, year)
        stored = lifecycle.with_reference(breach, format_reference(year, number))
        row = BreachRow(uid=stored.id, year=year, number=number, created_at=now, version=1)
        self._write(row, stored, events, now)
        session.add(row)
        session.flush()
        self._audit(head, row, events)
        return stored

    def get(self, reference: str, *, for_update: bool = False) -> Breach:
        """The breach with ``reference`` (any spelling ``normalise_reference`` accepts).

        Raises:
            BreachError: ``reference`` is not of the form ``BR-YYYY-NNNN``.
            BreachNotFoundError: no such breach.
            BreachPurgedError: only its tombstone remains.
        """
        return self._load(self._row(reference, for_update=for_update))

    def reference_of(self, breach_id: str) -> str | None:
        """The reference of the breach with this stable id, if it is in the register."""
        stmt = select(BreachRow.reference).where(BreachRow.uid == breach_id)
        return self._session.execute(stmt).scalar_one_or_none()

    def list_breaches(self, *, open_only: bool = False) -> list[Breach]:
        """Breaches oldest first (purged ones are left out); only open ones if asked."""
        stmt = select(BreachRow).where(BreachRow.purged_at.is_(None)).order_by(BreachRow.id)
        if open_only:
            stmt = stmt.where(BreachRow.state.in_([s.value for s in OPEN_STATES]))
        return [self._load(row) for row in self._session.execute(stmt).scalars()]

    def summaries(self, *, open_only: bool = False) -> list[BreachSummary]:
        """Summaries oldest first, tombstones included; nothing is decrypted."""
        # Plain columns only, as tuples: no encrypted snapshot, no ORM identity map.
        stmt = select(*SUMMARY_COLUMNS).order_by(BreachRow.id)
        if open_only:
            stmt = stmt.where(BreachRow.state.in_([s.value for s in OPEN_STATES]))
        return [to_summary(row) for row in self._session.execute(stmt)]

    def facts(self) -> list[BreachFacts]:
        """The reviews' facts of every breach, oldest first, tombstones included.

        Plain columns only (``breaches``, ``breach_actions``, ``breach_escalations``):
        nothing is decrypted.
        """
        return read_facts(self._session)

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
        head = audit.lock_head(self._session)
        row = self._row(reference, for_update=True)
        transition = change(self._load(row))
        if transition.breach.id != row.uid:
            raise BreachError("a change must return the same breach")
        self._write(row, transition.breach, [transition.event], now)
        row.version += 1
        self._audit(head, row, [transition.event])
        return transition.breach

    def events(self, reference: str) -> list[AuditEntry]:
        """The audit trail of one breach, oldest first (bodies decrypted)."""
        row = self._row(reference, allow_purged=True)
        stmt = (
            select(AuditEventRow)
            .where(AuditEventRow.breach_id == row.id)
            .order_by(AuditEventRow.seq)
        )
        return [audit.decode(r, self._cipher) for r in self._session.execute(stmt).scalars()]

    def history(self, reference: str) -> list[BreachEvent]:
        """The domain events of one breach, oldest first (for timelines and the ICO pack).

        Raises:
            BreachPurgedError: the breach was purged (its events' details are gone).
        """
        self.get(reference)  # refuses unknown and purged breaches with their own errors
        return [e for e in (entry.to_event() for entry in self.events(reference)) if e]

    def _row(
        self, reference: str, *, for_update: bool = False, allow_purged: bool = False
    ) -> BreachRow:
        canonical = normalise_reference(reference)
        stmt = select(BreachRow).where(BreachRow.reference == canonical)
        if for_update:
            stmt = stmt.with_for_update()
        row = self._session.execute(stmt).scalar_one_or_none()
        if row is None:
            raise BreachNotFoundError(canonical)
        if row.purged_at is not None and not allow_purged:
            raise BreachPurgedError(canonical)
        return row

    def _load(self, row: BreachRow) -> Breach:
        if row.snapshot is None:
            raise BreachPurgedError(row.reference)
        return from_jsonable(Breach, json.loads(self._cipher.decrypt(row.snapshot)))

    def _write(
        self, row: BreachRow, breach: Breach, events: Sequence[BreachEvent], now: datetime
    ) -> None:
        project(row, breach, events)
        row.snapshot = self._cipher.encrypt(json.dumps(to_jsonable(breach)))
        row.updated_at = now

    def _audit(self, head: AuditHeadRow, row: BreachRow, events: Sequence[BreachEvent]) -> None:
        for event in events:
            audit.append(
                self._session,
                self._cipher,
                head,
                breach_id=row.id,
                reference=row.reference,
                kind=event.kind.value,
                actor=event.actor.upn,
                at=event.at,
                body=event_body(event),
            )


class BreachRepository:
    """``BreachStore`` with a transaction of its own per call (the CLI, reports, tests).

    Args:
        engine: From ``bot.register.db.make_engine``.
        cipher: Encrypts snapshots and audit bodies.
        clock: Stamps rows; the domain stamps event times.
    """

    def __init__(self, engine: Engine, cipher: FieldCipher, clock: Clock | None = None) -> None:
        self._engine = engine
        self._cipher = cipher
        self._clock = clock or SystemClock()

    def _reading(self) -> AbstractContextManager[Session]:
        return read_session(self._engine)

    def _store(self, session: Session) -> BreachStore:
        return BreachStore(session, self._cipher, self._clock)

    def add(self, breach: Breach, events: Sequence[BreachEvent] = ()) -> Breach:
        """``BreachStore.add`` in a write transaction of its own."""
        with write_session(self._engine) as session:
            return self._store(session).add(breach, events)

    def apply(self, reference: str, change: Change) -> Breach:
        """``BreachStore.apply`` in a write transaction of its own."""
        with write_session(self._engine) as session:
            return self._store(session).apply(reference, change)

    def get(self, reference: str) -> Breach:
        """``BreachStore.get`` in a read transaction."""
        with self._reading() as session:
            return self._store(session).get(reference)

    def list_breaches(self, *, open_only: bool = False) -> list[Breach]:
        """``BreachStore.list_breaches`` in a read transaction."""
        with self._reading() as session:
            return self._store(session).list_breaches(open_only=open_only)

    def summaries(self, *, open_only: bool = False) -> list[BreachSummary]:
        """``BreachStore.summaries`` in a read transaction."""
        with self._reading() as session:
            return self._store(session).summaries(open_only=open_only)

    def facts(self) -> list[BreachFacts]:
        """``BreachStore.facts`` in a read transaction."""
        with self._reading() as session:
            return self._store(session).facts()

    def events(self, reference: str) -> list[AuditEntry]:
        """``BreachStore.events`` in a read transaction."""
        with self._reading() as session:
            return self._store(session).events(reference)

    def history(self, reference: str) -> list[BreachEvent]:
        """``BreachStore.history`` in a read transaction."""
        with self._reading() as session:
            return self._store(session).history(reference)


def event_body(event: BreachEvent) -> dict[str, object]:
    """What an audit row keeps of a domain event: actor name, details and free text."""
    return {"actor_name": event.actor.name, "data": event.data, "private": event.private}
