"""The real application configured for WhatsApp, on loopback, and Meta's side of it.

Signed Cloud API deliveries are posted to ``/api/whatsapp``; replies go to a fake Graph
API on loopback that records them; breach alerts go to the fake Bot Connector (Teams) as
usual. The register is SQLite in a folder the caller chooses, so a second instance can be
started on the same database (a restart); the detector is real.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.access_log import server_options
from bot.app import AppOptions, Prepared, build_app, prepare
from bot.domain.clock import ManualClock
from bot.register.migrate import upgrade
from bot.services.ports import Scanner
from bot.settings import Mode, Settings
from bot.teams.server import TeamsOptions
from bot.whatsapp.mount import BRIDGE
from bot.whatsapp.signature import sign
from tests.e2e.conftest import ORG_FILE
from tests.e2e.fake_connector import FakeConnector
from tests.e2e.harness import BOT_ID, FAST_RETRY, StaticToken, sample

APP_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "verify-token-for-tests"
ACCESS_TOKEN = "graph-access-token-for-tests"
NUMBER_ID = "106540352242922"
RHIANNON_WA = "447700900101"  # DPO Adults in examples/citycare.toml (invented)
STRANGER_WA = "447700900777"  # in nobody's record
_ids = itertools.count(1)


@dataclass
class FakeGraph:
    """The Graph API on loopback: records every message sent, answers like Meta."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)
    fail_with: int | None = None
    runner: web.AppRunner | None = None
    url: str = ""

    async def _messages(self, request: web.Request) -> web.Response:
        assert request.match_info["number_id"] == NUMBER_ID
        self.auth.append(request.headers.get("Authorization", ""))
        if self.fail_with is not None:
            return web.json_response({"error": {"code": 1}}, status=self.fail_with)
        self.sent.append(await request.json())
        return web.json_response({"messages": [{"id": f"wamid.OUT{len(self.sent)}"}]})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v21.0/{number_id}/messages", self._messages)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/v21.0"

    def texts_to(self, wa_id: str) -> list[str]:
        return [str(m["text"]["body"]) for m in self.sent if m["to"] == wa_id]


@dataclass
class WhatsApp:
    """The running app, seen from Meta's side."""

    url: str
    graph: FakeGraph
    connector: FakeConnector
    prepared: Prepared
    http: aiohttp.ClientSession

    async def deliver(self, body: bytes, signature: str | None = "good") -> int:
        headers = {"Content-Type": "application/json"}
        if signature == "good":
            headers["X-Hub-Signature-256"] = sign(APP_SECRET.encode(), body)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        async with self.http.post(f"{self.url}/api/whatsapp", data=body, headers=headers) as r:
            return r.status

    async def say(self, text: str, sender: str = RHIANNON_WA, *, wait: bool = True) -> int:
        before = len(self.graph.texts_to(sender))
        status = await self.deliver(payload(sender, text))
        if wait and status == 200:
            await self.replies(sender, before + 1)
            await self.settle()  # a step may send several messages, one after another
        return status

    async def settle(self, seconds: float = 15.0) -> dict[str, Any]:
        """Wait until no turn runs and the outbox is empty; returns the last ``/readyz``."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            async with self.http.get(f"{self.url}/readyz") as resp:
                ready: dict[str, Any] = await resp.json()
            idle = ready.get("pending_turns") == 0 and ready["outbox"]["backlog"] == 0
            if idle or asyncio.get_running_loop().time() > deadline:
                return ready
            await asyncio.sleep(0.02)

    async def replies(self, wa_id: str, count: int, seconds: float = 15.0) -> list[str]:
        return await until(lambda: self.graph.texts_to(wa_id), count, seconds)


async def until(check: Callable[[], list[Any]], count: int, seconds: float = 15.0) -> list[Any]:
    deadline = asyncio.get_running_loop().time() + seconds
    found = check()
    # Background sends have nothing to wait on from here: poll, briefly.
    for _ in range(int(seconds / 0.02)):
        if len(found) >= count or asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.02)
        found = check()
    return found


def payload(sender: str, text: str | None, kind: str = "text") -> bytes:
    message: dict[str, Any] = {
        "from": sender,
        "id": f"wamid.E2E{next(_ids)}",
        "timestamp": str(int(time.time())),
        "type": kind,
    }
    if text is not None:
        message["text"] = {"body": text}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "447700900001", "phone_number_id": NUMBER_ID},
        "contacts": [{"profile": {"name": "Someone"}, "wa_id": sender}],
        "messages": [message],
    }
    entry = {"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [entry]}).encode()


def whatsapp_settings(folder: Path, graph: FakeGraph) -> Settings:
    """Development settings with WhatsApp switched on, the register in ``folder``."""
    return Settings(
        mode=Mode.DEVELOPMENT,
        database_url=f"sqlite:///{folder / 'careguard.db'}",
        var_dir=folder,
        config_path=ORG_FILE,
        whatsapp_verify_token=VERIFY_TOKEN,
        whatsapp_app_secret=APP_SECRET,
        whatsapp_access_token=ACCESS_TOKEN,
        whatsapp_phone_number_id=NUMBER_ID,
        whatsapp_graph_url=graph.url,
    )


@contextlib.asynccontextmanager
async def serve_whatsapp(
    folder: Path, scanner: Scanner, graph: FakeGraph, connector: FakeConnector
) -> AsyncIterator[WhatsApp]:
    """One instance of the application on the register in ``folder``."""
    settings = whatsapp_settings(folder, graph)
    upgrade(settings.effective_database_url())
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0))
    prepared = prepare(settings, clock=clock, scanner=scanner)
    options = AppOptions(
        teams=TeamsOptions(only_loopback_connector=True, retry=FAST_RETRY, tokens=StaticToken()),
        poll=0.05,
        whatsapp_cloud=lambda c: replace(c, attempts=2, base_delay=0.01, timeout=2.0),
    )
    app = build_app(prepared, options)
    assert BRIDGE in app  # the composition root mounted the webhook from the settings
    runner = web.AppRunner(app, **server_options())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with aiohttp.ClientSession() as http:
            base = f"http://127.0.0.1:{runner.addresses[0][1]}"
            await install_in_teams(http, base, connector)
            yield WhatsApp(base, graph, connector, prepared, http)
    finally:
        await runner.cleanup()
        prepared.register.close()


@contextlib.asynccontextmanager
async def fakes() -> AsyncIterator[tuple[FakeGraph, FakeConnector]]:
    """The fake Graph API and the fake Bot Connector, running."""
    graph, connector = FakeGraph(), FakeConnector()
    await graph.start()
    await connector.start()
    try:
        yield graph, connector
    finally:
        assert graph.runner is not None
        await graph.runner.cleanup()
        await connector.stop()


async def install_in_teams(
    http: aiohttp.ClientSession, base: str, connector: FakeConnector
) -> None:
    """Install the Teams app, as in production, so alerts know where Teams is."""
    body = sample("conversationUpdate.bot-added-personal.json")
    body.update(serviceUrl=connector.url, id="install-1")
    body["recipient"] = {"id": BOT_ID, "name": "CareGuard"}
    body["membersAdded"] = [{"id": BOT_ID}]
    async with http.post(f"{base}/api/messages", json=body) as resp:
        assert resp.status == 202
    await until(lambda: connector.calls, 1)  # the greeting
    connector.calls.clear()
