"""Conversation references kept in the register database (so restarts lose nothing)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from bot.register.state.refs import ConversationRefs
from bot.services.messages import ConversationRef


class DbReferences:
    """The ``ReferenceStore`` on the register's bot state, with a write-through cache.

    Every channel message teaches the same reference again; the cache turns those
    repeats into no-ops instead of database writes.
    """

    def __init__(self, state: ConversationRefs) -> None:
        self._state = state
        self._cache: dict[str, dict[str, Any]] = {}

    async def load(self, key: str) -> Mapping[str, Any] | None:
        """The stored data for ``key``."""
        if key in self._cache:
            return self._cache[key]
        found = await asyncio.to_thread(self._state.load, key)
        if found is None:
            return None
        self._cache[key] = found[1]
        return found[1]

    async def save(self, ref: ConversationRef) -> None:
        """Store ``ref`` unless the same data is already stored."""
        data = dict(ref.data)
        if self._cache.get(ref.key) == data:
            return
        await asyncio.to_thread(self._state.save, ref.key, ref.channel, data)
        self._cache[ref.key] = data
