"""Storing name warnings (hygiene events) and the feedback on them.

Returns ``HygieneEvent`` values, never ORM rows. Nothing here ever sees message text:
callers hand over a keyed hash of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from bot.register.db import read_session, write_session
from bot.register.state.hygiene_models import (
    AUTHOR_LENGTH,
    MESSAGE_ID_LENGTH,
    NAME_LENGTH,
    PLACE_LENGTH,
    HygieneEventRow,
)

PENDING_BREACH = "pending"
"""``breach_reference`` while a breach is being recorded from a warning."""


class Feedback(StrEnum):
    """What the author answered on the warning card."""

    EDITED = "edited"
    NOT_CLIENT_DATA = "not_client_data"


@dataclass(frozen=True, slots=True)
class HygieneEvent:
    """One private name warning, as stored.

    Attributes:
        id: Opaque id (the warning card's buttons send it back).
        place_key: The Teams channel id, or the conversation id of a group chat.
        place_name: A display name for the place, e.g. ``"Adults – Rota"``.
        conversation_type: ``"channel"`` or ``"groupChat"``.
        team_id: The team, for channel messages.
        message_id: The front-end's id of the flagged message (edits carry it too).
        author_id: The author's Entra object id.
        occurred_at: When the warning was given (UTC).
        entity_types: Detector entity types found, e.g. ``("PERSON", "UK_NHS")``.
        content_hash: HMAC-SHA256 of the message (hex); never the message itself.
        fixed_at: When an edit of the message scanned clean.
        feedback: The author's answer on the card, if any.
        feedback_at: When they answered.
        breach_reference: The register reference when a DPO recorded it as a breach.
    """

    id: str
    place_key: str
    place_name: str
    conversation_type: str
    team_id: str | None
    message_id: str | None
    author_id: str
    occurred_at: datetime
    entity_types: tuple[str, ...]
    content_hash: str
    fixed_at: datetime | None = None
    feedback: Feedback | None = None
    feedback_at: datetime | None = None
    breach_reference: str | None = None


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
    reference = row.breach_reference
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
        breach_reference=None if reference == PENDING_BREACH else reference,
    )


class HygieneStore:
    """Hygiene events in the register database (SQLite or PostgreSQL).

    Args:
        engine: The register's engine (``Register.engine``).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, event: HygieneEvent) -> bool:
        """Store a new warning.

        Returns:
            ``False`` when the same author already had a warning for the same content in
            the same place (the unique constraint decides, so two instances racing on
            one message store one event).
        """
        row = HygieneEventRow(
            id=event.id,
            place_key=fit(event.place_key, PLACE_LENGTH),
            place_name=event.place_name[:NAME_LENGTH],
            conversation_type=event.conversation_type,
            team_id=_fit_optional(event.team_id, PLACE_LENGTH),
            message_id=_fit_optional(event.message_id, MESSAGE_ID_LENGTH),
            author_id=fit(event.author_id, AUTHOR_LENGTH),
            occurred_at=event.occurred_at,
            entity_types=",".join(event.entity_types),
            content_hash=event.content_hash,
        )
        try:
            with write_session(self._engine) as session:
                session.add(row)
        except IntegrityError:
            return False
        return True

    def seen(self, author_id: str, place_key: str, content_hash: str) -> bool:
        """True when this author was already warned about this content in this place."""
        stmt = select(HygieneEventRow.id).where(
            HygieneEventRow.author_id == fit(author_id, AUTHOR_LENGTH),
            HygieneEventRow.place_key == fit(place_key, PLACE_LENGTH),
            HygieneEventRow.content_hash == content_hash,
        )
        with read_session(self._engine) as session:
            return session.execute(stmt).first() is not None

    def get(self, event_id: str) -> HygieneEvent | None:
        """The event with ``event_id``, if there is one."""
        with read_session(self._engine) as session:
            row = session.get(HygieneEventRow, event_id)
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
        with write_session(self._engine) as session:
            return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def set_feedback(self, event_id: str, feedback: Feedback, at: datetime) -> bool:
        """Record the author's answer (a later answer replaces an earlier one)."""
        stmt = (
            update(HygieneEventRow)
            .where(HygieneEventRow.id == event_id)
            .values(feedback=feedback.value, feedback_at=at)
        )
        with write_session(self._engine) as session:
            return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def claim_breach(self, event_id: str) -> bool:
        """Mark the warning as being recorded as a breach; ``False`` if already claimed."""
        stmt = (
            update(HygieneEventRow)
            .where(HygieneEventRow.id == event_id, HygieneEventRow.breach_reference.is_(None))
            .values(breach_reference=PENDING_BREACH)
        )
        with write_session(self._engine) as session:
            return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def set_breach(self, event_id: str, reference: str | None) -> None:
        """Store the breach reference (``None`` releases a claim after a failure)."""
        stmt = (
            update(HygieneEventRow)
            .where(HygieneEventRow.id == event_id)
            .values(breach_reference=reference)
        )
        with write_session(self._engine) as session:
            session.execute(stmt)

    def breach_pending(self, event_id: str) -> bool:
        """True while another request is recording this warning as a breach."""
        stmt = select(HygieneEventRow.breach_reference).where(HygieneEventRow.id == event_id)
        with read_session(self._engine) as session:
            return session.execute(stmt).scalar_one_or_none() == PENDING_BREACH

    def between(self, start: datetime, end: datetime) -> list[HygieneEvent]:
        """Events with ``start <= occurred_at <= end``, oldest first."""
        stmt = (
            select(HygieneEventRow)
            .where(HygieneEventRow.occurred_at >= start, HygieneEventRow.occurred_at <= end)
            .order_by(HygieneEventRow.occurred_at, HygieneEventRow.id)
        )
        with read_session(self._engine) as session:
            return [_to_event(row) for row in session.execute(stmt).scalars()]
