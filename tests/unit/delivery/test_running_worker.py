"""The running outbox worker empties a lane without waiting a poll interval per message."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.clock import ManualClock
from bot.domain.organisation import Person
from bot.services.delivery import DeliverySettings, OutboxWorker
from bot.services.messages import Actor, Outgoing, PostedRef
from bot.settings import load_organisation
from tests.support.bot_harness import CARER, START, FakeNotifier, Harness
from tests.support.fake_uow import FakeUnitOfWork

ROOT = Path(__file__).resolve().parents[3]


async def delivered(h: Harness, count: int, seconds: float = 5.0) -> None:
    """Wait until ``count`` messages were sent (far less than the 30 s poll interval)."""
    for _ in range(int(seconds / 0.01)):
        if len(h.notifier.sent) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{len(h.notifier.sent)} of {count} sent in {seconds} s")


async def test_a_queued_lane_is_delivered_at_once_not_one_message_per_poll() -> None:
    clock = ManualClock(START)
    h = Harness(
        FakeUnitOfWork(clock), load_organisation(ROOT / "examples" / "citycare.toml"), clock
    )
    # Five replies wait in the carer's lane (the worker was down, say): one lane, in order.
    for text in ("/breach", "10 minutes ago", "adults", "in the office", "1, 6"):
        await h.bot.on_message(h.incoming(CARER, text))
    worker = OutboxWorker(h.runtime.deps, {"msteams": h.notifier}, DeliverySettings(poll=30.0))
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await delivered(h, 5)
    finally:
        stop.set()
        worker.kick()
        await asyncio.wait_for(task, 5.0)
    assert [s.to for s in h.notifier.sent] == [f"dm-{CARER.aad_object_id}"] * 5
    questions = [int(t.split("Question ")[1][0]) for t in (s.text for s in h.notifier.sent)]
    assert questions == sorted(questions)  # in the order they were written


async def test_a_kick_during_an_empty_round_is_not_lost() -> None:
    clock = ManualClock(START)
    h = Harness(
        FakeUnitOfWork(clock), load_organisation(ROOT / "examples" / "citycare.toml"), clock
    )
    worker = OutboxWorker(h.runtime.deps, {"msteams": h.notifier}, DeliverySettings(poll=30.0))
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.sleep(0.05)  # idle, waiting for a kick
        await h.bot.on_message(h.incoming(CARER, "/breach"))
        worker.kick()
        await delivered(h, 1)
    finally:
        stop.set()
        worker.kick()
        await asyncio.wait_for(task, 5.0)


@dataclass
class HeldNotifier(FakeNotifier):
    """The first send waits until released, as a slow Bot Connector call would."""

    started: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        if not self.started.is_set():
            self.started.set()
            await self.release.wait()
        return await super().to_person(person, message)

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef | None:
        if not self.started.is_set():
            self.started.set()
            await self.release.wait()
        return await super().to_conversation(conversation_id, message)


async def test_a_drain_while_the_worker_is_mid_send_still_delivers_the_lane() -> None:
    """The console drains after each line while the background worker also runs.

    A drain that came while the worker had a lane's first message in flight used to find
    the lane blocked, report nothing due and return; the lane's next message was then left
    behind when the console ended.
    """
    clock = ManualClock(START)
    h = Harness(
        FakeUnitOfWork(clock), load_organisation(ROOT / "examples" / "citycare.toml"), clock
    )
    notifier = HeldNotifier()
    worker = OutboxWorker(h.runtime.deps, {"msteams": notifier}, DeliverySettings(poll=30.0))
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await h.bot.on_message(h.incoming(CARER, "/breach"))
        worker.kick()
        await asyncio.wait_for(notifier.started.wait(), 5.0)  # the first reply is in flight
        await h.bot.on_message(h.incoming(CARER, "10 minutes ago"))  # the lane's next one
        drain = asyncio.create_task(worker.drain())
        await asyncio.sleep(0)  # let the drain start while the first send is held
        notifier.release.set()
        await asyncio.wait_for(drain, 5.0)
        # Once the drain returns, both replies are out: none is waiting for a later round.
        assert [s.to for s in notifier.sent] == [f"dm-{CARER.aad_object_id}"] * 2
    finally:
        stop.set()
        worker.kick()
        await asyncio.wait_for(task, 5.0)
