"""How deliveries arrive: in pieces, large, with odd timestamps, and again after a restart.

Meta's deliveries are ordinary HTTP requests and may reach the server in several TCP
writes (a proxy, a slow link, any large body); the whole body must be read before its
signature is checked. Meta redelivers for up to seven days, so a delivery already
handled must be refused by the next instance of the server too.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services.ports import Scanner
from bot.whatsapp.signature import sign
from tests.e2e.whatsapp_app import APP_SECRET, RHIANNON_WA, WhatsApp, fakes, payload, serve_whatsapp
from tests.support.http import post_in_pieces


@pytest.fixture
async def wa(tmp_path: Path, scanner: Scanner) -> AsyncIterator[WhatsApp]:
    async with (
        fakes() as (graph, connector),
        serve_whatsapp(tmp_path, scanner, graph, connector) as app,
    ):
        yield app


def signed(body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": sign(APP_SECRET.encode(), body),
    }


def padded(text: str, size: int) -> bytes:
    """A delivery of ``text`` made ``size`` bytes long by a field the webhook ignores."""
    body = json.loads(payload(RHIANNON_WA, text))
    body["padding"] = ""
    base = len(json.dumps(body).encode())
    body["padding"] = "x" * (size - base)
    raw = json.dumps(body).encode()
    assert len(raw) == size
    return raw


async def post_pieces(wa: WhatsApp, body: bytes, pieces: int) -> int:
    host, port = wa.url.removeprefix("http://").split(":")
    return await post_in_pieces(host, int(port), "/api/whatsapp", body, signed(body), pieces=pieces)


async def test_a_signed_delivery_in_several_writes_is_accepted(wa: WhatsApp) -> None:
    assert await post_pieces(wa, payload(RHIANNON_WA, "help"), pieces=3) == 200
    assert len(await wa.replies(RHIANNON_WA, 1)) == 1

    async def chunks(body: bytes) -> AsyncIterator[bytes]:  # Transfer-Encoding: chunked
        for start in range(0, len(body), 100):
            await asyncio.sleep(0.01)
            yield body[start : start + 100]

    body = payload(RHIANNON_WA, "help")
    url = f"{wa.url}/api/whatsapp"
    async with wa.http.post(url, data=chunks(body), headers=signed(body)) as resp:
        assert resp.status == 200
    assert len(await wa.replies(RHIANNON_WA, 2)) == 2


async def test_a_900_kb_signed_delivery_is_accepted(wa: WhatsApp) -> None:
    assert await wa.deliver(padded("help", 900 * 1024)) == 200
    assert await post_pieces(wa, padded("help", 900 * 1024), pieces=9) == 200
    assert len(await wa.replies(RHIANNON_WA, 2)) == 2


async def test_a_body_over_the_limit_is_413_even_in_pieces(wa: WhatsApp) -> None:
    too_big = padded("help", 1024 * 1024 + 1)
    assert await wa.deliver(too_big) == 413
    assert await post_pieces(wa, too_big, pieces=4) == 413
    await asyncio.sleep(0.2)
    assert wa.graph.sent == []


async def test_a_signed_payload_with_an_absurd_timestamp_is_400(wa: WhatsApp) -> None:
    body = json.loads(payload(RHIANNON_WA, "help"))
    body["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = "99999999999999999999"
    assert await wa.deliver(json.dumps(body).encode()) == 400
    await asyncio.sleep(0.2)
    assert wa.graph.sent == []


async def test_a_replay_after_a_restart_is_refused(tmp_path: Path, scanner: Scanner) -> None:
    # A photo is answered by the WhatsApp front-end itself ("I can only read text"), so no
    # other de-duplication (the bot's own, for text turns) can hide a second handling.
    first, second = payload(RHIANNON_WA, None, "image"), payload(RHIANNON_WA, None, "image")
    async with fakes() as (graph, connector):
        async with serve_whatsapp(tmp_path, scanner, graph, connector) as before:
            assert await before.deliver(first) == 200
            assert len(await before.replies(RHIANNON_WA, 1)) == 1
        # A new instance of the server on the same register database.
        async with serve_whatsapp(tmp_path, scanner, graph, connector) as after:
            assert await after.deliver(first) == 200  # Meta must stop redelivering
            await asyncio.sleep(0.3)
            assert len(graph.texts_to(RHIANNON_WA)) == 1  # but it was not handled again
            assert await after.deliver(second) == 200
            assert len(await after.replies(RHIANNON_WA, 2)) == 2  # new messages still are
