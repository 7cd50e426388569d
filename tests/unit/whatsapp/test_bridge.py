"""The WhatsApp bridge with fakes: staff check, warnings, the bot's replies, ordering, failures."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.conversation import Choice, Reply
from bot.domain.organisation import Organisation, Person, Role, ServiceSetup
from bot.domain.values import Service
from bot.services.bot import GREETING
from bot.services.messages import (
    Actor,
    Channel,
    Delivery,
    Incoming,
    Private,
    Question,
    SameConversation,
    Text,
)
from bot.whatsapp.bridge import BotNotReadyError, WhatsAppBridge
from bot.whatsapp.cloud import CloudSendError
from bot.whatsapp.staff import StaffDirectory
from bot.whatsapp.webhook import InboundMessage
from tests.unit.whatsapp.fakes import FakeResult, RegexScanner

ADA = Person(
    "ada", "Ada Testperson", Role.DPO, "11111111-1111-4111-8111-111111111111",
    "ada@example.org", "+447700900101",
)  # fmt: skip
BEN = Person(
    "ben", "Ben Testperson", Role.SIRO, "22222222-2222-4222-8222-222222222222",
    "ben@example.org", None,
)  # fmt: skip
ORG = Organisation(
    "Example Care",
    (ADA, BEN),
    (ServiceSetup(Service.ADULTS, "ada", ("ben",), "19:alerts@thread.tacv2"),),
)
ADA_WA = "447700900101"
STRANGER = "447700900999"
NUMBER_ID = "1234567890"
FLAGGED = "Margaret Hollis needs her meds at 10"
NHS = "NHS number 943 476 5919 for the GP"


class MaskingScanner(RegexScanner):
    """The audit fake plus ``mask`` (identifiers replaced by their type)."""

    def scan(self, text: str) -> FakeResult:
        self.scanned.append(text)
        return super().scan(text)

    def __init__(self) -> None:
        super().__init__()
        self.scanned: list[str] = []

    def mask(self, text: str) -> str:
        result = super().scan(text)
        for f in sorted(result.findings, key=lambda f: f.start, reverse=True):
            text = text[: f.start] + f"[{f.entity_type}]" + text[f.end :]
        return text

    def suggest_rewrite(self, text: str) -> str:
        return text


@dataclass
class FakeBot:
    replies: list[Delivery] = field(default_factory=list)
    seen: list[Incoming] = field(default_factory=list)

    async def on_message(self, incoming: Incoming) -> list[Delivery]:
        self.seen.append(incoming)
        return list(self.replies)


@dataclass
class FakeSender:
    sent: list[tuple[str, str]] = field(default_factory=list)
    fail: set[str] = field(default_factory=set)
    delay: float = 0.0

    async def send_text(self, to: str, body: str) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if any(word in body for word in self.fail):
            raise CloudSendError("rejected", 400, 131026)
        self.sent.append((to, body))
        return f"wamid.{len(self.sent)}"


@dataclass
class Clock:
    now: datetime = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


_ids = iter(range(1, 10_000))


def msg(sender: str = ADA_WA, text: str | None = "hello", kind: str = "text") -> InboundMessage:
    return InboundMessage(f"wamid.IN{next(_ids)}", sender, datetime.now(UTC), kind, text, NUMBER_ID)


Parts = tuple[FakeBot, FakeSender, MaskingScanner, Clock]


@pytest.fixture
def parts() -> Parts:
    return FakeBot(), FakeSender(), MaskingScanner(), Clock()


def bridge_of(parts: Parts) -> WhatsAppBridge:
    bot, sender, scanner, clock = parts
    return WhatsAppBridge(
        directory=StaffDirectory(ORG), scanner=scanner, sender=sender, bot=bot, clock=clock
    )


def say(text: str) -> Delivery:
    return Delivery(SameConversation(), Text(text))


async def handled(bridge: WhatsAppBridge, *messages: InboundMessage) -> None:
    for m in messages:
        await bridge(m)
    await bridge.drain(5)


async def test_staff_text_goes_to_the_bot_as_a_whatsapp_1to1_message(parts: Parts) -> None:
    bot, sender, _, _ = parts
    bot.replies = [Delivery(SameConversation(), Text("Reply one"))]
    bridge = WhatsAppBridge(
        directory=StaffDirectory(ORG),
        scanner=parts[2],
        sender=sender,
        bot=bot,
        phone_number_id=NUMBER_ID,
    )
    inbound = msg(text="breach")
    await handled(bridge, inbound)
    (incoming,) = bot.seen
    assert incoming.channel == "whatsapp"
    assert incoming.conversation_type == "personal"
    assert incoming.conversation_id == ADA_WA
    assert incoming.actor == Actor(ADA.aad_object_id, ADA.upn, ADA.name)
    assert incoming.text == "breach"
    assert incoming.activity_id == f"whatsapp:{inbound.message_id}"
    assert sender.sent == [(ADA_WA, "Reply one")]


async def test_questions_are_numbered_text_and_masked(parts: Parts) -> None:
    bot, sender, _, _ = parts
    reply = Reply(
        f"You said: {FLAGGED}. Which service?",
        choices=(Choice("Adults", "adults"), Choice("Children", "children")),
    )
    bot.replies = [Delivery(SameConversation(), Question(reply))]
    await handled(bridge_of(parts), msg(text="adults"))
    ((_, body),) = sender.sent
    assert "Margaret" not in body
    assert "You said: [PERSON] needs her meds at 10. Which service?" in body
    assert "1. Adults" in body
    assert "2. Children" in body


async def test_a_question_that_cannot_be_masked_is_not_sent_as_it_is(parts: Parts) -> None:
    bot, sender, scanner, _ = parts

    def broken(_text: str) -> str:
        raise RuntimeError("detector unavailable")

    scanner.mask = broken  # type: ignore[method-assign]
    bot.replies = [Delivery(SameConversation(), Question(Reply(f"You said: {FLAGGED}")))]
    await handled(bridge_of(parts), msg(text="adults"))
    ((_, body),) = sender.sent
    assert "Margaret" not in body
    assert "saved your answer" in body


async def test_a_flagged_message_gets_a_warning_that_repeats_nothing(parts: Parts) -> None:
    bot, sender, scanner, _ = parts
    bot.replies = [Delivery(SameConversation(), Text(GREETING))]
    await handled(bridge_of(parts), msg(text=f"{FLAGGED}, {NHS}"))
    assert scanner.scanned == [f"{FLAGGED}, {NHS}"]
    ((to, warning),) = sender.sent  # the greeting after a warning is left out
    assert to == ADA_WA
    assert "a name and an NHS number" in warning
    assert "initials only" in warning
    for part in ("Margaret", "Hollis", "943", "5919", "meds"):
        assert part not in warning


async def test_a_flagged_answer_in_a_report_is_still_passed_on(parts: Parts) -> None:
    bot, sender, _, _ = parts
    bot.replies = [Delivery(SameConversation(), Text("Got it. What has been done?"))]
    await handled(bridge_of(parts), msg(text=FLAGGED))
    assert [i.text for i in bot.seen] == [FLAGGED]
    assert [body for _, body in sender.sent][1] == "Got it. What has been done?"
    assert "initials only" in sender.sent[0][1]


async def test_a_clean_message_gets_no_warning(parts: Parts) -> None:
    bot, sender, _, _ = parts
    bot.replies = [Delivery(SameConversation(), Text(GREETING))]
    await handled(bridge_of(parts), msg(text="MH needs meds at 10"))
    assert sender.sent == [(ADA_WA, GREETING)]


async def test_unknown_numbers_are_refused_once_a_day_and_never_reach_the_bot(parts: Parts) -> None:
    bot, sender, scanner, clock = parts
    bridge = bridge_of(parts)
    await handled(bridge, msg(STRANGER, FLAGGED), msg(STRANGER, "breach"))
    assert bot.seen == []
    assert scanner.scanned == []
    ((to, refusal),) = sender.sent
    assert to == STRANGER
    assert "not registered" in refusal
    assert "Margaret" not in refusal
    clock.now += timedelta(hours=25)
    await handled(bridge, msg(STRANGER, "hello"))
    assert len(sender.sent) == 2


async def test_phone_numbers_match_in_any_written_form(parts: Parts) -> None:
    bot, _, _, _ = parts
    await handled(bridge_of(parts), msg("+44 7700 900101"), msg("0044 7700 900101"))
    assert [i.actor.upn for i in bot.seen] == [ADA.upn, ADA.upn]


async def test_non_text_messages_get_a_note_and_are_not_opened(parts: Parts) -> None:
    bot, sender, scanner, _ = parts
    await handled(bridge_of(parts), msg(text=None, kind="image"), msg(text="   "))
    assert bot.seen == []
    assert scanner.scanned == []
    assert [b for _, b in sender.sent] == [sender.sent[0][1]] * 2
    assert "only read text" in sender.sent[0][1]


async def test_messages_to_another_business_number_are_ignored(parts: Parts) -> None:
    bot, sender, scanner, clock = parts
    bridge = WhatsAppBridge(
        directory=StaffDirectory(ORG),
        scanner=scanner,
        sender=sender,
        bot=bot,
        clock=clock,
        phone_number_id="999",
    )
    await handled(bridge, msg(text="breach"), msg(STRANGER, "hello"))
    assert bot.seen == []
    assert sender.sent == []


async def test_reactions_get_no_answer(parts: Parts) -> None:
    bot, sender, _, _ = parts
    await handled(bridge_of(parts), msg(text=None, kind="reaction"))
    assert bot.seen == []
    assert sender.sent == []


async def test_deliveries_for_other_places_are_not_sent_over_whatsapp(parts: Parts) -> None:
    bot, sender, _, _ = parts
    bot.replies = [
        Delivery(Channel("19:alerts@thread.tacv2"), Text("for the channel")),
        Delivery(Private(BEN), Text("for Ben")),
        Delivery(Private(ADA), Text("for Ada, as a person")),
        Delivery(Private(Actor(ADA.aad_object_id.upper(), None, "")), Text("for Ada, as actor")),
    ]
    await handled(bridge_of(parts), msg(text="/breach status"))
    assert [b for _, b in sender.sent] == ["for Ada, as a person", "for Ada, as actor"]


async def test_replies_stay_in_order_across_messages(parts: Parts) -> None:
    bot, sender, _, _ = parts
    sender.delay = 0.01
    bridge = bridge_of(parts)
    for n in range(3):
        bot.replies = [say(f"r{n}a"), say(f"r{n}b")]
        await bridge(msg(text=f"m{n}"))
    await bridge.drain(5)
    assert [b for _, b in sender.sent] == ["r0a", "r0b", "r1a", "r1b", "r2a", "r2b"]
    assert bridge.pending == 0


async def test_turns_of_one_person_run_one_at_a_time_in_arrival_order(parts: Parts) -> None:
    bot, _, _, _ = parts
    bridge = bridge_of(parts)
    active: list[str] = []
    overlaps: list[tuple[str, ...]] = []
    original = bot.on_message

    async def slow_turn(incoming: Incoming) -> list[Delivery]:
        active.append(incoming.text)
        overlaps.append(tuple(active))
        # The first answer takes longest: without ordering it would be overtaken.
        await asyncio.sleep(0.05 if incoming.text == "first" else 0.001)
        active.remove(incoming.text)
        return await original(incoming)

    bot.on_message = slow_turn  # type: ignore[method-assign]
    await asyncio.gather(*(bridge(msg(text=t)) for t in ("first", "second", "third")))
    await bridge.drain(5)
    assert [i.text for i in bot.seen] == ["first", "second", "third"]
    assert all(len(o) == 1 for o in overlaps)


async def test_a_failed_send_is_logged_without_text_or_number(
    parts: Parts, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot, sender, _, _ = parts
    sender.fail = {"Secret"}
    bot.replies = [say("Secret reply"), say("then")]
    await handled(bridge_of(parts), msg(text="hello"))
    assert sender.sent == []  # the rest of the batch is not sent out of context
    assert "not sent (rejected)" in caplog.text
    assert re.search(r"…101", caplog.text)
    assert ADA_WA not in caplog.text
    assert "Secret" not in caplog.text


async def test_before_the_bot_is_attached_the_message_fails_for_a_retry(parts: Parts) -> None:
    bot, sender, scanner, clock = parts
    bridge = WhatsAppBridge(
        directory=StaffDirectory(ORG), scanner=scanner, sender=sender, clock=clock
    )
    with pytest.raises(BotNotReadyError):
        await bridge(msg(text="breach"))
    bridge.attach(lambda: bot)
    await handled(bridge, msg(text="breach"))
    assert len(bot.seen) == 1


async def test_drain_cancels_sends_that_take_too_long(parts: Parts) -> None:
    bot, sender, _, _ = parts
    sender.delay = 5
    bot.replies = [Delivery(SameConversation(), Text("slow"))]
    bridge = bridge_of(parts)
    await bridge(msg())
    await bridge.drain(0.05)
    await asyncio.sleep(0)
    assert sender.sent == []
    assert bridge.pending == 0
