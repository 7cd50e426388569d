"""``/breach`` conversations in progress, processed activity ids and refused actions.

All inside the step's session. Conversation answers are encrypted with the register's
key (they hold what the reporter typed); the other rows hold ids and times only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.clock import Clock
from bot.domain.errors import StaleStateError
from bot.domain.records import StoredConversation
from bot.register.breaches import audit, checkpoint
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import AuditHeadRow, BreachRow
from bot.register.errors import RegisterNotReadyError
from bot.register.state.models import ConversationStateRow, ProcessedActivityRow
from bot.register.state.sql import insert_ignoring

REFUSED_KIND = "action_refused"
"""Audit-trail kind of an action refused because the person may not take it."""


class SqlConversations:
    """The conversation store of one unit of work."""

    def __init__(self, session: Session, cipher: FieldCipher, clock: Clock) -> None:
        self._session = session
        self._cipher = cipher
        self._clock = clock

    def load(self, key: str, *, for_update: bool = False) -> StoredConversation | None:
        """The conversation stored under ``key`` (locked for this step if asked), or None."""
        row = self._session.get(ConversationStateRow, key, with_for_update=for_update)
        return self._conversation(row) if row is not None else None

    def unfinished(self) -> list[StoredConversation]:
        """Every stored conversation (finished ones are deleted), oldest change first."""
        stmt = select(ConversationStateRow).order_by(ConversationStateRow.updated_at)
        return [self._conversation(r) for r in self._session.execute(stmt).scalars()]

    def save(
        self,
        key: str,
        reporter_id: str,
        data: Mapping[str, Any],
        *,
        expected_version: int | None,
        partial_reference: str | None = None,
    ) -> int:
        """Store a conversation's new state; returns its new version.

        Raises:
            StaleStateError: someone else saved it since it was loaded (or created it).
        """
        body = self._cipher.encrypt(json.dumps(dict(data), sort_keys=True))
        row = self._session.get(ConversationStateRow, key, with_for_update=True)
        current = row.version if row is not None else None
        if current != expected_version:
            raise StaleStateError("the report")
        if row is None:
            row = ConversationStateRow(key=key, reporter_id=reporter_id, version=0)
            self._session.add(row)
        row.data = body
        row.version = (current or 0) + 1
        row.updated_at = self._clock.now()
        if partial_reference is not None:
            row.partial_reference = partial_reference
        try:
            self._session.flush()
        except IntegrityError:
            raise StaleStateError("the report") from None  # a racing first turn created it
        return row.version

    def delete(self, key: str) -> bool:
        """Delete a finished conversation; False if there was none."""
        stmt = delete(ConversationStateRow).where(ConversationStateRow.key == key)
        return bool(self._session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def _conversation(self, row: ConversationStateRow) -> StoredConversation:
        return StoredConversation(
            key=row.key,
            reporter_id=row.reporter_id,
            data=json.loads(self._cipher.decrypt(row.data)),
            version=row.version,
            partial_reference=row.partial_reference,
            updated_at=row.updated_at,
        )


class SqlActivities:
    """Activity ids already handled (Teams re-delivers), inside the step's session."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    def first_time(self, key: str) -> bool:
        """Record ``key``; True the first time, False for a repeat (nothing is then done)."""
        values = {"activity_id": key[:200], "seen_at": self._clock.now()}
        return insert_ignoring(self._session, ProcessedActivityRow, values)

    def forget(self, before: datetime) -> int:
        """Forget ids seen before ``before`` (the time to live); returns how many."""
        stmt = delete(ProcessedActivityRow).where(ProcessedActivityRow.seen_at < before)
        return int(self._session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]


class SqlAudit:
    """Audit events that are not breach transitions (refused actions)."""

    def __init__(self, session: Session, cipher: FieldCipher, clock: Clock) -> None:
        self._session = session
        self._cipher = cipher
        self._clock = clock

    def checkpoint(self, at: datetime) -> str:
        """The trail's length and head signed at ``at`` (the text of a checkpoint file)."""
        head = self._session.execute(select(AuditHeadRow)).scalars().first()
        if head is None:
            raise RegisterNotReadyError
        return checkpoint.sign(self._cipher.chain, head.last_seq, head.last_hash, at).to_text()

    def refused(self, reference: str | None, actor: str, verb: str, reason: str) -> None:
        """Append a refused action to the register's audit trail.

        Args:
            reference: The breach it was about (None when unknown or unusable).
            actor: Who tried (sign-in name, or ``aad:<object id>``).
            verb: What they tried (a card verb or a command).
            reason: Why it was refused (plain words, no personal data).
        """
        head = audit.lock_head(self._session)
        breach_id = None
        if reference is not None:
            stmt = select(BreachRow.id).where(BreachRow.reference == reference)
            breach_id = self._session.execute(stmt).scalar_one_or_none()
        audit.append(
            self._session,
            self._cipher,
            head,
            breach_id=breach_id,
            reference=reference if breach_id is not None else None,
            kind=REFUSED_KIND,
            actor=actor[:200],
            at=self._clock.now(),
            body={"verb": verb[:64], "reason": reason[:200]},
        )
