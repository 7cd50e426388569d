"""The webhook sub-app over HTTP on loopback: handshake, signatures, replays, retries."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.whatsapp.dedupe import MessageDeduper
from bot.whatsapp.signature import sign
from bot.whatsapp.webhook import (
    MAX_BODY_BYTES,
    PATH,
    InboundMessage,
    WebhookConfig,
    create_webhook_app,
)
from tests.support.http import post_in_pieces

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "whatsapp"
SECRET = "meta-app-secret-for-tests"
TOKEN = "verify-token-for-tests"
BODY = (FIXTURES / "cloud-api-text-message.json").read_bytes()


@dataclass
class Recorder:
    """The on_message handler: records messages, fails on request."""

    seen: list[InboundMessage] = field(default_factory=list)
    fail_next: int = 0

    async def __call__(self, msg: InboundMessage) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("downstream unavailable")
        self.seen.append(msg)


@dataclass
class Clock:
    now: datetime = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(
    recorder: Recorder, clock: Clock
) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async def teams(_: web.Request) -> web.Response:
        return web.Response(text="teams")

    app = web.Application()
    app.router.add_post("/api/messages", teams)
    config = WebhookConfig(verify_token=TOKEN, app_secret=SECRET)
    wa = create_webhook_app(config, recorder, deduper=MessageDeduper(clock=clock))
    app.add_subapp(PATH, wa)
    async with TestClient(TestServer(app, host="127.0.0.1")) as c:
        yield c


Client = TestClient[web.Request, web.Application]


async def _post(client: Client, body: bytes, signature: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    async with client.post(PATH, data=body, headers=headers) as resp:
        return resp.status


async def test_handshake_echoes_the_challenge(client: Client) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "1158201444"}
    async with client.get(PATH, params=params) as resp:
        assert resp.status == 200
        assert await resp.text() == "1158201444"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}, 403),
        ({"hub.mode": "subscribe", "hub.challenge": "1"}, 400),
        ({"hub.mode": "unsubscribe", "hub.verify_token": TOKEN, "hub.challenge": "1"}, 400),
        ({"hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "<b>x</b>"}, 400),
    ],
)
async def test_handshake_refusals(client: Client, params: dict[str, str], status: int) -> None:
    async with client.get(PATH, params=params) as resp:
        assert resp.status == status
        assert params["hub.challenge"] not in await resp.text()


async def test_good_signature_delivers_each_message_once(
    client: Client, recorder: Recorder
) -> None:
    assert await _post(client, BODY, sign(SECRET.encode(), BODY)) == 200
    assert [m.kind for m in recorder.seen] == ["text", "image"]
    assert recorder.seen[0].text == "Morning, MH is first on the list today"


async def test_replayed_signature_is_accepted_but_not_handled_twice(
    client: Client, recorder: Recorder
) -> None:
    header = sign(SECRET.encode(), BODY)
    assert await _post(client, BODY, header) == 200
    assert await _post(client, BODY, header) == 200
    assert len(recorder.seen) == 2


async def test_a_replay_after_the_window_is_stale(
    client: Client, recorder: Recorder, clock: Clock
) -> None:
    clock.now += timedelta(days=30)
    assert await _post(client, BODY, sign(SECRET.encode(), BODY)) == 200
    assert recorder.seen == []


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=" + "0" * 64, sign(b"someone-else", BODY), "sha1=abc"],
)
async def test_missing_or_bad_signature_is_401_and_nothing_is_handled(
    client: Client, recorder: Recorder, signature: str | None
) -> None:
    assert await _post(client, BODY, signature) == 401
    assert recorder.seen == []


async def test_signature_of_another_body_is_401(client: Client, recorder: Recorder) -> None:
    tampered = BODY.replace(b"MH is first", b"MH is last!")
    assert await _post(client, tampered, sign(SECRET.encode(), BODY)) == 401
    assert recorder.seen == []


async def test_signed_garbage_is_400(client: Client, recorder: Recorder) -> None:
    for body in (b"not json", json.dumps({"object": "page"}).encode()):
        assert await _post(client, body, sign(SECRET.encode(), body)) == 400
    assert recorder.seen == []


async def test_oversized_body_is_413(client: Client) -> None:
    body = b"{" + b" " * MAX_BODY_BYTES + b"}"
    assert await _post(client, body, sign(SECRET.encode(), body)) == 413


async def test_failed_handling_asks_meta_to_retry_and_the_retry_gets_through(
    client: Client, recorder: Recorder
) -> None:
    header = sign(SECRET.encode(), BODY)
    recorder.fail_next = 1
    assert await _post(client, BODY, header) == 500
    assert [m.kind for m in recorder.seen] == ["image"]
    assert await _post(client, BODY, header) == 200
    assert sorted(m.kind for m in recorder.seen) == ["image", "text"]


async def test_a_body_written_in_several_pieces_is_read_whole(
    client: Client, recorder: Recorder
) -> None:
    assert client.server.host is not None
    assert client.server.port is not None
    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": sign(SECRET.encode(), BODY),
    }
    status = await post_in_pieces(client.server.host, client.server.port, PATH, BODY, headers)
    assert status == 200
    assert [m.kind for m in recorder.seen] == ["text", "image"]


@pytest.mark.parametrize(
    "timestamp", ["99999999999999999999", "253402300800", "-1", "1e9", "", " 1795428300", "١٢٣"]
)
async def test_a_signed_payload_with_an_absurd_timestamp_is_400(
    client: Client, recorder: Recorder, timestamp: str
) -> None:
    body = BODY.replace(b'"1795428300"', json.dumps(timestamp).encode())
    assert body != BODY
    assert await _post(client, body, sign(SECRET.encode(), body)) == 400
    assert recorder.seen == []


async def test_the_rest_of_the_app_is_untouched(client: Client) -> None:
    async with client.post("/api/messages") as resp:
        assert await resp.text() == "teams"
