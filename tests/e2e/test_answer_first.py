"""The HTTP answer never waits for slow work: turns finish after it, cards update later."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.services.messages import Delivery, Incoming, SameConversation, Text
from bot.settings import Mode, Settings
from tests.e2e.harness import EchoBot, activity, running

DEV = Settings(mode=Mode.DEVELOPMENT)


@dataclass
class SlowBot(EchoBot):
    """Takes its time over every message (a slow scan or a slow database)."""

    finished: list[str] = field(default_factory=list)

    async def on_message(self, incoming: Incoming) -> list[Delivery]:
        await asyncio.sleep(1.0)
        self.finished.append(incoming.text)
        return [Delivery(SameConversation(), Text("done"))]


async def test_message_is_answered_before_the_slow_turn_finishes() -> None:
    bot = SlowBot()
    async with running(DEV, bot) as run:
        resp = await run.post(activity(run.connector.url, text="hello"))
        assert resp.status == 202
        assert bot.finished == []  # answered first ...
        await run.settle()
        assert bot.finished == ["hello"]  # ... the work and the reply followed
        assert [c.text for c in run.connector.sends()] == ["done"]


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


async def test_a_failing_turn_apologises_with_an_incident_id() -> None:
    class Broken(EchoBot):
        async def on_message(self, incoming: Incoming) -> list[Delivery]:
            raise RuntimeError("Mrs Example's address leaked into an exception")

    async with running(DEV, Broken()) as run:
        assert (await run.post(activity(run.connector.url))).status == 202
        await run.settle()
        (sorry,) = run.connector.sends()
        assert "incident" in sorry.text
        assert "Example" not in sorry.text
