"""Front-end conversation references (where to write proactively), one transaction each.

The Teams front-end saves a reference on every activity that teaches one; that is not a
user's step, so it has transactions of its own rather than a unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite

from bot.domain.clock import Clock
from bot.register.db import read_session, write_session
from bot.register.state.models import ConversationRefRow


class ConversationRefs:
    """Conversation references in the register database."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def save(self, key: str, channel: str, data: Mapping[str, Any]) -> None:
        """Store (or replace) a front-end conversation reference."""
        body = json.dumps(dict(data), sort_keys=True)
        values = {"key": key, "channel": channel, "data": body, "updated_at": self._clock.now()}
        with write_session(self._engine) as session:
            # One statement: concurrent first saves of a key (every turn after a start
            # saves the service URL) must not race to insert it (IntegrityError on PostgreSQL).
            table: Any = ConversationRefRow.__table__
            name = session.get_bind().dialect.name
            dialect: Any = postgresql if name == "postgresql" else sqlite
            stmt = dialect.insert(table).values(values)
            update = {k: stmt.excluded[k] for k in ("channel", "data", "updated_at")}
            session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_=update))

    def load(self, key: str) -> tuple[str, dict[str, Any]] | None:
        """``(channel, data)`` stored under ``key``, or None."""
        with read_session(self._engine) as session:
            row = session.get(ConversationRefRow, key)
            return (row.channel, json.loads(row.data)) if row is not None else None
