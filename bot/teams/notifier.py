"""Teams delivery: the bot's ``Notifier`` port on stored conversation references.

The outbox worker delivers every message through this. Where to write comes from
conversation references remembered when the bot was installed or spoken to
(``user:<aad id>``, ``channel:<id>``, ``conversation:<id>``). A person the bot has never
talked to gets a new 1:1 chat, created by their Entra object id in our tenant, using the
service URL and bot id last seen (stored under :data:`SERVICE_KEY`). A Bot Connector
answer that no retry can change (400, 401, 403, 404) is reported as
``DeliveryRefusedError``; anything else is left for the outbox to try again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, Protocol

from bot.domain.organisation import Person
from bot.services.messages import Actor, ConversationRef, Outgoing, PostedRef
from bot.services.ports import DeliveryRefusedError
from bot.teams.connector import BotConnector, ConnectorError
from bot.teams.render import to_activity

SERVICE_KEY = "service:msteams"
"""Key of the last seen service URL, tenant and bot id (for chats not yet known)."""

REFUSED_STATUSES = frozenset({400, 401, 403, 404})
"""Bot Connector answers that mean the message can never be delivered as it is."""


@asynccontextmanager
async def _refusals() -> AsyncIterator[None]:
    try:
        yield
    except ConnectorError as exc:
        if exc.status in REFUSED_STATUSES:
            raise DeliveryRefusedError(f"http_{exc.status}") from None
        raise


class ReferenceStore(Protocol):
    """Where conversation references live (the register database in production)."""

    async def load(self, key: str) -> Mapping[str, Any] | None:
        """The stored reference data for ``key``, if any."""
        ...

    async def save(self, ref: ConversationRef) -> None:
        """Store or replace ``ref``."""
        ...


class MemoryReferences:
    """References kept in memory (tests; development without a register)."""

    def __init__(self) -> None:
        self.data: dict[str, Mapping[str, Any]] = {}

    async def load(self, key: str) -> Mapping[str, Any] | None:
        """The stored data for ``key``."""
        return self.data.get(key)

    async def save(self, ref: ConversationRef) -> None:
        """Store ``ref``."""
        self.data[ref.key] = dict(ref.data)


async def remember(store: ReferenceStore, refs: list[ConversationRef]) -> None:
    """Store ``refs`` and, from the first, the service URL for future new chats."""
    for ref in refs:
        await store.save(ref)
    if refs and refs[0].data.get("service_url"):
        service = {k: refs[0].data.get(k) for k in ("service_url", "tenant_id", "bot_id")}
        await store.save(ConversationRef(SERVICE_KEY, "msteams", service))


class TeamsNotifier:
    """Sends, posts and updates messages outside the current turn.

    Args:
        connector: The Bot Connector client (retries, timeouts and pacing live there).
        store: Stored conversation references.
        tenant_id: Our tenant, for new 1:1 chats when no reference says it.
    """

    def __init__(
        self, connector: BotConnector, store: ReferenceStore, *, tenant_id: str | None = None
    ) -> None:
        self._connector = connector
        self._store = store
        self._tenant_id = tenant_id
        self._opening: dict[str, asyncio.Lock] = {}

    async def _service(self) -> Mapping[str, Any]:
        service = await self._store.load(SERVICE_KEY)
        if not service or not service.get("service_url"):
            raise ConnectorError("no Teams service URL known yet (install the app first)", 0)
        return service

    async def _personal_chat(self, aad_object_id: str) -> Mapping[str, Any]:
        key = f"user:{aad_object_id}"
        lock = self._opening.setdefault(key, asyncio.Lock())
        async with lock:  # two alerts at once must not open two chats
            known = await self._store.load(key)
            if known and known.get("conversation_id") and known.get("service_url"):
                return known
            service = await self._service()
            tenant = self._tenant_id or service.get("tenant_id")
            if not tenant or not service.get("bot_id"):
                raise ConnectorError("no tenant or bot id known for a new chat", 0)
            conversation_id = await self._connector.create_conversation(
                str(service["service_url"]),
                bot_id=str(service["bot_id"]),
                user_id=aad_object_id,
                tenant_id=str(tenant),
            )
            data = {**service, "conversation_id": conversation_id, "user_aad": aad_object_id}
            data["conversation_type"] = "personal"
            await self._store.save(ConversationRef(key, "msteams", data))
            return data

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        """Send ``message`` in the person's 1:1 chat with the bot (opened if needed)."""
        async with _refusals():
            chat = await self._personal_chat(person.aad_object_id)
            conversation_id = str(chat["conversation_id"])
            message_id = await self._connector.send(
                str(chat["service_url"]), conversation_id, to_activity(message)
            )
        return PostedRef(conversation_id, message_id) if message_id else None

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef | None:
        """Send ``message`` into a conversation the bot was written to in (a reply)."""
        async with _refusals():
            service_url = await self._where(conversation_id.split(";", 1)[0])
            message_id = await self._connector.send(
                service_url, conversation_id, to_activity(message)
            )
        return PostedRef(conversation_id, message_id) if message_id else None

    async def _where(self, conversation_id: str) -> str:
        for key in (f"channel:{conversation_id}", f"conversation:{conversation_id}"):
            found = await self._store.load(key)
            if found and found.get("service_url"):
                return str(found["service_url"])
        return str((await self._service())["service_url"])

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        """Post ``message`` as a new thread in a channel (or in a group chat)."""
        async with _refusals():
            service_url = await self._where(channel_id)
            message_id = await self._connector.send(service_url, channel_id, to_activity(message))
        return PostedRef(channel_id, message_id)

    async def update(self, ref: PostedRef, message: Outgoing) -> None:
        """Replace a posted message (``update_activity``) for everyone who sees it."""
        async with _refusals():
            service_url = await self._where(ref.channel_id.split(";", 1)[0])
            await self._connector.update(
                service_url, ref.channel_id, ref.message_id, to_activity(message)
            )
