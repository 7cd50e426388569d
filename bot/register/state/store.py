"""The bot's state store: plain dataclasses in and out, on the register's database.

Conversations in progress (encrypted: they hold the reporter's answers), activity ids
already processed (de-duplication with a time to live), where each breach alert was
posted and what happened to it, who is away, and front-end conversation references.
Refused card actions go into the register's hash-chained audit trail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, select

from bot.domain.clock import Clock, SystemClock
from bot.register.breaches import audit
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import BreachRow
from bot.register.db import read_session, write_session
from bot.register.state.alerts import (
    AlertRecord,
    AlertTables,
    ReportSummary,
    insert_ignoring,
)
from bot.register.state.models import (
    ConversationStateRow,
    ProcessedActivityRow,
)

__all__ = [
    "REFUSED_KIND",
    "AlertRecord",
    "BotStateStore",
    "ReportSummary",
    "StaleStateError",
    "StoredConversation",
]

REFUSED_KIND = "action_refused"
"""Audit-trail kind of a card action refused because the person may not act."""


class StaleStateError(Exception):
    """Another turn saved the conversation first (the caller reloads and retries)."""


@dataclass(frozen=True, slots=True)
class StoredConversation:
    """A conversation as stored: the domain's state dict, its version and links."""

    key: str
    reporter_id: str
    data: Mapping[str, Any] = field(repr=False)
    version: int
    partial_reference: str | None
    updated_at: datetime


class BotStateStore(AlertTables):
    """Reads and writes the bot's state tables.

    Args:
        engine: The register's engine.
        cipher: The register's cipher (conversation answers are encrypted with it).
        clock: Stamps rows.
    """

    def __init__(self, engine: Engine, cipher: FieldCipher, clock: Clock | None = None) -> None:
        self._engine = engine
        self._cipher = cipher
        self._clock = clock or SystemClock()

    # --- conversations -------------------------------------------------------------

    def load_conversation(self, key: str) -> StoredConversation | None:
        """The conversation stored under ``key``, or None."""
        with read_session(self._engine) as session:
            row = session.get(ConversationStateRow, key)
            return self._conversation(row) if row is not None else None

    def conversations_of(self, reporter_id: str) -> list[StoredConversation]:
        """Every stored conversation of one reporter."""
        with read_session(self._engine) as session:
            stmt = select(ConversationStateRow).where(
                ConversationStateRow.reporter_id == reporter_id
            )
            return [self._conversation(r) for r in session.execute(stmt).scalars()]

    def save_conversation(
        self,
        key: str,
        reporter_id: str,
        data: Mapping[str, Any],
        *,
        expected_version: int | None,
        partial_reference: str | None = None,
    ) -> int:
        """Store a conversation's new state; returns its new version.

        Args:
            key: ``ConversationKey.as_text()``.
            reporter_id: The reporter's front-end id (for ``/breach status``).
            data: ``state_to_dict(state)``.
            expected_version: The version that was loaded (None: it must be new).
            partial_reference: The partial report filed for it, if any (kept if None).

        Raises:
            StaleStateError: someone else saved it since it was loaded.
        """
        body = self._cipher.encrypt(json.dumps(dict(data), sort_keys=True))
        now = self._clock.now()
        with write_session(self._engine) as session:
            row = session.get(ConversationStateRow, key, with_for_update=True)
            current = row.version if row is not None else None
            if current != expected_version:
                raise StaleStateError(key)
            if row is None:
                row = ConversationStateRow(key=key, reporter_id=reporter_id, version=0)
                session.add(row)
            row.data = body
            row.version = (current or 0) + 1
            row.updated_at = now
            if partial_reference is not None:
                row.partial_reference = partial_reference
            return row.version

    def delete_conversation(self, key: str, *, expected_version: int | None = None) -> bool:
        """Delete a finished conversation; False if absent or changed since loaded."""
        with write_session(self._engine) as session:
            row = session.get(ConversationStateRow, key, with_for_update=True)
            if row is None or (expected_version is not None and row.version != expected_version):
                return False
            session.delete(row)
            return True

    def _conversation(self, row: ConversationStateRow) -> StoredConversation:
        return StoredConversation(
            key=row.key,
            reporter_id=row.reporter_id,
            data=json.loads(self._cipher.decrypt(row.data)),
            version=row.version,
            partial_reference=row.partial_reference,
            updated_at=row.updated_at,
        )

    # --- processed activities ------------------------------------------------------

    def first_time(self, activity_id: str) -> bool:
        """Record ``activity_id``; True the first time it is seen, False for a repeat."""
        values = {"activity_id": activity_id[:200], "seen_at": self._clock.now()}
        with write_session(self._engine) as session:
            return insert_ignoring(session, ProcessedActivityRow, values)

    def forget_activities(self, before: datetime) -> int:
        """Forget activity ids seen before ``before`` (the time to live); returns how many."""
        with write_session(self._engine) as session:
            stmt = delete(ProcessedActivityRow).where(ProcessedActivityRow.seen_at < before)
            return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]

    # --- audit ---------------------------------------------------------------------

    def record_refusal(self, reference: str | None, actor: str, verb: str) -> None:
        """Append a refused card action to the register's audit trail.

        Args:
            reference: The breach the card was about (None when the data was unusable).
            actor: Who tried (sign-in name, or ``aad:<object id>``).
            verb: The card action's verb.
        """
        now = self._clock.now()
        with write_session(self._engine) as session:
            head = audit.lock_head(session)
            breach_id = None
            if reference is not None:
                stmt = select(BreachRow.id).where(BreachRow.reference == reference)
                breach_id = session.execute(stmt).scalar_one_or_none()
            body = {"verb": verb[:64], "reason": "not a DPO, SIRO or director"}
            audit.append(
                session,
                self._cipher,
                head,
                breach_id=breach_id,
                reference=reference if breach_id is not None else None,
                kind=REFUSED_KIND,
                actor=actor[:200],
                at=now,
                body=body,
            )
