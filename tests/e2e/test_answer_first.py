"""The HTTP answer never waits long: a 1:1 step is answered once it committed (200) when
that is quick, else at once (202) while it finishes; channel messages are answered at once;
slow card actions say "working on it" and the card is updated later.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from bot.services.bot import CareGuardBot
from bot.services.messages import Incoming
from bot.settings import Mode, Settings
from bot.teams import transport
from tests.e2e.conftest import CARER_CHAT, App
from tests.e2e.harness import EchoBot, activity, running

DEV = Settings(mode=Mode.DEVELOPMENT)


@dataclass
class SlowBot(EchoBot):
    """Takes ``delay`` seconds over every message (a slow scan or a slow database)."""

    delay: float = 1.0
    finished: list[str] = field(default_factory=list)

    async def on_message(self, incoming: Incoming) -> None:
        await asyncio.sleep(self.delay)
        self.finished.append(incoming.text)


async def test_a_quick_personal_step_is_answered_once_it_is_done() -> None:
    bot = SlowBot(delay=0.3)
    async with running(DEV, bot) as run:
        resp = await run.post(activity(run.connector.url, text="hello"))
        assert resp.status == 200
        assert bot.finished == ["hello"]  # committed before the answer: a crash loses nothing


async def test_a_slow_personal_step_is_answered_before_it_finishes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transport, "TURN_BUDGET", 0.2)
    bot = SlowBot(delay=1.0)
    async with running(DEV, bot) as run:
        started = asyncio.get_running_loop().time()
        resp = await run.post(activity(run.connector.url, text="hello"))
        assert resp.status == 202
        assert asyncio.get_running_loop().time() - started < 0.9
        assert bot.finished == []  # answered first ...
        await run.settle()
        assert bot.finished == ["hello"]  # ... and the work followed


async def test_a_channel_message_is_answered_at_once() -> None:
    bot = SlowBot(delay=1.0)
    async with running(DEV, bot) as run:
        body = activity(
            run.connector.url,
            text="hello",
            conversation_type="channel",
            conversation_id="19:rota@thread.tacv2;messageid=1",
        )
        resp = await run.post(body)
        assert resp.status == 202
        assert bot.finished == []
        await run.settle()
        assert bot.finished == ["hello"]


async def test_slow_card_action_says_working_then_updates_the_card() -> None:
    bot = EchoBot(action_delay=2.5)
    async with running(DEV, bot) as run:
        body = activity(
            run.connector.url,
            kind="invoke",
            name="adaptiveCard/action",
            replyToId="msg-card",
            value={"action": {"verb": "breach.acknowledge", "data": {"reference": "BR-1"}}},
        )
        async with run.http.post(f"{run.url}/api/messages", json=body) as resp:
            assert resp.status == 200
            answer = await resp.json()
        assert "Working on it" in answer["value"]
        assert run.connector.updates() == []
        await run.settle()
        updates = run.connector.updates()
        assert [u.path.rsplit("/", 1)[-1] for u in updates] == ["msg-card"]
        assert updates[0].body["text"] == "updated"


async def test_a_failing_turn_apologises_with_an_incident_id(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> object:
        raise RuntimeError("Mrs Example's address leaked into an exception")

    monkeypatch.setattr(CareGuardBot, "_personal", broken)
    status, _ = await app.say("hello")
    assert status == 200  # the apology was committed with the answer
    await app.settle()
    (sorry,) = app.connector.to(CARER_CHAT)
    assert "incident" in sorry.text
    assert "Example" not in sorry.text


async def test_a_turn_that_failed_before_the_bot_is_503_and_handled_when_sent_again() -> None:
    @dataclass
    class FailsOnce(EchoBot):
        failed: bool = False

        async def on_message(self, incoming: Incoming) -> None:
            if not self.failed:
                self.failed = True
                raise RuntimeError("the database went away")
            await super().on_message(incoming)

    bot = FailsOnce()
    async with running(DEV, bot) as run:
        body = activity(run.connector.url, text="hello", activity_id="act-fails-once")
        assert (await run.post(body)).status == 503  # nothing committed: Teams sends it again
        assert (await run.post(body)).status == 200
        assert [m.text for m in bot.messages] == ["hello"]
        assert (await run.post(body)).status == 200  # and once handled, it is not again
        assert len(bot.messages) == 1
