"""The bot's replies over WhatsApp: the real runtime on the in-memory unit of work,
delivered through ``WhatsAppNotifier`` to a fake Cloud API client.

Questions are masked before they go out (they may echo answers), choices are numbered
text, Teams-only messages never go over WhatsApp, and a rejected send is logged without
its text or the number.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.domain.clock import ManualClock
from bot.whatsapp import texts
from bot.whatsapp.bridge import WhatsAppBridge
from bot.whatsapp.cloud import CloudSendError
from bot.whatsapp.notifier import WhatsAppNotifier
from bot.whatsapp.staff import StaffDirectory
from bot.whatsapp.webhook import InboundMessage
from tests.support.bot_harness import Harness
from tests.support.fake_uow import FakeUnitOfWork
from tests.unit.whatsapp.fakes import FakeResult, RegexScanner
from tests.unit.whatsapp.test_bridge import ADA_WA, FLAGGED, NUMBER_ID, ORG

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class MaskingScanner(RegexScanner):
    """The audit fake plus what the bot needs: masking, rewrite, one-call check."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = False

    def mask(self, text: str) -> str:
        if self.broken:
            raise RuntimeError("detector unavailable")
        result = self.scan(text)
        for f in sorted(result.findings, key=lambda f: f.start, reverse=True):
            text = text[: f.start] + f"[{f.entity_type}]" + text[f.end :]
        return text

    def suggest_rewrite(self, text: str) -> str:
        return text

    def check(self, text: str) -> tuple[FakeResult, str | None]:
        return self.scan(text), None


@dataclass
class FakeCloud:
    sent: list[tuple[str, str]] = field(default_factory=list)
    reject: set[str] = field(default_factory=set)
    status: int = 400

    async def send_text(self, to: str, body: str) -> str:
        if any(word in body for word in self.reject):
            raise CloudSendError("rejected", self.status, 131026)
        self.sent.append((to, body))
        return f"wamid.{len(self.sent)}"


@dataclass
class Rig:
    h: Harness
    cloud: FakeCloud
    scanner: MaskingScanner
    bridge: WhatsAppBridge
    ids: int = 0

    async def send(self, text: str) -> list[str]:
        """One inbound message from Ada; returns the bodies sent back over WhatsApp."""
        before = len(self.cloud.sent)
        self.ids += 1
        inbound = InboundMessage(f"wamid.IN{self.ids}", ADA_WA, START, "text", text, NUMBER_ID)
        await self.bridge(inbound)
        await self.h.runtime.outbox.drain()
        return [body for to, body in self.cloud.sent[before:] if to == ADA_WA]


@pytest.fixture
def rig() -> Rig:
    clock = ManualClock(START)
    scanner = MaskingScanner()
    h = Harness(FakeUnitOfWork(clock), ORG, clock, scanner=scanner)
    cloud = FakeCloud()
    h.runtime.deliver_with("whatsapp", WhatsAppNotifier(cloud, ORG, scanner))  # type: ignore[arg-type]
    bridge = WhatsAppBridge(
        directory=StaffDirectory(ORG),
        scanner=scanner,  # type: ignore[arg-type]
        bot=h.bot,
        clock=clock.now,
        phone_number_id=NUMBER_ID,
    )
    return Rig(h, cloud, scanner, bridge)


async def test_a_report_question_comes_back_as_numbered_text(rig: Rig) -> None:
    await rig.send("breach")
    [question] = await rig.send("10 minutes ago")
    assert "1." in question
    assert "2." in question
    assert rig.h.notifier.sent == []  # nothing for Teams yet


async def test_a_question_echoing_a_name_is_masked(rig: Rig) -> None:
    await rig.send("breach")
    await rig.send("10 minutes ago")
    replies = await rig.send(f"{FLAGGED} was on the rota sent to the wrong group")
    assert replies, "a warning and the next question were expected"
    assert "initials only" in replies[0]
    assert all("Margaret" not in body and "Hollis" not in body for body in replies)


async def test_a_question_that_cannot_be_masked_is_not_sent_as_it_is(rig: Rig) -> None:
    rig.scanner.broken = True
    replies = await rig.send("breach")
    assert replies == [texts.NOT_MASKED]


async def test_replies_keep_the_order_of_the_messages(rig: Rig) -> None:
    first = await rig.send("breach")
    second = await rig.send("10 minutes ago")
    assert [body for _, body in rig.cloud.sent] == [*first, *second]
    assert first != second


async def test_a_rejected_send_is_final_and_logged_without_text_or_number(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rig.cloud.reject = {"report a data breach"}  # Meta refuses it (4xx): final
    assert await rig.send("breach") == []
    assert "failed (rejected)" in caplog.text
    assert re.search(r"…101", caplog.text)
    assert ADA_WA not in caplog.text
    assert "report a data breach" not in caplog.text
    rig.cloud.reject = set()
    rig.h.clock.advance(minutes=10)
    await rig.h.runtime.outbox.drain()
    assert rig.cloud.sent == []  # not tried again


async def test_a_failed_send_is_tried_again_later(rig: Rig) -> None:
    rig.cloud.reject, rig.cloud.status = {"report a data breach"}, 503
    assert await rig.send("breach") == []
    rig.cloud.reject = set()
    rig.h.clock.advance(minutes=10)
    await rig.h.runtime.outbox.drain()
    [(to, body)] = rig.cloud.sent
    assert to == ADA_WA
    assert "report a data breach" in body
