"""The running outbox worker empties a lane without waiting a poll interval per message."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.domain.clock import ManualClock
from bot.services.delivery import DeliverySettings, OutboxWorker
from bot.settings import load_organisation
from tests.support.bot_harness import CARER, START, Harness
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
