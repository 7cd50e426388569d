"""Alert, absence and conversation-reference tables of the bot state store.

Part of ``BotStateStore`` (``bot.register.state.store``); split out to keep modules small.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.domain.clock import Clock
from bot.register.breaches.models import BreachRow
from bot.register.db import read_session, write_session
from bot.register.state.models import AwayRow, BreachAlertRow, ConversationRefRow


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """A breach alert: who reported it, where its card is, its status and history."""

    reference: str
    reporter_id: str
    reporter_upn: str | None
    reporter_channel: str
    status: str
    channel_id: str | None = None
    message_id: str | None = None
    history: tuple[str, ...] = ()
    tried: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """One of a reporter's breaches as the register lists it (nothing decrypted)."""

    reference: str
    state: str
    reported_at: datetime | None
    minutes_late: int | None
    incomplete: bool


def insert_ignoring(session: Session, model: type[Any], values: dict[str, Any]) -> bool:
    """Insert unless the primary key exists; True when inserted."""
    table = model.__table__
    dialect: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    keys = [c.name for c in table.primary_key.columns]
    stmt = dialect.insert(table).values(values).on_conflict_do_nothing(index_elements=keys)
    return session.execute(stmt.returning(*(table.c[k] for k in keys))).first() is not None


class AlertTables:
    """Breach alerts, absences and conversation references."""

    _engine: Engine
    _clock: Clock

    # --- breach alerts -------------------------------------------------------------

    def add_alert(self, record: AlertRecord) -> bool:
        """Store a new alert; False (and nothing changes) if the reference has one."""
        values = {
            "reference": record.reference,
            "reporter_id": record.reporter_id,
            "reporter_upn": record.reporter_upn,
            "reporter_channel": record.reporter_channel,
            "channel_id": record.channel_id,
            "message_id": record.message_id,
            "status": record.status,
            "history": json.dumps(list(record.history)),
            "tried": json.dumps(list(record.tried)),
            "updated_at": self._clock.now(),
        }
        with write_session(self._engine) as session:
            return insert_ignoring(session, BreachAlertRow, values)

    def get_alert(self, reference: str) -> AlertRecord | None:
        """The alert of ``reference``, or None."""
        with read_session(self._engine) as session:
            row = session.get(BreachAlertRow, reference)
            return _alert(row) if row is not None else None

    def alerts_of(self, reporter_id: str) -> list[AlertRecord]:
        """Every alert of breaches one person reported."""
        with read_session(self._engine) as session:
            stmt = select(BreachAlertRow).where(BreachAlertRow.reporter_id == reporter_id)
            return [_alert(r) for r in session.execute(stmt).scalars()]

    def update_alert(
        self,
        reference: str,
        *,
        status: str | None = None,
        add_history: Sequence[str] = (),
        tried: Sequence[str] | None = None,
        posted: tuple[str, str] | None = None,
    ) -> AlertRecord | None:
        """Change an alert under a row lock; returns it as stored, or None if unknown.

        Args:
            reference: The breach.
            status: New status.
            add_history: Lines appended to the history (a line already there is not
                added again, so a retried handler does not repeat itself).
            tried: Person keys asked so far (replaces the list).
            posted: ``(channel_id, message_id)`` of the card.
        """
        with write_session(self._engine) as session:
            row = session.get(BreachAlertRow, reference, with_for_update=True)
            if row is None:
                return None
            history: list[str] = json.loads(row.history)
            history.extend(line for line in add_history if line not in history)
            row.history = json.dumps(history)
            if status is not None:
                row.status = status
            if tried is not None:
                row.tried = json.dumps(list(dict.fromkeys(tried)))
            if posted is not None:
                row.channel_id, row.message_id = posted
            row.updated_at = self._clock.now()
            return _alert(row)

    # --- absences ------------------------------------------------------------------

    def set_away(self, person_key: str, until: datetime) -> None:
        """Record that a person is away until ``until`` (replaces an earlier absence)."""
        now = self._clock.now()
        with write_session(self._engine) as session:
            row = session.get(AwayRow, person_key, with_for_update=True)
            if row is None:
                session.add(AwayRow(person_key=person_key, until=until, set_at=now))
            else:
                row.until, row.set_at = until, now

    def clear_away(self, person_key: str) -> bool:
        """End an absence early; True when there was one."""
        with write_session(self._engine) as session:
            stmt = delete(AwayRow).where(AwayRow.person_key == person_key)
            return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def away_map(self, now: datetime) -> dict[str, datetime]:
        """Person key → back at, for everyone still away at ``now``."""
        with read_session(self._engine) as session:
            stmt = select(AwayRow).where(AwayRow.until > now)
            return {r.person_key: r.until for r in session.execute(stmt).scalars()}

    # --- conversation references ---------------------------------------------------

    def save_ref(self, key: str, channel: str, data: Mapping[str, Any]) -> None:
        """Store (or replace) a front-end conversation reference."""
        body = json.dumps(dict(data), sort_keys=True)
        now = self._clock.now()
        with write_session(self._engine) as session:
            row = session.get(ConversationRefRow, key, with_for_update=True)
            if row is None:
                session.add(ConversationRefRow(key=key, channel=channel, data=body, updated_at=now))
            else:
                row.channel, row.data, row.updated_at = channel, body, now

    def load_ref(self, key: str) -> tuple[str, dict[str, Any]] | None:
        """``(channel, data)`` stored under ``key``, or None."""
        with read_session(self._engine) as session:
            row = session.get(ConversationRefRow, key)
            return (row.channel, json.loads(row.data)) if row is not None else None

    def reference_of(self, breach_id: str) -> str | None:
        """The reference of the breach with this stable id, if it is in the register."""
        with read_session(self._engine) as session:
            stmt = select(BreachRow.reference).where(BreachRow.uid == breach_id)
            return session.execute(stmt).scalar_one_or_none()

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
        with read_session(self._engine) as session:
            return [ReportSummary(*row) for row in session.execute(stmt).all()]


def _alert(row: BreachAlertRow) -> AlertRecord:
    return AlertRecord(
        reference=row.reference,
        reporter_id=row.reporter_id,
        reporter_upn=row.reporter_upn,
        reporter_channel=row.reporter_channel,
        status=row.status,
        channel_id=row.channel_id,
        message_id=row.message_id,
        history=tuple(json.loads(row.history)),
        tried=tuple(json.loads(row.tried)),
    )
