"""WhatsApp end to end: the real app, whose composition root mounts the webhook from settings.

Signed Cloud API deliveries are posted to ``/api/whatsapp`` on loopback; replies go to a
fake Graph API on loopback that records them; breach alerts go to the fake Bot Connector
(Teams) as usual. The register is SQLite in a temporary folder; the detector is real.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.app import AppOptions, Prepared, build_app, prepare
from bot.domain.clock import ManualClock
from bot.register.migrate import upgrade
from bot.services.ports import Scanner
from bot.settings import Mode, Settings
from bot.teams.server import TeamsOptions
from bot.whatsapp.mount import BRIDGE
from bot.whatsapp.signature import sign
from tests.e2e.conftest import ADULTS_ALERTS, ORG_FILE, App
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
        return status

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


@pytest.fixture
async def wa(tmp_path: Path, scanner: Scanner) -> AsyncIterator[WhatsApp]:
    graph, connector = FakeGraph(), FakeConnector()
    await graph.start()
    await connector.start()
    url = f"sqlite:///{tmp_path / 'careguard.db'}"
    settings = Settings(
        mode=Mode.DEVELOPMENT,
        database_url=url,
        var_dir=tmp_path,
        config_path=ORG_FILE,
        whatsapp_verify_token=VERIFY_TOKEN,
        whatsapp_app_secret=APP_SECRET,
        whatsapp_access_token=ACCESS_TOKEN,
        whatsapp_phone_number_id=NUMBER_ID,
        whatsapp_graph_url=graph.url,
    )
    upgrade(url)
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0))
    prepared = prepare(settings, clock=clock, scanner=scanner)
    options = AppOptions(
        teams=TeamsOptions(only_loopback_connector=True, retry=FAST_RETRY, tokens=StaticToken()),
        scheduler_poll=0.05,
        whatsapp_cloud=lambda c: replace(c, attempts=2, base_delay=0.01, timeout=2.0),
    )
    app = build_app(prepared, options)
    assert BRIDGE in app  # the composition root mounted the webhook from the settings
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with aiohttp.ClientSession() as http:
            base = f"http://127.0.0.1:{runner.addresses[0][1]}"
            await install_in_teams(http, base, connector)
            yield WhatsApp(base, graph, connector, prepared, http)
    finally:
        await runner.cleanup()
        assert graph.runner is not None
        await graph.runner.cleanup()
        await connector.stop()
        prepared.register.close()


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


ANSWERS = [
    "10 minutes ago",
    "adults",
    "skip",
    "Birdie",
    "Rota naming Margaret Hollis sent to the wrong group",
    "nothing yet",
]


async def test_a_breach_reported_over_whatsapp_is_registered_and_alerted_in_teams(
    wa: WhatsApp,
) -> None:
    assert await wa.say("breach") == 200
    first = wa.graph.texts_to(RHIANNON_WA)[-1]
    assert "When did you discover the breach?" in first
    assert "Or type: help · cancel" in first  # buttons become typed words
    for text in ANSWERS:
        assert await wa.say(text) == 200
    assert await wa.say("yes") == 200
    sent = wa.graph.texts_to(RHIANNON_WA)
    done = sent[-1]
    assert "Your reference is" in done
    # The description named a client: warned, kept in full, never echoed on WhatsApp.
    assert any("initials only" in text and "a name" in text for text in sent)
    (summary,) = [text for text in sent if "Here is your report" in text]
    assert "What happened: Rota naming [PERSON] sent to the wrong group" in summary
    assert all("Hollis" not in text for text in sent)
    breaches = wa.prepared.register.repository.list_breaches()
    assert len(breaches) == 1
    assert breaches[0].label in done
    assert "Margaret Hollis" in (breaches[0].description or "")
    alerts = await until(lambda: wa.connector.to(ADULTS_ALERTS), 1)
    assert len(alerts) == 1
    assert breaches[0].label in json.dumps(alerts[0].card)
    assert "Hollis" not in json.dumps(alerts[0].card)
    assert set(wa.graph.auth) == {f"Bearer {ACCESS_TOKEN}"}
    # Nothing of the conversation was posted anywhere else in Teams.
    assert {c.conversation_id for c in wa.connector.calls} == {ADULTS_ALERTS}


async def test_a_flagged_message_gets_a_warning_that_repeats_nothing(wa: WhatsApp) -> None:
    text = "Can someone check on Margaret Hollis, NHS number 943 476 5919, at 10?"
    assert await wa.say(text) == 200
    (warning,) = [t for t in wa.graph.texts_to(RHIANNON_WA) if "initials" in t]
    assert "NHS number" in warning
    for part in ("Margaret", "Hollis", "943 476 5919", "check on"):
        assert all(part not in sent for sent in wa.graph.texts_to(RHIANNON_WA))
    assert wa.connector.calls == []
    assert wa.prepared.register.repository.list_breaches() == []


async def test_an_unknown_number_is_refused_and_nothing_reaches_the_bot(wa: WhatsApp) -> None:
    assert await wa.say("breach", sender=STRANGER_WA) == 200
    (refusal,) = wa.graph.texts_to(STRANGER_WA)
    assert "not registered" in refusal
    assert "breach" not in refusal.split("registered")[0]
    assert await wa.say("breach", sender=STRANGER_WA, wait=False) == 200
    await asyncio.sleep(0.2)
    assert len(wa.graph.texts_to(STRANGER_WA)) == 1  # refused once, not on every message
    assert wa.prepared.register.repository.list_breaches() == []
    assert wa.connector.calls == []


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=", "sha256=" + "0" * 64, "sha1=abc", "garbage"],
)
async def test_missing_or_bad_signatures_get_401_and_nothing_is_sent(
    wa: WhatsApp, signature: str | None
) -> None:
    assert await wa.deliver(payload(RHIANNON_WA, "breach"), signature=signature) == 401
    await asyncio.sleep(0.2)
    assert wa.graph.sent == []


async def test_a_signature_of_another_body_gets_401(wa: WhatsApp) -> None:
    other = sign(APP_SECRET.encode(), payload(RHIANNON_WA, "hello"))
    assert await wa.deliver(payload(RHIANNON_WA, "breach"), signature=other) == 401
    wrong_key = sign(b"another-secret", payload(RHIANNON_WA, "breach"))
    assert await wa.deliver(payload(RHIANNON_WA, "breach"), signature=wrong_key) == 401
    await asyncio.sleep(0.2)
    assert wa.graph.sent == []


async def test_a_replayed_delivery_is_handled_once(wa: WhatsApp) -> None:
    body = payload(RHIANNON_WA, "breach")
    assert await wa.deliver(body) == 200
    first = await wa.replies(RHIANNON_WA, 1)
    for _ in range(2):
        assert await wa.deliver(body) == 200
    await asyncio.sleep(0.3)
    assert wa.graph.texts_to(RHIANNON_WA) == first


async def test_the_verification_handshake(wa: WhatsApp) -> None:
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "12345"}
    async with wa.http.get(f"{wa.url}/api/whatsapp", params=query) as resp:
        assert resp.status == 200
        assert await resp.text() == "12345"
    query["hub.verify_token"] = "wrong"
    async with wa.http.get(f"{wa.url}/api/whatsapp", params=query) as resp:
        assert resp.status == 403


async def test_a_graph_api_failure_loses_nothing_in_the_register(
    wa: WhatsApp, caplog: pytest.LogCaptureFixture
) -> None:
    wa.graph.fail_with = 500
    assert await wa.say("breach", wait=False) == 200
    await until(lambda: wa.graph.auth, 1)
    await asyncio.sleep(0.2)
    assert len(wa.graph.auth) == 1  # an ambiguous 500 is not repeated
    assert "not sent (rejected)" in caplog.text
    assert RHIANNON_WA not in caplog.text
    wa.graph.fail_with = None
    # The first question never arrived, but the answer was saved and the report goes on.
    assert await wa.say("10 minutes ago") == 200
    assert "Question 2 of 6" in wa.graph.texts_to(RHIANNON_WA)[-1]


async def test_without_whatsapp_settings_there_is_no_webhook(app: App) -> None:
    body = payload(RHIANNON_WA, "breach")
    headers = {"X-Hub-Signature-256": sign(APP_SECRET.encode(), body)}
    async with app.http.post(f"{app.url}/api/whatsapp", data=body, headers=headers) as resp:
        assert resp.status == 404
