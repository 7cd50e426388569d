"""The whole application on loopback: real app, real bot, SQLite register, fake Bot Connector."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.access_log import server_options
from bot.app import AppOptions, Prepared, build_app, prepare
from bot.domain.clock import ManualClock
from bot.register.migrate import upgrade
from bot.services.delivery import DeliverySettings
from bot.services.ports import Scanner
from bot.settings import Mode, Settings
from bot.teams.server import TeamsOptions
from tests.e2e.fake_connector import Call, FakeConnector
from tests.e2e.harness import FAST_RETRY, StaticToken, activity, wait_for_calls
from tests.e2e.keyserver import KeyServer

ROOT = Path(__file__).resolve().parents[2]
ORG_FILE = ROOT / "examples" / "citycare.toml"

# People from examples/citycare.toml (invented identities).
RHIANNON = "3eb84bf7-9b7e-4a5f-98a5-fc61b3c3356d"  # DPO Adults
CLAIRE = "42ec9886-0f5c-40bc-9631-e25354073da3"  # DPO Children
ADULTS_ALERTS = "19:9c1f2b7d4e5a4c3b8a6d0e2f1b3c5d7e@thread.tacv2"
CARER = "c0ffee00-1234-4abc-9def-000000000001"  # not in the organisation file
CARER_CHAT = "a:carer-chat"


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    """The real detector, built once for the whole session (it takes seconds)."""
    from bot.app import build_scanner

    return build_scanner(Settings(mode=Mode.DEVELOPMENT))


@dataclass
class App:
    """The running application and what surrounds it."""

    url: str
    connector: FakeConnector
    clock: ManualClock
    prepared: Prepared
    http: aiohttp.ClientSession

    async def post(self, body: dict[str, Any]) -> tuple[int, Any]:
        """POST an activity; returns (status, JSON body or None)."""
        async with self.http.post(f"{self.url}/api/messages", json=body) as resp:
            raw = await resp.read()
            return resp.status, (json.loads(raw) if raw else None)

    async def say(self, text: str, **kwargs: Any) -> tuple[int, Any]:
        """The carer writes in their 1:1 chat with the bot."""
        kwargs.setdefault("conversation_id", CARER_CHAT)
        kwargs.setdefault("user_aad", CARER)
        kwargs.setdefault("user_name", "Sam Carer")
        return await self.post(activity(self.connector.url, text=text, **kwargs))

    async def settle(self, seconds: float = 10.0) -> None:
        """Wait until no background turn runs and the outbox is empty (``/readyz``)."""
        deadline = asyncio.get_running_loop().time() + seconds
        while asyncio.get_running_loop().time() < deadline:
            async with self.http.get(f"{self.url}/readyz") as resp:
                ready = await resp.json()
            backlog = ready.get("outbox", {}).get("backlog", 0)
            if ready.get("pending_turns") == 0 and backlog == 0:
                return
            await asyncio.sleep(0.02)

    async def wait_for(
        self, check: Callable[[], list[Call]], count: int = 1, seconds: float = 10.0
    ) -> list[Call]:
        """Wait until ``check()`` returns at least ``count`` calls (background work)."""
        return await wait_for_calls(check, count, seconds)


@pytest.fixture
async def app(tmp_path: Path, scanner: Scanner) -> AsyncIterator[App]:
    """The full app with a manual clock, a migrated SQLite register and a fake connector."""
    url = f"sqlite:///{tmp_path / 'careguard.db'}"
    settings = Settings(
        mode=Mode.DEVELOPMENT, database_url=url, var_dir=tmp_path, config_path=ORG_FILE
    )
    upgrade(url)
    clock = ManualClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    prepared = prepare(settings, clock=clock, scanner=scanner)
    connector = FakeConnector()
    await connector.start()
    options = AppOptions(
        teams=TeamsOptions(only_loopback_connector=True, retry=FAST_RETRY, tokens=StaticToken()),
        poll=0.05,
        delivery=DeliverySettings(poll=0.05),  # a retry due on the manual clock goes soon
    )
    runner = web.AppRunner(build_app(prepared, options), **server_options())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        async with aiohttp.ClientSession() as http:
            yield App(
                f"http://127.0.0.1:{runner.addresses[0][1]}", connector, clock, prepared, http
            )
    finally:
        await runner.cleanup()
        await connector.stop()
        prepared.register.close()


@pytest.fixture
async def keys(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[KeyServer]:
    """The loopback Entra key server, with the SDK's token validation pointed at it."""
    server = KeyServer()
    await server.start()
    server.redirect_sdk(monkeypatch)
    try:
        yield server
    finally:
        await server.stop()
