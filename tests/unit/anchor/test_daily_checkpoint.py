"""The register's checkpoint goes to each DPO alert channel once a day, from 07:00 UK time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.domain.clock import ManualClock
from bot.domain.organisation import Role
from bot.services.deps import BotConfig, BotDeps
from bot.services.scheduler import TimerWorker
from tests.support.fake_uow import FakeUnitOfWork
from tests.support.organisations import person, two_dpo_organisation

CHANNELS = {"19:adults@thread.tacv2", "19:children@thread.tacv2"}


def worker(clock: ManualClock, hour: int | None = 7) -> tuple[TimerWorker, FakeUnitOfWork]:
    org = two_dpo_organisation(
        person("ada", Role.DPO, 1), person("bea", Role.DPO, 2), person("cy", Role.SIRO, 3)
    )
    uow = FakeUnitOfWork(clock)
    deps = BotDeps(org, uow, None, clock, BotConfig(checkpoint_post_hour=hour))  # type: ignore[arg-type]
    return TimerWorker(deps, handlers={}), uow


def posts(uow: FakeUnitOfWork) -> list[tuple[str, str]]:
    found = []
    for out in uow.state.outbox:
        entry = out.entry
        if (entry.key or "").startswith("register-checkpoint:"):
            found.append((str(entry.target["id"]), str(entry.body["data"]["text"])))
    return found


def test_posted_once_a_day_to_each_alert_channel() -> None:
    # 06:50 BST: too early; 07:00 BST posts; later rounds that day post nothing more.
    clock = ManualClock(datetime(2026, 6, 1, 5, 50, tzinfo=UTC))
    timers, uow = worker(clock)
    asyncio.run(timers.run_once())
    assert posts(uow) == []
    for _ in range(10):
        clock.advance(timedelta(minutes=10))
        asyncio.run(timers.run_once())
    first = posts(uow)
    assert {channel for channel, _ in first} == CHANNELS
    assert len(first) == 2
    assert all("2026-06-01" in text and "careguard register verify" in text for _, text in first)
    assert all('"careguard_checkpoint": 1' in text for _, text in first)
    clock.advance(timedelta(days=1))
    asyncio.run(timers.run_once())
    assert len(posts(uow)) == 4
    assert sum("2026-06-02" in text for _, text in posts(uow)) == 2


def test_not_posted_when_switched_off() -> None:
    clock = ManualClock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    timers, uow = worker(clock, hour=None)
    asyncio.run(timers.run_once())
    assert posts(uow) == []
