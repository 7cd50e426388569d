"""The Graph API client against a fake session: payload, retries only where safe, timeouts."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Any, cast

import aiohttp
import pytest
from multidict import CIMultiDict

from bot.whatsapp.cloud import CloudClient, CloudConfig, CloudSendError, redact_number

NUMBER = "447700900123"
TEXT = "Please use initials only"


class FakeResponse:
    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
        self.status = status
        self._raw = json.dumps(body).encode() if body is not None else b""
        self.headers = CIMultiDict(headers or {})

    async def read(self) -> bytes:
        return self._raw


class FakeSession:
    """Plays scripted outcomes: a FakeResponse, or an exception raised by ``post``."""

    def __init__(self, *outcomes: FakeResponse | BaseException) -> None:
        self.outcomes: Iterator[FakeResponse | BaseException] = iter(outcomes)
        self.posts: list[dict[str, Any]] = []

    @asynccontextmanager
    async def _respond(self, outcome: FakeResponse | BaseException) -> Any:
        if isinstance(outcome, BaseException):
            raise outcome
        yield outcome

    def post(self, url: str, **kwargs: Any) -> Any:
        self.posts.append({"url": url, **kwargs})
        return self._respond(next(self.outcomes))


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(session: FakeSession, sleeps: Sleeps, **config: Any) -> CloudClient:
    cfg = CloudConfig(
        access_token="token-for-tests",
        phone_number_id="1234567890",
        graph_url="http://graph.invalid/v21.0/",
        **config,
    )
    return CloudClient(cast(aiohttp.ClientSession, session), cfg, sleep=sleeps)


def sent_ok(mid: str = "wamid.OUT1") -> FakeResponse:
    return FakeResponse(200, {"messaging_product": "whatsapp", "messages": [{"id": mid}]})


def connect_error() -> aiohttp.ClientConnectorError:
    return aiohttp.ClientConnectorError(cast(Any, None), OSError(111, "Connection refused"))


async def test_sends_a_plain_text_message_with_the_token() -> None:
    sleeps = Sleeps()
    session = FakeSession(sent_ok("wamid.X"))
    assert await client(session, sleeps).send_text(NUMBER, TEXT) == "wamid.X"
    (post,) = session.posts
    assert post["url"] == "http://graph.invalid/v21.0/1234567890/messages"
    assert post["headers"]["Authorization"] == "Bearer token-for-tests"
    assert post["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": NUMBER,
        "type": "text",
        "text": {"preview_url": False, "body": TEXT},
    }
    timeout = post["timeout"]
    assert timeout.total == 10.0
    assert timeout.sock_connect == 5.0
    assert sleeps == []


async def test_a_long_body_is_cut_to_the_api_limit() -> None:
    session = FakeSession(sent_ok())
    await client(session, Sleeps()).send_text(NUMBER, "x" * 5000)
    body = session.posts[0]["json"]["text"]["body"]
    assert len(body) == 4096
    assert body.endswith("…")


async def test_429_is_retried_honouring_retry_after_capped() -> None:
    sleeps = Sleeps()
    session = FakeSession(
        FakeResponse(429, {}, {"Retry-After": "3"}),
        FakeResponse(429, {}, {"Retry-After": "60"}),
        sent_ok(),
    )
    assert await client(session, sleeps).send_text(NUMBER, TEXT) == "wamid.OUT1"
    assert sleeps == [3.0, 8.0]
    assert len(session.posts) == 3


@pytest.mark.parametrize("code", [4, 80007, 130429])
async def test_meta_rate_limit_codes_are_retried_with_backoff(code: int) -> None:
    limited = FakeResponse(400, {"error": {"code": code, "message": "rate limited"}})
    sleeps = Sleeps()
    session = FakeSession(limited, limited, sent_ok())
    await client(session, sleeps).send_text(NUMBER, TEXT)
    assert sleeps == [0.5, 1.0]


async def test_the_pair_rate_limit_waits_six_seconds() -> None:
    limited = FakeResponse(400, {"error": {"code": 131056}})
    sleeps = Sleeps()
    await client(FakeSession(limited, sent_ok()), sleeps).send_text(NUMBER, TEXT)
    assert sleeps == [6.0]


async def test_503_and_transient_errors_are_retried() -> None:
    transient = FakeResponse(500, {"error": {"code": 2, "is_transient": True}})
    sleeps = Sleeps()
    session = FakeSession(FakeResponse(503), transient, sent_ok())
    await client(session, sleeps).send_text(NUMBER, TEXT)
    assert len(session.posts) == 3


@pytest.mark.parametrize("status", [500, 502, 504])
async def test_ambiguous_server_errors_are_not_repeated(status: int) -> None:
    # Meta may have delivered the message already: a retry could send it twice.
    sleeps = Sleeps()
    session = FakeSession(FakeResponse(status, {"error": {"code": 1}}), sent_ok())
    with pytest.raises(CloudSendError) as caught:
        await client(session, sleeps).send_text(NUMBER, TEXT)
    assert caught.value.status == status
    assert len(session.posts) == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [400, 401, 403, 404])
async def test_permanent_errors_are_not_retried(status: int) -> None:
    session = FakeSession(FakeResponse(status, {"error": {"code": 131030}}), sent_ok())
    with pytest.raises(CloudSendError) as caught:
        await client(session, Sleeps()).send_text(NUMBER, TEXT)
    assert (caught.value.status, caught.value.code) == (status, 131030)
    assert len(session.posts) == 1


async def test_connection_refused_before_sending_is_retried() -> None:
    sleeps = Sleeps()
    session = FakeSession(connect_error(), sent_ok())
    assert await client(session, sleeps).send_text(NUMBER, TEXT) == "wamid.OUT1"
    assert sleeps == [0.5]


async def test_connect_timeout_is_retried_but_gives_up_after_the_attempts() -> None:
    sleeps = Sleeps()
    session = FakeSession(*[aiohttp.ConnectionTimeoutError()] * 3)
    with pytest.raises(CloudSendError, match="cannot connect"):
        await client(session, sleeps, attempts=3).send_text(NUMBER, TEXT)
    assert len(session.posts) == 3
    assert sleeps == [0.5, 1.0]


async def test_a_timeout_after_sending_is_not_repeated() -> None:
    session = FakeSession(TimeoutError(), sent_ok())
    with pytest.raises(CloudSendError, match="timeout"):
        await client(session, Sleeps()).send_text(NUMBER, TEXT)
    assert len(session.posts) == 1


async def test_a_dropped_connection_after_sending_is_not_repeated() -> None:
    session = FakeSession(aiohttp.ServerDisconnectedError(), sent_ok())
    with pytest.raises(CloudSendError, match="connection lost"):
        await client(session, Sleeps()).send_text(NUMBER, TEXT)
    assert len(session.posts) == 1


async def test_retries_stop_after_the_configured_attempts() -> None:
    sleeps = Sleeps()
    session = FakeSession(*[FakeResponse(429)] * 4)
    with pytest.raises(CloudSendError) as caught:
        await client(session, sleeps).send_text(NUMBER, TEXT)
    assert caught.value.status == 429
    assert len(session.posts) == 4
    assert sleeps == [0.5, 1.0, 2.0]


async def test_failures_log_neither_text_nor_number(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    session = FakeSession(FakeResponse(400, {"error": {"code": 131026, "message": TEXT}}))
    with pytest.raises(CloudSendError) as caught:
        await client(session, Sleeps()).send_text(NUMBER, TEXT)
    logged = caplog.text + str(caught.value)
    assert "failed" in caplog.text
    assert "…123" in caplog.text
    assert NUMBER not in logged
    assert TEXT not in logged
    assert "token-for-tests" not in logged


def test_config_refuses_missing_secrets_and_hides_the_token() -> None:
    with pytest.raises(ValueError, match="required"):
        CloudConfig(access_token=" ", phone_number_id="1")
    cfg = CloudConfig(access_token="token-for-tests", phone_number_id="1")
    assert "token-for-tests" not in repr(cfg)


def test_redacted_numbers_keep_only_a_hash_and_three_digits() -> None:
    shown = redact_number("+44 7700 900123")
    assert shown.endswith("…123")
    assert "7700" not in shown
    assert shown == redact_number(NUMBER)
