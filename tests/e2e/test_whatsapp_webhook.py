"""WhatsApp end to end: the real app, whose composition root mounts the webhook from settings.

Signed Cloud API deliveries are posted to ``/api/whatsapp`` on loopback; replies go to a
fake Graph API on loopback that records them; breach alerts go to the fake Bot Connector
(Teams) as usual. The register is SQLite in a temporary folder; the detector is real.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from bot.domain.clock import ManualClock
from bot.services.ports import Scanner
from bot.whatsapp.signature import sign
from tests.e2e.conftest import ADULTS_ALERTS, App
from tests.e2e.whatsapp_app import (
    ACCESS_TOKEN,
    APP_SECRET,
    RHIANNON_WA,
    STRANGER_WA,
    VERIFY_TOKEN,
    WhatsApp,
    fakes,
    payload,
    serve_whatsapp,
    until,
)


@pytest.fixture
async def wa(tmp_path: Path, scanner: Scanner) -> AsyncIterator[WhatsApp]:
    async with (
        fakes() as (graph, connector),
        serve_whatsapp(tmp_path, scanner, graph, connector) as app,
    ):
        yield app


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
    assert len(wa.graph.auth) == 1  # not hammered: tried again after a delay
    assert "whatsapp: send to" in caplog.text
    assert "failed (rejected)" in caplog.text
    assert RHIANNON_WA not in caplog.text
    async with wa.http.get(f"{wa.url}/readyz") as resp:
        assert (await resp.json())["outbox"]["backlog"] >= 1  # kept, and visible
    with wa.prepared.register.engine.connect() as connection:
        waiting = connection.execute(
            sql("SELECT count(*) FROM outbox WHERE channel = 'whatsapp' AND state = 'pending'")
        ).scalar_one()
    assert waiting == 1  # the reply (the daily checkpoint posts may wait beside it)
    wa.graph.fail_with = None
    assert isinstance(wa.prepared.clock, ManualClock)
    wa.prepared.clock.advance(seconds=6)  # the retry falls due
    (first,) = await wa.replies(RHIANNON_WA, 1)
    assert "When did you discover the breach?" in first
    # The answer was saved and the report goes on.
    assert await wa.say("10 minutes ago") == 200
    assert "Question 2 of 6" in wa.graph.texts_to(RHIANNON_WA)[-1]
    assert len(wa.graph.texts_to(RHIANNON_WA)) == 2  # nothing was sent twice


async def test_without_whatsapp_settings_there_is_no_webhook(app: App) -> None:
    body = payload(RHIANNON_WA, "breach")
    headers = {"X-Hub-Signature-256": sign(APP_SECRET.encode(), body)}
    async with app.http.post(f"{app.url}/api/whatsapp", data=body, headers=headers) as resp:
        assert resp.status == 404
