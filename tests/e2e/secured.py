"""The real application in production mode on loopback: Bot Framework tokens required.

Tokens are checked by the SDK against the loopback key server (``keyserver.KeyServer``);
replies go to the fake Bot Connector, and a second fake connector stands for an
attacker's service URL, so a test can prove that nothing ever reaches it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bot.access_log import server_options
from bot.app import AppOptions, build_app, prepare
from bot.domain.clock import ManualClock
from bot.register.migrate import upgrade
from bot.register.state.refs import ConversationRefs
from bot.services.ports import Scanner
from bot.settings import Mode, Settings
from bot.teams.server import TeamsOptions
from tests.e2e.conftest import CARER, CARER_CHAT, ORG_FILE, App
from tests.e2e.fake_connector import FakeConnector
from tests.e2e.harness import FAST_RETRY, StaticToken, activity
from tests.e2e.keyserver import APP_ID, TENANT, KeyServer


def production_settings(tmp_path: Path) -> Settings:
    """Production settings for the test tenant and app id (no secret is ever used)."""
    return Settings(
        mode=Mode.PRODUCTION,
        database_url=f"sqlite:///{tmp_path / 'careguard.db'}",
        var_dir=tmp_path,
        config_path=ORG_FILE,
        bot_app_id=APP_ID,
        bot_client_secret=SecretStr("not-used-offline"),
        tenant_id=TENANT,
        register_key=SecretStr(Fernet.generate_key().decode()),
    )


@dataclass
class Secured(App):
    """The production app, the key server and the attacker's connector."""

    keys: KeyServer
    evil: FakeConnector
    state: ConversationRefs

    def good_token(self, **extra: Any) -> str:
        """A Bot Framework token vouching for the real (fake) connector's URL."""
        return self.keys.token(extra={"serviceurl": self.connector.url, **extra})

    async def post_with(
        self, body: dict[str, Any] | None, authorization: str | None
    ) -> tuple[int, Any]:
        """POST ``body`` with this ``Authorization`` header (None: no header)."""
        headers = {"Content-Type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        data = json.dumps(body).encode()
        async with self.http.post(f"{self.url}/api/messages", data=data, headers=headers) as resp:
            raw = await resp.read()
            try:
                return resp.status, json.loads(raw) if raw else None
            except ValueError:
                return resp.status, raw.decode("utf-8", "replace")

    async def say_signed(self, text: str, token: str | None = None, **kw: Any) -> int:
        """The carer writes in their 1:1 chat, with a good token unless one is given."""
        kw.setdefault("conversation_id", CARER_CHAT)
        kw.setdefault("user_aad", CARER)
        kw.setdefault("user_name", "Sam Carer")
        body = activity(self.connector.url, text=text, **kw)
        status, _ = await self.post_with(body, f"Bearer {token or self.good_token()}")
        return status

    def outbound(self) -> int:
        """Calls that reached either connector."""
        return len(self.connector.calls) + len(self.evil.calls)


@contextlib.asynccontextmanager
async def serve_production(
    tmp_path: Path, scanner: Scanner, keys: KeyServer
) -> AsyncIterator[Secured]:
    """Run ``build_app`` in production mode on loopback (outbound: loopback only)."""
    settings = production_settings(tmp_path)
    upgrade(settings.effective_database_url())
    clock = ManualClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    prepared = prepare(settings, clock=clock, scanner=scanner)
    connector, evil = FakeConnector(), FakeConnector()
    await connector.start()
    await evil.start()
    options = AppOptions(
        teams=TeamsOptions(only_loopback_connector=True, retry=FAST_RETRY, tokens=StaticToken()),
        poll=0.05,
    )
    runner = web.AppRunner(build_app(prepared, options), **server_options())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    register = prepared.register
    state = ConversationRefs(register.engine, clock)
    try:
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{runner.addresses[0][1]}"
            yield Secured(url, connector, clock, prepared, http, keys, evil, state)
    finally:
        await runner.cleanup()
        await connector.stop()
        await evil.stop()
        register.close()
