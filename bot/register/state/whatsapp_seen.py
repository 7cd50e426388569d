"""Handled WhatsApp message ids in the register database, so replays fail after a restart.

The webhook (``bot.whatsapp.webhook``) uses this through its ``SeenIds`` port; nothing
here knows about HTTP or WhatsApp payloads.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from bot.register.db import read_session, write_session
from bot.register.errors import RegisterNotReadyError
from bot.register.state.whatsapp_models import WhatsAppSeenRow

DEFAULT_TTL = timedelta(days=8)
"""Longer than Meta's 7-day redelivery window."""
PURGE_BATCH = 200
"""Most expired rows deleted per call: each delivery adds one id and removes up to this."""


def id_digest(message_id: str) -> str:
    """The stored form of a message id (hex SHA-256; a lone surrogate is kept as is)."""
    return hashlib.sha256(message_id.encode("utf-8", "surrogatepass")).hexdigest()


class WhatsAppSeenStore:
    """Which message ids were handled, for ``ttl`` (the ``SeenIds`` port of the webhook).

    Args:
        engine: The register's engine.
        ttl: How long an id is remembered.
        purge_batch: Most expired rows removed per call (the table stays small without a
            separate job, and no call does unbounded work).
    """

    def __init__(
        self, engine: Engine, *, ttl: timedelta = DEFAULT_TTL, purge_batch: int = PURGE_BATCH
    ) -> None:
        if ttl <= timedelta(0) or purge_batch < 1:
            raise ValueError("ttl and purge_batch must be positive")
        self._engine = engine
        self._ttl = ttl
        self._batch = purge_batch

    def check_ready(self) -> None:
        """Fail with one line unless the table exists (the database was migrated).

        Raises:
            RegisterNotReadyError: run ``careguard db upgrade``.
        """
        try:
            with read_session(self._engine) as session:
                session.execute(select(WhatsAppSeenRow.id_hash).limit(1)).first()
        except (OperationalError, ProgrammingError):
            raise RegisterNotReadyError from None

    def first_time(self, message_id: str, now: datetime) -> bool:
        """Record ``message_id`` as handled at ``now``; False if it already was (within ttl)."""
        digest = id_digest(message_id)
        cutoff = now - self._ttl
        try:
            with write_session(self._engine) as session:
                self._purge(session, cutoff)
                row = session.get(WhatsAppSeenRow, digest)
                if row is None:
                    session.add(WhatsAppSeenRow(id_hash=digest, seen_at=now))
                    return True
                if row.seen_at >= cutoff:
                    return False
                row.seen_at = now  # expired but not purged yet: new again
                return True
        except IntegrityError:  # another process recorded it at the same moment
            return False

    def forget(self, message_id: str) -> None:
        """Drop ``message_id`` (its handling failed, so Meta's retry must get through)."""
        with write_session(self._engine) as session:
            session.execute(
                delete(WhatsAppSeenRow).where(WhatsAppSeenRow.id_hash == id_digest(message_id))
            )

    def __len__(self) -> int:
        with read_session(self._engine) as session:
            return session.scalar(select(func.count()).select_from(WhatsAppSeenRow)) or 0

    def _purge(self, session: Session, cutoff: datetime) -> None:
        oldest = (
            select(WhatsAppSeenRow.id_hash)
            .where(WhatsAppSeenRow.seen_at < cutoff)
            .order_by(WhatsAppSeenRow.seen_at)
            .limit(self._batch)
        )
        purge = delete(WhatsAppSeenRow).where(WhatsAppSeenRow.id_hash.in_(oldest))
        session.execute(purge, execution_options={"synchronize_session": False})
