"""Run the real Teams endpoint on loopback with a fake Bot Connector.

``TeamsHarness`` serves ``POST /api/messages`` exactly as ``bot.app`` mounts it (token
middleware, transport, connector, notifier) around any bot object; the flow tests use
the real ``CareGuardBot`` through ``bot.app.build_app`` instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.access_log import server_options
from bot.services.messages import ActionOutcome, CardAction, ConversationRef, Incoming, Text
from bot.settings import Settings
from bot.teams.connector import RetryPolicy
from bot.teams.server import TeamsOptions, TeamsParts, attach_bot, mount_teams, start_teams
from bot.teams.transport import BotPort
from tests.e2e.fake_connector import Call, FakeConnector

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "teams-activities"
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=2.0, timeout=2.0)
OUTBOUND_TOKEN = "outbound-test-token"


class StaticToken:
    """Outbound token for the fake connector (production would ask Entra via MSAL)."""

    async def token(self) -> str | None:
        return OUTBOUND_TOKEN


_ids = itertools.count(1)

BOT_ID = "28:careguard-test-bot"
TENANT_ID = "5f0c7d3e-1111-4222-8333-444455556666"


def sample(name: str) -> dict[str, Any]:
    """A published Teams activity sample (vendored in ``tests/data/teams-activities``)."""
    return dict(json.loads((SAMPLES / name).read_text(encoding="utf-8")))


def activity(
    service_url: str,
    *,
    text: str = "hello",
    kind: str = "message",
    conversation_type: str = "personal",
    conversation_id: str | None = None,
    user_aad: str = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8",
    user_name: str = "Ada Example",
    activity_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A Teams-shaped activity modelled on the published samples, aimed at ``service_url``."""
    conversation = {"conversationType": conversation_type, "id": conversation_id or "a:1ada"}
    body: dict[str, Any] = {
        "type": kind,
        "id": activity_id or f"act-{next(_ids)}",
        "text": text,
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": f"29:{user_aad}", "name": user_name, "aadObjectId": user_aad},
        "conversation": conversation,
        "recipient": {"id": BOT_ID, "name": "CareGuard"},
        "channelData": {"tenant": {"id": TENANT_ID}},
    }
    body.update(extra)
    return body


@dataclass
class EchoBot:
    """Records everything it was given; card actions answer with an updated card.

    Messages are only recorded: the real bot's replies go through its outbox, which the
    transport alone (this harness) does not have.
    """

    messages: list[Incoming] = field(default_factory=list)
    actions: list[CardAction] = field(default_factory=list)
    installs: list[ConversationRef] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)
    action_delay: float = 0.0

    async def on_message(self, incoming: Incoming) -> None:
        self.messages.append(incoming)

    async def on_card_action(self, action: CardAction) -> ActionOutcome:
        self.actions.append(action)
        if self.action_delay:
            await asyncio.sleep(self.action_delay)
        return ActionOutcome(updated=Text("updated"), toast="Done.")

    async def on_install(self, ref: ConversationRef) -> None:
        self.installs.append(ref)

    async def on_places(self, names: Mapping[str, str]) -> None:
        self.places.update(names)


@dataclass
class Running:
    """A started harness: the endpoint URL, the fake connector and the parts."""

    url: str
    connector: FakeConnector
    parts: TeamsParts
    http: aiohttp.ClientSession

    async def post(
        self, body: Any, *, token: str | None = None, raw: bytes | None = None
    ) -> aiohttp.ClientResponse:
        """POST an activity (JSON) or raw bytes to /api/messages; the response is read."""
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else json.dumps(body).encode()
        async with self.http.post(f"{self.url}/api/messages", data=data, headers=headers) as resp:
            await resp.read()
            return resp

    async def settle(self) -> None:
        """Wait until background turns are done."""
        await self.parts.background.drain(10.0)


@contextlib.asynccontextmanager
async def running(
    settings: Settings, bot: BotPort, *, options: TeamsOptions | None = None
) -> AsyncIterator[Running]:
    """Serve the Teams endpoint for ``bot`` on loopback, with a fake Bot Connector."""
    connector = FakeConnector()
    await connector.start()
    options = options or TeamsOptions(
        only_loopback_connector=True, retry=FAST_RETRY, tokens=StaticToken()
    )
    app = web.Application(client_max_size=1024 * 1024)
    mount_teams(app, settings)
    holder: dict[str, TeamsParts] = {}

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        parts = start_teams(settings, options)
        attach_bot(app, parts, bot)
        holder["parts"] = parts
        yield
        await parts.close()

    app.cleanup_ctx.append(lifecycle)
    runner = web.AppRunner(app, **server_options())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with aiohttp.ClientSession() as http:
            yield Running(url, connector, holder["parts"], http)
    finally:
        await runner.cleanup()
        await connector.stop()


async def wait_for_calls(
    check: Callable[[], list[Call]], count: int = 1, seconds: float = 10.0
) -> list[Call]:
    """Poll ``check()`` until it returns at least ``count`` calls or ``seconds`` pass."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        found = check()
        if len(found) >= count or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.02)
