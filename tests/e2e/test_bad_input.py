"""Bad input to /api/messages gets a 4xx or a polite answer: never a 5xx, never a crash."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.settings import Mode, Settings
from tests.e2e.harness import EchoBot, Running, activity, running, sample

DEV = Settings(mode=Mode.DEVELOPMENT)


@pytest.fixture
async def served() -> AsyncIterator[tuple[Running, EchoBot]]:
    bot = EchoBot()
    async with running(DEV, bot) as run:
        yield run, bot


async def test_body_over_one_mebibyte_is_413(served: tuple[Running, EchoBot]) -> None:
    run, bot = served
    body = activity(run.connector.url, text="x" * (1024 * 1024 + 10))
    resp = await run.post(body)
    assert resp.status == 413
    huge = b"[" + b"1," * (600 * 1024) + b"1]"
    assert (await run.post(None, raw=huge)).status == 413
    await run.settle()
    assert bot.messages == []


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"not json",
        b"\xff\xfe\x00",
        b'{"type": "message",}',
        b"[]",
        b'"a string"',
        b"42",
        b"null",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        json.dumps(
            {
                "type": "message",
                "x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
            }
        ).encode(),
    ],
    ids=range(12),
)
async def test_unreadable_bodies_are_400(raw: bytes, served: tuple[Running, EchoBot]) -> None:
    run, bot = served
    resp = await run.post(None, raw=raw)
    assert resp.status == 400
    assert bot.messages == []


@pytest.mark.parametrize("missing", ["type", "conversation", "from"])
async def test_missing_required_parts_are_400(
    missing: str, served: tuple[Running, EchoBot]
) -> None:
    run, bot = served
    body = activity(run.connector.url)
    del body[missing]
    assert (await run.post(body)).status == 400
    body = activity(run.connector.url)
    body[missing] = {"id": 7} if missing != "type" else 7
    assert (await run.post(body)).status == 400
    await run.settle()
    assert bot.messages == []
    assert run.connector.calls == []


async def test_unknown_and_ignored_activity_types(served: tuple[Running, EchoBot]) -> None:
    run, bot = served
    assert (await run.post(activity(run.connector.url, kind="somethingNew"))).status == 400
    reaction = sample("messageReaction.channel.json")
    reaction["serviceUrl"] = run.connector.url
    assert (await run.post(reaction)).status == 200
    await run.settle()
    assert bot.messages == []
    assert run.connector.calls == []


async def test_unknown_invoke_is_answered(served: tuple[Running, EchoBot]) -> None:
    run, bot = served
    invoke = sample("invoke.composeExtension-fetchTask.channel.json")
    async with run.http.post(f"{run.url}/api/messages", json=invoke) as resp:
        assert resp.status == 200
        assert "does not handle" in (await resp.json())["value"]
    assert bot.actions == []


@pytest.mark.parametrize(
    "value",
    [None, {}, {"action": None}, {"action": {}}, {"action": {"verb": 5}}, {"action": "x"}],
    ids=range(6),
)
async def test_card_action_without_a_verb_is_answered_politely(
    value: Any, served: tuple[Running, EchoBot]
) -> None:
    run, bot = served
    body = activity(run.connector.url, kind="invoke", name="adaptiveCard/action", value=value)
    async with run.http.post(f"{run.url}/api/messages", json=body) as resp:
        assert resp.status == 200
        answer = await resp.json()
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert bot.actions == []


def _mutations(rng: random.Random, base: dict[str, Any]) -> Any:
    """One malformed body: a valid activity with parts removed, retyped or garbled."""
    junk: list[Any] = [None, 0, -1, 1e308, "", "x" * rng.randint(0, 300), [], {}, [1, {}], True]
    body = copy.deepcopy(base)
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        keys = list(body) if isinstance(body, dict) else []
        if choice < 0.3 and keys:
            del body[rng.choice(keys)]
        elif choice < 0.6 and keys:
            body[rng.choice(keys)] = rng.choice(junk)
        elif choice < 0.8 and keys:
            key = rng.choice(keys)
            if isinstance(body[key], dict) and body[key]:
                inner = rng.choice(list(body[key]))
                body[key][inner] = rng.choice(junk)
        else:
            body = rng.choice([*junk, {"type": rng.choice(["message", "invoke", "x"])}])
    return body


async def test_fuzz_a_thousand_malformed_bodies(served: tuple[Running, EchoBot]) -> None:
    run, _bot = served
    rng = random.Random(20261123)  # seeded: a failure can be replayed
    bases = [
        activity(run.connector.url),
        activity(run.connector.url, kind="messageUpdate"),
        activity(run.connector.url, kind="conversationUpdate", membersAdded=[{"id": "28:x"}]),
        activity(
            run.connector.url,
            kind="invoke",
            name="adaptiveCard/action",
            value={"action": {"verb": "breach.acknowledge", "data": {"reference": "BR-1"}}},
        ),
    ]
    statuses: dict[int, int] = {}
    for i in range(1200):
        body = _mutations(rng, bases[i % len(bases)])
        if i % 10 == 0:
            raw = json.dumps(body).encode()
            cut = rng.randint(0, len(raw))
            resp = await run.post(None, raw=raw[:cut] + bytes([rng.randint(0, 255)]))
        else:
            resp = await run.post(body)
        statuses[resp.status] = statuses.get(resp.status, 0) + 1
        assert resp.status < 500, (i, body)
    await run.settle()
    assert sum(statuses.values()) == 1200
    assert statuses.get(400, 0) > 100  # the fuzz really exercised the refusals
    async with run.http.get(f"{run.url}/api/messages") as resp:
        assert resp.status == 405  # still serving
