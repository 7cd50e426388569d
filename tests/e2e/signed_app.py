"""The real application in production mode on loopback, every activity with a signed token.

Like ``secured.serve_production`` (Bot Framework tokens checked by the SDK against the
loopback key server, replies to the fake Bot Connector), with helpers for card
invokes and dialogs (``task/fetch``, ``task/submit``) pressed by a named person.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
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
from bot.teams.server import TeamsOptions
from tests.e2e.conftest import ADULTS_ALERTS, CARER, CARER_CHAT
from tests.e2e.fake_connector import Call, FakeConnector
from tests.e2e.harness import FAST_RETRY, TENANT_ID, StaticToken, activity, wait_for_calls
from tests.e2e.keyserver import KeyServer
from tests.e2e.secured import production_settings

_ids = itertools.count(1)


@dataclass
class SignedApp:
    """The running production app, its fake connector and key server."""

    url: str
    connector: FakeConnector
    clock: ManualClock
    prepared: Prepared
    http: aiohttp.ClientSession
    keys: KeyServer

    async def post(self, body: dict[str, Any]) -> tuple[int, Any]:
        """POST an activity with a good token; returns (status, JSON body or None)."""
        token = self.keys.token(extra={"serviceurl": self.connector.url})
        headers = {"Authorization": f"Bearer {token}"}
        async with self.http.post(f"{self.url}/api/messages", json=body, headers=headers) as resp:
            raw = await resp.read()
            return resp.status, (json.loads(raw) if raw else None)

    async def say(self, text: str) -> int:
        """The carer writes in their 1:1 chat."""
        body = activity(
            self.connector.url,
            text=text,
            conversation_id=CARER_CHAT,
            user_aad=CARER,
            user_name="Sam Carer",
        )
        return (await self.post(body))[0]

    async def wait_for(
        self, check: Callable[[], list[Call]], count: int = 1, seconds: float = 10.0
    ) -> list[Call]:
        """Wait until ``check()`` returns at least ``count`` calls."""
        return await wait_for_calls(check, count, seconds)

    def invoke(
        self,
        name: str,
        value: dict[str, Any],
        *,
        by: str,
        reply_to: str,
        conversation: str = ADULTS_ALERTS,
        conversation_type: str = "channel",
    ) -> dict[str, Any]:
        """An invoke activity (card action or dialog) pressed by ``by`` on message ``reply_to``."""
        extra: dict[str, Any] = {}
        if conversation_type == "channel":
            extra["channelData"] = {"channel": {"id": conversation}, "tenant": {"id": TENANT_ID}}
        return activity(
            self.connector.url,
            kind="invoke",
            text="",
            conversation_type=conversation_type,
            conversation_id=conversation,
            user_aad=by,
            user_name="Someone Pressing",
            activity_id=f"invoke-{next(_ids)}",
            name=name,
            replyToId=reply_to,
            value=value,
            **extra,
        )

    async def press(self, verb: str, data: dict[str, Any], **kw: Any) -> tuple[int, Any]:
        """An ``Action.Execute`` button (``adaptiveCard/action``)."""
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}}
        return await self.post(self.invoke("adaptiveCard/action", value, **kw))

    async def fetch(self, form: str, reference: str, **kw: Any) -> tuple[int, Any]:
        """A form button on a card: Teams asks for the dialog (``task/fetch``)."""
        data = {"msteams": {"type": "task/fetch"}, "form": form, "reference": reference}
        return await self.post(
            self.invoke("task/fetch", {"type": "task/fetch", "data": data}, **kw)
        )

    async def submit(
        self, form: str, reference: str, values: dict[str, Any], **kw: Any
    ) -> tuple[int, Any]:
        """The dialog's Save button (``task/submit``) with the typed values."""
        data = {"form": form, "reference": reference, **values}
        return await self.post(
            self.invoke("task/submit", {"type": "task/submit", "data": data}, **kw)
        )


@contextlib.asynccontextmanager
async def serve_signed(
    tmp_path: Path, scanner: Scanner, keys: KeyServer
) -> AsyncIterator[SignedApp]:
    """Run ``build_app`` in production mode on loopback (outbound: loopback only)."""
    settings = production_settings(tmp_path)
    upgrade(settings.effective_database_url())
    clock = ManualClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    prepared = prepare(settings, clock=clock, scanner=scanner)
    connector = FakeConnector()
    await connector.start()
    options = AppOptions(
        teams=TeamsOptions(only_loopback_connector=True, retry=FAST_RETRY, tokens=StaticToken()),
        poll=0.05,
    )
    runner = web.AppRunner(build_app(prepared, options), **server_options())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{runner.addresses[0][1]}"
            yield SignedApp(url, connector, clock, prepared, http, keys)
    finally:
        await runner.cleanup()
        await connector.stop()
        prepared.register.close()
