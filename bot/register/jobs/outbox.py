"""The outbox inside the step's session: messages in, claims and outcomes out.

A step adds an entry in its own transaction, so a message exists exactly when the change
that caused it was committed. Delivery claims rows under a lease (the send happens
outside any transaction), one per lane at a time and in order, and records the outcome:
delivered (with the posted message's id, in the same transaction as whatever the
delivery completes) or failed (due again later). A claim whose worker died is claimed
again when its lease ends, so delivery is at least once.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from bot.domain.clock import Clock
from bot.domain.records import OutboxEntry, OutboxItem, OutboxState, PendingWork
from bot.register.breaches.crypto import FieldCipher
from bot.register.jobs.models import ERROR_LENGTH, KIND_LENGTH, LANE_LENGTH, OutboxRow

_LIVE = (OutboxState.PENDING.value, OutboxState.SENDING.value)


class SqlOutbox:
    """The outbox of one unit of work."""

    def __init__(self, session: Session, cipher: FieldCipher, clock: Clock) -> None:
        self._session = session
        self._cipher = cipher
        self._clock = clock

    def add(self, entry: OutboxEntry) -> bool:
        """Add a message; False when ``entry.key`` is already in the outbox."""
        now = self._clock.now()
        kind = str(entry.body.get("type", "message"))[:KIND_LENGTH]
        values = {
            "key": entry.key,
            "channel": entry.channel,
            "lane": entry.lane[:LANE_LENGTH],
            "kind": kind,
            "reference": entry.reference,
            "target": self._cipher.encrypt(json.dumps(dict(entry.target), sort_keys=True)),
            "body": self._cipher.encrypt(json.dumps(dict(entry.body), sort_keys=True)),
            "state": OutboxState.PENDING.value,
            "attempts": 0,
            "due_at": now,
            "created_at": now,
        }
        table: Any = OutboxRow.__table__
        name = self._session.get_bind().dialect.name
        dialect: Any = postgresql if name == "postgresql" else sqlite
        stmt = dialect.insert(table).values(values)
        if entry.key is not None:
            stmt = stmt.on_conflict_do_nothing(index_elements=["key"])
        return self._session.execute(stmt.returning(table.c.id)).first() is not None

    def claim(self, worker_id: str, *, limit: int, lease: timedelta) -> list[OutboxItem]:
        """Lease up to ``limit`` deliverable rows: the oldest live row of each lane, if due."""
        now = self._clock.now()
        earlier = aliased(OutboxRow)
        blocked = (
            select(earlier.id)
            .where(
                earlier.lane == OutboxRow.lane,
                earlier.id < OutboxRow.id,
                earlier.state.in_(_LIVE),
            )
            .exists()
        )
        due = ((OutboxRow.state == OutboxState.PENDING) & (OutboxRow.due_at <= now)) | (
            (OutboxRow.state == OutboxState.SENDING) & (OutboxRow.claimed_until <= now)
        )
        stmt = (
            select(OutboxRow)
            .where(due, ~blocked)
            .order_by(OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        items = []
        for row in self._session.execute(stmt).scalars().all():
            row.state = OutboxState.SENDING.value
            row.claimed_by, row.claimed_until = worker_id, now + lease
            row.attempts += 1
            items.append(self._item(row))
        return items

    def delivered(self, item: OutboxItem, posted_id: str | None) -> bool:
        """Record a delivery (and drop the body); False when the claim was lost meanwhile."""
        row = self._owned(item)
        if row is None:
            return False
        row.state = OutboxState.DONE.value
        row.posted_id = posted_id[:200] if posted_id else None
        row.delivered_at = self._clock.now()
        row.claimed_until, row.body, row.last_error = None, None, None
        return True

    def failed(self, item: OutboxItem, code: str, retry_at: datetime | None) -> bool:
        """Record a failed delivery: due again at ``retry_at``, or failed for good when None."""
        row = self._owned(item)
        if row is None:
            return False
        row.last_error = code[:ERROR_LENGTH]
        row.claimed_until = None
        if retry_at is None:
            row.state, row.body = OutboxState.FAILED.value, None
        else:
            row.state, row.due_at = OutboxState.PENDING.value, retry_at
        return True

    def backlog(self) -> tuple[int, datetime | None]:
        """How many messages wait (pending or sending), and when the oldest was added."""
        stmt = select(func.count(), func.min(OutboxRow.created_at)).where(
            OutboxRow.state.in_(_LIVE)
        )
        count, oldest = self._session.execute(stmt).one()
        return int(count), oldest

    def listing(self, *, failed_only: bool) -> list[PendingWork]:
        """Messages not yet delivered (or failed), without their content."""
        stmt = select(OutboxRow).order_by(OutboxRow.id)
        if failed_only:
            stmt = stmt.where(
                (OutboxRow.state == OutboxState.FAILED)
                | (OutboxRow.state.in_(_LIVE) & OutboxRow.last_error.is_not(None))
            )
        else:
            stmt = stmt.where(OutboxRow.state.in_((*_LIVE, OutboxState.FAILED.value)))
        return [_listed(row) for row in self._session.execute(stmt).scalars()]

    def forget_delivered(self, before: datetime) -> int:
        """Delete delivered rows older than ``before`` (they hold no content any more)."""
        stmt = delete(OutboxRow).where(
            OutboxRow.state == OutboxState.DONE, OutboxRow.delivered_at < before
        )
        return int(self._session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]

    def _owned(self, item: OutboxItem) -> OutboxRow | None:
        stmt = select(OutboxRow).where(OutboxRow.id == item.id).with_for_update()
        row = self._session.execute(stmt).scalar_one_or_none()
        if row is None or row.state != OutboxState.SENDING:
            return None
        if row.claimed_by != item.claimed_by or row.attempts != item.attempts:
            return None
        return row

    def _item(self, row: OutboxRow) -> OutboxItem:
        assert row.body is not None  # live rows keep their body
        assert row.claimed_by is not None
        return OutboxItem(
            id=row.id,
            channel=row.channel,
            target=json.loads(self._cipher.decrypt(row.target)),
            body=json.loads(self._cipher.decrypt(row.body)),
            lane=row.lane,
            reference=row.reference,
            attempts=row.attempts,
            created_at=row.created_at,
            claimed_by=row.claimed_by,
        )


def _listed(row: OutboxRow) -> PendingWork:
    return PendingWork(
        queue="outbox",
        id=str(row.id),
        kind=row.kind,
        reference=row.reference,
        state=row.state,
        attempts=row.attempts,
        due_at=row.due_at,
        created_at=row.created_at,
        last_error=row.last_error,
    )
