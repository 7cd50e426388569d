"""Storing name warnings (hygiene events) and the feedback on them, in the step's session.

Returns ``HygieneEvent`` values, never ORM rows. Nothing here ever sees message text:
callers hand over a keyed hash of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.domain.records import Feedback, HygieneEvent
from bot.register.state.hygiene_models import (
    AUTHOR_LENGTH,
    MESSAGE_ID_LENGTH,
    NAME_LENGTH,
    PLACE_LENGTH,
    HygieneEventRow,
    PlaceNameRow,
)


def fit(value: str, limit: int) -> str:
    """``value``, or a stable digest of it when it is longer than its column allows.

    Front-end ids have no documented maximum; a digest keeps lookups (dedupe, edits)
    working instead of failing the insert on PostgreSQL.
    """
    if len(value) <= limit:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def _fit_optional(value: str | None, limit: int) -> str | None:
    return None if value is None else fit(value, limit)


def _to_event(row: HygieneEventRow) -> HygieneEvent:
    return HygieneEvent(
        id=row.id,
        place_key=row.place_key,
        place_name=row.place_name,
        conversation_type=row.conversation_type,
        team_id=row.team_id,
        message_id=row.message_id,
        author_id=row.author_id,
        occurred_at=row.occurred_at,
        entity_types=tuple(t for t in row.entity_types.split(",") if t),
        content_hash=row.content_hash,
        fixed_at=row.fixed_at,
        feedback=Feedback(row.feedback) if row.feedback else None,
        feedback_at=row.feedback_at,
        breach_reference=row.breach_reference,
    )


class SqlHygiene:
    """Hygiene events of one unit of work (SQLite or PostgreSQL)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, event: HygieneEvent) -> bool:
        """Store a new warning.

        Returns:
            ``False`` when the same author already had a warning for the same content in
            the same place (the unique constraint decides, so two instances racing on
            one message store one event).
        """
        values = {
            "id": event.id,
            "place_key": fit(event.place_key, PLACE_LENGTH),
            "place_name": event.place_name[:NAME_LENGTH],
            "conversation_type": event.conversation_type,
            "team_id": _fit_optional(event.team_id, PLACE_LENGTH),
            "message_id": _fit_optional(event.message_id, MESSAGE_ID_LENGTH),
            "author_id": fit(event.author_id, AUTHOR_LENGTH),
            "occurred_at": event.occurred_at,
            "entity_types": ",".join(event.entity_types),
            "content_hash": event.content_hash,
        }
        table: Any = HygieneEventRow.__table__
        name = self._session.get_bind().dialect.name
        dialect: Any = postgresql if name == "postgresql" else sqlite
        stmt = dialect.insert(table).values(values).on_conflict_do_nothing()
        return self._session.execute(stmt.returning(table.c.id)).first() is not None

    def seen(self, author_id: str, place_key: str, content_hash: str) -> bool:
        """True when this author was already warned about this content in this place."""
        stmt = select(HygieneEventRow.id).where(
            HygieneEventRow.author_id == fit(author_id, AUTHOR_LENGTH),
            HygieneEventRow.place_key == fit(place_key, PLACE_LENGTH),
            HygieneEventRow.content_hash == content_hash,
        )
        return self._session.execute(stmt).first() is not None

    def get(self, event_id: str, *, for_update: bool = False) -> HygieneEvent | None:
        """The event with ``event_id``, if there is one (locked for this step if asked)."""
        row = self._session.get(HygieneEventRow, event_id, with_for_update=for_update)
        return _to_event(row) if row is not None else None

    def mark_fixed(self, place_key: str, message_id: str, at: datetime) -> int:
        """Record that every open warning about this message was fixed; returns how many."""
        stmt = (
            update(HygieneEventRow)
            .where(
                HygieneEventRow.place_key == fit(place_key, PLACE_LENGTH),
                HygieneEventRow.message_id == fit(message_id, MESSAGE_ID_LENGTH),
                HygieneEventRow.fixed_at.is_(None),
            )
            .values(fixed_at=at)
        )
        return int(self._session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def set_feedback(self, event_id: str, feedback: Feedback, at: datetime) -> bool:
        """Record the author's answer (a later answer replaces an earlier one)."""
        stmt = (
            update(HygieneEventRow)
            .where(HygieneEventRow.id == event_id)
            .values(feedback=feedback.value, feedback_at=at)
        )
        return bool(self._session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def set_breach(self, event_id: str, reference: str) -> None:
        """Store the reference of the breach the warning was recorded as."""
        stmt = (
            update(HygieneEventRow)
            .where(HygieneEventRow.id == event_id)
            .values(breach_reference=reference)
        )
        self._session.execute(stmt)

    def between(self, start: datetime, end: datetime) -> list[HygieneEvent]:
        """Events with ``start <= occurred_at <= end``, oldest first."""
        stmt = (
            select(HygieneEventRow)
            .where(HygieneEventRow.occurred_at >= start, HygieneEventRow.occurred_at <= end)
            .order_by(HygieneEventRow.occurred_at, HygieneEventRow.id)
        )
        return [_to_event(row) for row in self._session.execute(stmt).scalars()]

    def place_name(self, place_key: str) -> str | None:
        """The name Teams gave this place, if one was learned."""
        row = self._session.get(PlaceNameRow, fit(place_key, PLACE_LENGTH))
        return row.name if row is not None else None

    def name_places(self, names: Mapping[str, str], at: datetime) -> int:
        """Remember (or rename) places; returns how many names changed.

        An upsert, so two instances learning the same channel at once both succeed.
        """
        table: Any = PlaceNameRow.__table__
        name = self._session.get_bind().dialect.name
        dialect: Any = postgresql if name == "postgresql" else sqlite
        changed = 0
        for key, label in names.items():
            values = {"place_key": fit(key, PLACE_LENGTH), "name": label[:NAME_LENGTH]}
            if self.place_name(key) == values["name"]:
                continue
            stmt = dialect.insert(table).values({**values, "updated_at": at})
            stmt = stmt.on_conflict_do_update(
                index_elements=["place_key"], set_={"name": values["name"], "updated_at": at}
            )
            self._session.execute(stmt)
            changed += 1
        return changed
