"""The WhatsApp bridge with a recording bot: staff check, warnings, refusals, turn order.

Delivery of the bot's replies over WhatsApp (masking, order, failures) is in
``test_delivery.py``; here the bot only records what it was given and asked to say.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.organisation import Organisation, Person, Role, ServiceSetup
from bot.domain.values import Service
from bot.services.messages import Actor, Incoming
from bot.whatsapp.bridge import BotNotReadyError, WhatsAppBridge
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


@dataclass
class RecordingBot:
    """``BotLike``: records turns and the lines the bridge asks it to say."""

    seen: list[Incoming] = field(default_factory=list)
    said: list[tuple[str, str, str]] = field(default_factory=list)
    turn: Callable[[Incoming], Awaitable[None]] | None = None

    async def on_message(self, incoming: Incoming) -> None:
        if self.turn is not None:
            await self.turn(incoming)
        self.seen.append(incoming)
        self.said.append(("turn", incoming.conversation_id, incoming.text))

    async def say(self, channel: str, conversation_id: str, lines: Sequence[str]) -> None:
        assert channel == "whatsapp"
        self.said.extend(("say", conversation_id, line) for line in lines)


@dataclass
class Clock:
    now: datetime = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


_ids = iter(range(1, 10_000))


def msg(sender: str = ADA_WA, text: str | None = "hello", kind: str = "text") -> InboundMessage:
    return InboundMessage(f"wamid.IN{next(_ids)}", sender, datetime.now(UTC), kind, text, NUMBER_ID)


class CountingScanner(RegexScanner):
    def __init__(self) -> None:
        super().__init__()
        self.scanned: list[str] = []

    def scan(self, text: str) -> FakeResult:
        self.scanned.append(text)
        return super().scan(text)


Parts = tuple[RecordingBot, CountingScanner, Clock]


@pytest.fixture
def parts() -> Parts:
    return RecordingBot(), CountingScanner(), Clock()


def bridge_of(parts: Parts, number_id: str | None = NUMBER_ID) -> WhatsAppBridge:
    bot, scanner, clock = parts
    return WhatsAppBridge(
        directory=StaffDirectory(ORG),
        scanner=scanner,  # type: ignore[arg-type]
        bot=bot,
        clock=clock,
        phone_number_id=number_id,
    )


def lines(bot: RecordingBot) -> list[str]:
    return [text for kind, _, text in bot.said if kind == "say"]


async def test_staff_text_goes_to_the_bot_as_a_whatsapp_1to1_message(parts: Parts) -> None:
    bot, _, _ = parts
    inbound = msg(text="breach")
    await bridge_of(parts)(inbound)
    (incoming,) = bot.seen
    assert incoming.channel == "whatsapp"
    assert incoming.conversation_type == "personal"
    assert incoming.conversation_id == ADA_WA
    assert incoming.actor == Actor(ADA.aad_object_id, ADA.upn, ADA.name)
    assert incoming.text == "breach"
    assert incoming.activity_id == f"whatsapp:{inbound.message_id}"
    assert lines(bot) == []


async def test_a_flagged_message_is_scanned_once_and_warned_before_the_turn(parts: Parts) -> None:
    bot, scanner, _ = parts
    await bridge_of(parts)(msg(text=f"{FLAGGED}, {NHS}"))
    assert scanner.scanned == [f"{FLAGGED}, {NHS}"]
    (warning_said, turn) = bot.said
    assert warning_said[:2] == ("say", ADA_WA)
    assert turn == ("turn", ADA_WA, f"{FLAGGED}, {NHS}")  # a report answer is still passed on
    warning = warning_said[2]
    assert "a name and an NHS number" in warning
    assert "initials only" in warning
    for part in ("Margaret", "Hollis", "943", "5919", "meds"):
        assert part not in warning


async def test_a_clean_message_gets_no_warning(parts: Parts) -> None:
    bot, _, _ = parts
    await bridge_of(parts)(msg(text="MH needs meds at 10"))
    assert lines(bot) == []
    assert [i.text for i in bot.seen] == ["MH needs meds at 10"]


async def test_unknown_numbers_are_refused_once_a_day_and_never_reach_the_bot(parts: Parts) -> None:
    bot, scanner, clock = parts
    bridge = bridge_of(parts)
    for m in (msg(STRANGER, FLAGGED), msg(STRANGER, "breach")):
        await bridge(m)
    assert bot.seen == []
    assert scanner.scanned == []
    (refusal,) = lines(bot)
    assert bot.said[0][1] == STRANGER
    assert "not registered" in refusal
    assert "Margaret" not in refusal
    clock.now += timedelta(hours=25)
    await bridge(msg(STRANGER, "hello"))
    assert len(lines(bot)) == 2


async def test_phone_numbers_match_in_any_written_form(parts: Parts) -> None:
    bot, _, _ = parts
    bridge = bridge_of(parts)
    await bridge(msg("+44 7700 900101"))
    await bridge(msg("0044 7700 900101"))
    assert [i.actor.upn for i in bot.seen] == [ADA.upn, ADA.upn]


async def test_non_text_messages_get_a_note_and_are_not_opened(parts: Parts) -> None:
    bot, scanner, _ = parts
    bridge = bridge_of(parts)
    await bridge(msg(text=None, kind="image"))
    await bridge(msg(text="   "))
    assert bot.seen == []
    assert scanner.scanned == []
    notes = lines(bot)
    assert len(notes) == 2
    assert notes[0] == notes[1]
    assert "only read text" in notes[0]


async def test_messages_to_another_business_number_are_ignored(parts: Parts) -> None:
    bot, _, _ = parts
    bridge = bridge_of(parts, number_id="999")
    await bridge(msg(text="breach"))
    await bridge(msg(STRANGER, "hello"))
    assert bot.said == []


async def test_reactions_get_no_answer(parts: Parts) -> None:
    bot, _, _ = parts
    await bridge_of(parts)(msg(text=None, kind="reaction"))
    assert bot.said == []


async def test_turns_of_one_person_run_one_at_a_time_in_arrival_order(parts: Parts) -> None:
    bot, _, _ = parts
    active: list[str] = []
    overlaps: list[tuple[str, ...]] = []

    async def slow_turn(incoming: Incoming) -> None:
        active.append(incoming.text)
        overlaps.append(tuple(active))
        # The first answer takes longest: without ordering it would be overtaken.
        await asyncio.sleep(0.05 if incoming.text == "first" else 0.001)
        active.remove(incoming.text)

    bot.turn = slow_turn
    bridge = bridge_of(parts)
    await asyncio.gather(*(bridge(msg(text=t)) for t in ("first", "second", "third")))
    assert [i.text for i in bot.seen] == ["first", "second", "third"]
    assert all(len(o) == 1 for o in overlaps)


async def test_before_the_bot_is_attached_the_message_fails_for_a_retry(parts: Parts) -> None:
    bot, scanner, clock = parts
    bridge = WhatsAppBridge(directory=StaffDirectory(ORG), scanner=scanner, clock=clock)  # type: ignore[arg-type]
    with pytest.raises(BotNotReadyError):
        await bridge(msg(text="breach"))
    bridge.attach(lambda: bot)
    await bridge(msg(text="breach"))
    assert len(bot.seen) == 1
