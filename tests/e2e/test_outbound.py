"""Outbound reliability against the fake Bot Connector: retries, Retry-After, timeouts, pacing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.services.messages import Actor, Text
from bot.teams.connector import BotConnector, ConnectorError, RetryPolicy
from bot.teams.notifier import SERVICE_KEY, MemoryReferences, TeamsNotifier
from bot.teams.ratelimit import ConversationLimiter
from bot.teams.service_urls import ServiceUrls
from tests.e2e.fake_connector import Failure, FakeConnector
from tests.e2e.harness import OUTBOUND_TOKEN, StaticToken

CONVERSATION = "19:alerts@thread.tacv2"
MESSAGE = {"type": "message", "text": "hello"}


class RecordingSleep:
    """Records backoff waits and returns at once (so tests take no time)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def fake() -> AsyncIterator[FakeConnector]:
    connector = FakeConnector()
    await connector.start()
    try:
        yield connector
    finally:
        await connector.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def client(
    http: aiohttp.ClientSession,
    sleep: RecordingSleep,
    *,
    timeout: float = 2.0,
    limiter: ConversationLimiter | None = None,
) -> BotConnector:
    return BotConnector(
        http,
        StaticToken(),
        ServiceUrls(only_loopback=True),
        policy=RetryPolicy(attempts=4, base_delay=0.5, max_delay=30.0, timeout=timeout),
        sleep=sleep,
        limiter=limiter,
    )


@pytest.mark.parametrize("status", [429, 412, 502, 503, 504])
async def test_transient_statuses_are_retried_until_sent(
    status: int, fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    sleep = RecordingSleep()
    fake.failures.extend([Failure(status), Failure(status)])
    message_id = await client(http, sleep).send(fake.url, CONVERSATION, MESSAGE)
    assert message_id.startswith("msg-")
    assert len(fake.sends()) == 3
    assert len(sleep.waits) == 2
    assert sleep.waits[1] > sleep.waits[0] * 0.9  # backing off, not hammering
    assert all(c.headers["Authorization"] == f"Bearer {OUTBOUND_TOKEN}" for c in fake.calls)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), ("0", 0.0), ("120", 30.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
async def test_retry_after_is_honoured_and_capped(
    header: str, expected: float, fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    sleep = RecordingSleep()
    fake.failures.append(Failure(429, retry_after=header))
    await client(http, sleep).send(fake.url, CONVERSATION, MESSAGE)
    assert sleep.waits == [expected]


async def test_gives_up_after_the_last_attempt(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    sleep = RecordingSleep()
    fake.failures.extend([Failure(503)] * 10)
    with pytest.raises(ConnectorError) as err:
        await client(http, sleep).send(fake.url, CONVERSATION, MESSAGE)
    assert err.value.status == 503
    assert len(fake.sends()) == 4


@pytest.mark.parametrize("status", [400, 401, 403, 404])
async def test_permanent_errors_are_not_retried(
    status: int, fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    sleep = RecordingSleep()
    fake.failures.append(Failure(status))
    with pytest.raises(ConnectorError):
        await client(http, sleep).send(fake.url, CONVERSATION, MESSAGE)
    assert len(fake.calls) == 1
    assert sleep.waits == []


async def test_a_hanging_send_times_out_and_is_not_repeated(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    sleep = RecordingSleep()
    fake.failures.append(Failure(200, delay=1.0))
    started = asyncio.get_running_loop().time()
    with pytest.raises(ConnectorError):
        await client(http, sleep, timeout=0.3).send(fake.url, CONVERSATION, MESSAGE)
    assert asyncio.get_running_loop().time() - started < 2.0
    assert len(fake.calls) == 1  # a POST that may have arrived is not sent twice


async def test_a_hanging_update_is_retried(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    sleep = RecordingSleep()
    fake.failures.append(Failure(200, delay=1.0))
    await client(http, sleep, timeout=0.3).update(fake.url, CONVERSATION, "msg-1", MESSAGE)
    assert len(fake.updates()) == 2  # PUT is idempotent: safe to try again


async def test_service_urls_outside_the_allow_list_are_never_called(
    http: aiohttp.ClientSession,
) -> None:
    connector = client(http, RecordingSleep())
    for url in ("https://smba.trafficmanager.net/amer/", "http://10.0.0.1/", "file:///etc/passwd"):
        with pytest.raises(ConnectorError):
            await connector.send(url, CONVERSATION, MESSAGE)


async def test_sends_to_one_conversation_are_paced(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    limiter = ConversationLimiter(((3, 0.3),))
    connector = client(http, RecordingSleep(), limiter=limiter)
    await asyncio.gather(*(connector.send(fake.url, CONVERSATION, MESSAGE) for _ in range(7)))
    await connector.send(fake.url, "19:other@thread.tacv2", MESSAGE)
    times = [c.at for c in fake.sends() if c.conversation_id == CONVERSATION]
    for earlier, later in zip(times, times[3:], strict=False):
        assert later - earlier >= 0.29  # never more than 3 in any 0.3 s window
    assert times[-1] - times[0] >= 0.59


async def test_a_person_never_met_gets_one_new_chat(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    store = MemoryReferences()
    store.data[SERVICE_KEY] = {
        "service_url": fake.url,
        "bot_id": "28:bot",
        "tenant_id": "tenant-1",
    }
    notifier = TeamsNotifier(client(http, RecordingSleep()), store)
    person = Actor("aad-of-someone", None, "Someone")
    await asyncio.gather(*(notifier.to_person(person, Text(f"n{i}")) for i in range(3)))
    assert len(fake.new_chats()) == 1
    assert fake.new_chats()[0].body["members"] == [{"id": "aad-of-someone"}]
    assert len(fake.to("a:chat-with-aad-of-someone")) == 3


async def test_an_identical_update_is_sent_once(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    connector = client(http, RecordingSleep())
    await connector.update(fake.url, CONVERSATION, "msg-1", MESSAGE)
    await connector.update(fake.url, CONVERSATION, "msg-1", MESSAGE)
    assert len(fake.updates()) == 1
    changed = {**MESSAGE, "text": "something else"}
    await connector.update(fake.url, CONVERSATION, "msg-1", changed)
    await connector.update(fake.url, CONVERSATION, "msg-2", MESSAGE)
    assert len(fake.updates()) == 3
