"""Breach alerts and absences, inside the step's session.

An alert's history names staff ("Acknowledged by ... at 10:42"), so it is encrypted with
the register's key like every other free text; rows written before that was so (plain
JSON) are still read, and are encrypted when next changed or by ``careguard db upgrade``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain.clock import Clock
from bot.domain.records import AlertRecord, AlertStatus, ReportSummary
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import BreachRow
from bot.register.state.models import AwayRow, BreachAlertRow
from bot.register.state.sql import insert_ignoring


def encode_history(cipher: FieldCipher, lines: Sequence[str]) -> str:
    """The stored form of an alert's history: encrypted JSON."""
    return cipher.encrypt(json.dumps(list(lines)))


def decode_history(cipher: FieldCipher, stored: str) -> list[str]:
    """An alert's history from its stored form (encrypted, or legacy plain JSON)."""
    text = stored if stored.lstrip().startswith("[") else cipher.decrypt(stored)
    lines = json.loads(text)
    return [str(line) for line in lines]


def encrypt_legacy_histories(session: Session, cipher: FieldCipher) -> int:
    """Encrypt alert histories stored in plain JSON by earlier versions; returns how many."""
    stmt = select(BreachAlertRow).where(BreachAlertRow.history.startswith("["))
    rows = list(session.execute(stmt).scalars())
    for row in rows:
        row.history = encode_history(cipher, decode_history(cipher, row.history))
    return len(rows)


class SqlAlerts:
    """The alert store of one unit of work."""

    def __init__(self, session: Session, cipher: FieldCipher, clock: Clock) -> None:
        self._session = session
        self._cipher = cipher
        self._clock = clock

    def add(self, record: AlertRecord) -> bool:
        """Store a new alert; False (and nothing changes) if the reference has one."""
        values = {
            "reference": record.reference,
            "reporter_id": record.reporter_id,
            "reporter_upn": record.reporter_upn,
            "reporter_channel": record.reporter_channel,
            "channel_id": record.channel_id,
            "message_id": record.message_id,
            "status": record.status.value,
            "history": encode_history(self._cipher, record.history),
            "tried": json.dumps(list(record.tried)),
            "asked": json.dumps(list(record.asked)),
            "asked_at": record.asked_at,
            "reminded": record.reminded,
            "updated_at": self._clock.now(),
        }
        return insert_ignoring(self._session, BreachAlertRow, values)

    def get(self, reference: str, *, for_update: bool = False) -> AlertRecord | None:
        """The alert of ``reference``, or None."""
        row = self._session.get(BreachAlertRow, reference, with_for_update=for_update)
        return self._record(row) if row is not None else None

    def update(
        self,
        reference: str,
        *,
        status: AlertStatus | None = None,
        add_history: Sequence[str] = (),
        tried: Sequence[str] | None = None,
        asked: Sequence[str] | None = None,
        asked_at: datetime | None = None,
        reminded: bool | None = None,
        posted: tuple[str, str] | None = None,
    ) -> AlertRecord | None:
        """Change an alert under a row lock; returns it as stored, or None if unknown.

        Args:
            reference: The breach.
            status: New status.
            add_history: Lines appended to the history (a line already there is not
                added again).
            tried: Person keys the chain has gone to (replaces the list).
            asked: Person keys the chain is done asking (replaces the list).
            asked_at: When the last notice was delivered.
            reminded: Whether the owner was reminded after the chain ran out.
            posted: ``(channel_id, message_id)`` of the card.
        """
        row = self._session.get(BreachAlertRow, reference, with_for_update=True)
        if row is None:
            return None
        if add_history:
            history = decode_history(self._cipher, row.history)
            history.extend(line for line in add_history if line not in history)
            row.history = encode_history(self._cipher, history)
        if status is not None:
            row.status = status.value
        if tried is not None:
            row.tried = json.dumps(list(dict.fromkeys(tried)))
        if asked is not None:
            row.asked = json.dumps(list(dict.fromkeys(asked)))
        if asked_at is not None:
            row.asked_at = asked_at
        if reminded is not None:
            row.reminded = reminded
        if posted is not None:
            row.channel_id, row.message_id = posted
        row.updated_at = self._clock.now()
        return self._record(row)

    def reports_of(self, reporter_id: str) -> list[ReportSummary]:
        """The breaches one person reported through the bot (purged ones left out)."""
        stmt = (
            select(
                BreachRow.reference,
                BreachRow.state,
                BreachRow.reported_at,
                BreachRow.minutes_late,
                BreachRow.incomplete,
            )
            .join(BreachAlertRow, BreachAlertRow.reference == BreachRow.reference)
            .where(BreachAlertRow.reporter_id == reporter_id, BreachRow.purged_at.is_(None))
        )
        return [ReportSummary(*row) for row in self._session.execute(stmt).all()]

    def _record(self, row: BreachAlertRow) -> AlertRecord:
        return AlertRecord(
            reference=row.reference,
            reporter_id=row.reporter_id,
            reporter_upn=row.reporter_upn,
            reporter_channel=row.reporter_channel,
            status=AlertStatus(row.status),
            channel_id=row.channel_id,
            message_id=row.message_id,
            history=tuple(decode_history(self._cipher, row.history)),
            tried=tuple(json.loads(row.tried)),
            asked=tuple(json.loads(row.asked)),
            asked_at=row.asked_at,
            reminded=row.reminded,
        )


class SqlAway:
    """Absences (``/away until 17:00``) of one unit of work."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    def set(self, person_key: str, until: datetime) -> None:
        """Record that a person is away until ``until`` (replaces an earlier absence)."""
        now = self._clock.now()
        row = self._session.get(AwayRow, person_key, with_for_update=True)
        if row is None:
            self._session.add(AwayRow(person_key=person_key, until=until, set_at=now))
        else:
            row.until, row.set_at = until, now

    def clear(self, person_key: str) -> bool:
        """End an absence early; True when there was one."""
        stmt = delete(AwayRow).where(AwayRow.person_key == person_key)
        return bool(self._session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def map(self, now: datetime) -> dict[str, datetime]:
        """Person key → back at, for everyone still away at ``now``."""
        stmt = select(AwayRow).where(AwayRow.until > now)
        return {r.person_key: r.until for r in self._session.execute(stmt).scalars()}
