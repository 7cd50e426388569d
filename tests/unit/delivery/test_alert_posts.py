"""New alert cards go out one at a time, from post to record: a crash repeats at most one.

The Bot Connector has no idempotency key for a new post, so a card posted just before a
crash (its outbox row not yet marked done) is posted again after the restart. With alert
cards delivered one after another, each crash can repeat at most one DPO alert.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

from bot.domain.clock import ManualClock
from bot.services.messages import Outgoing, PostedRef
from bot.settings import load_organisation
from tests.support.bot_harness import (
    CARER,
    DESCRIPTION,
    OTHER_CARER,
    REPORT_ANSWERS,
    START,
    FakeNotifier,
    Harness,
)
from tests.support.fake_uow import FakeUnitOfWork

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class SlowChannel(FakeNotifier):
    """Channel posts take a moment; records how many were in flight at once."""

    in_flight: int = 0
    most: int = 0
    replies_in_flight: int = 0
    most_replies: int = 0

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            await asyncio.sleep(0.02)
            return await super().to_channel(channel_id, message)
        finally:
            self.in_flight -= 1

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef | None:
        self.replies_in_flight += 1
        self.most_replies = max(self.most_replies, self.replies_in_flight)
        try:
            await asyncio.sleep(0.02)
            return await super().to_conversation(conversation_id, message)
        finally:
            self.replies_in_flight -= 1


async def test_alert_cards_are_posted_one_at_a_time_other_messages_are_not() -> None:
    clock = ManualClock(START)
    uow = FakeUnitOfWork(clock)
    h = Harness(uow, load_organisation(ROOT / "examples" / "citycare.toml"), clock)
    notifier = SlowChannel()
    for channel in ("msteams", "console", "whatsapp"):
        h.runtime.deliver_with(channel, notifier)
    carers = [CARER, OTHER_CARER]
    # Both reports are filed before anything is delivered: one batch holds both cards.
    for text in (*REPORT_ANSWERS, DESCRIPTION, "2", "yes"):
        for carer in carers:
            await h.bot.on_message(h.incoming(carer, text))
    assert await h.runtime.outbox.run_once() >= 2
    await h.runtime.outbox.drain()
    cards = [s for s in notifier.sent if s.how == "channel"]
    references = {m for s in cards for m in re.findall(r"BR-\d{4}-\d{4}", s.text)}
    assert len(references) == 2  # both alerts delivered ...
    assert notifier.most == 1  # ... one after the other
    assert notifier.most_replies == 2  # replies to the two carers went out together
