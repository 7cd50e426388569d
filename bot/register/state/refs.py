"""Front-end conversation references (where to write proactively), one transaction each.

The Teams front-end saves a reference on every activity that teaches one; that is not a
user's step, so it has transactions of its own rather than a unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

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
        now = self._clock.now()
        with write_session(self._engine) as session:
            row = session.get(ConversationRefRow, key, with_for_update=True)
            if row is None:
                session.add(ConversationRefRow(key=key, channel=channel, data=body, updated_at=now))
            else:
                row.channel, row.data, row.updated_at = channel, body, now

    def load(self, key: str) -> tuple[str, dict[str, Any]] | None:
        """``(channel, data)`` stored under ``key``, or None."""
        with read_session(self._engine) as session:
            row = session.get(ConversationRefRow, key)
            return (row.channel, json.loads(row.data)) if row is not None else None
