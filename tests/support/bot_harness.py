"""Driving the real bot (steps, outbox, timers) without a front-end.

``Harness`` builds the runtime on any unit of work (the in-memory fake for unit tests,
the SQL one for integration tests), delivers through ``FakeNotifier`` for every
front-end, and after each message or click runs the outbox until it is empty, so tests
read what a person would have received.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.domain.clock import ManualClock
from bot.domain.organisation import Organisation, Person
from bot.services.delivery import DeliverySettings
from bot.services.deps import BotConfig
from bot.services.hygiene_hash import MessageHasher
from bot.services.messages import (
    ActionOutcome,
    Actor,
    CardAction,
    Incoming,
    Outgoing,
    PostedRef,
    plain_text,
)
from bot.services.ports import DeliveryRefusedError
from bot.services.runtime import Runtime, build_runtime
from bot.services.uow import UnitOfWork

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, GMT
CLIENT_NAMES = ("Edna Pumphrey", "Mrs Pumphrey")  # invented
DESCRIPTION = "Rota naming Edna Pumphrey sent to the wrong WhatsApp group"
CARER = Actor("aad-sam-0001", "sam.carer@citycare.example", "Sam Carer")
OTHER_CARER = Actor("aad-kit-0002", "kit.worker@citycare.example", "Kit Worker")
REPORT_ANSWERS = ("/breach", "10 minutes ago", "adults", "in the office", "1, 6")


@dataclass
class FakeFinding:
    entity_type: str
    start: int
    end: int


@dataclass
class FakeScanResult:
    flagged: bool
    findings: tuple[FakeFinding, ...] = ()


class FakeScanner:
    """Masks the invented client names; enough to check channel cards never show them."""

    def scan(self, text: str) -> FakeScanResult:
        found = tuple(
            FakeFinding("PERSON", text.index(n), text.index(n) + len(n))
            for n in CLIENT_NAMES
            if n in text
        )
        return FakeScanResult(bool(found), found)

    def mask(self, text: str) -> str:
        for name in CLIENT_NAMES:
            text = text.replace(name, "[PERSON]")
        return text

    def suggest_rewrite(self, text: str) -> str:
        for name in CLIENT_NAMES:
            text = text.replace(name, "".join(w[0] + "." for w in name.split()))
        return text

    def check(self, text: str) -> tuple[FakeScanResult, str | None]:
        result = self.scan(text)
        return result, self.suggest_rewrite(text) if result.flagged else None


@dataclass
class Sent:
    how: str  # "person" | "channel" | "conversation" | "update"
    to: str
    message: Outgoing
    channel: str = "msteams"

    @property
    def text(self) -> str:
        return plain_text(self.message)


@dataclass
class FakeNotifier:
    """Records every delivery; channel posts get message ids msg-1, msg-2, ...

    ``fail_next`` fails that many sends as an outage would; ``refuse`` maps a person's
    Entra id to a refusal code (their chat can never be reached).
    """

    channel: str = "msteams"
    sent: list[Sent] = field(default_factory=list)
    fail_next: int = 0
    down: bool = False
    refuse: dict[str, str] = field(default_factory=dict)
    tries: int = 0

    def _maybe_fail(self) -> None:
        self.tries += 1
        if self.down:
            raise ConnectionError("fake outage")
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("fake outage")

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        self._maybe_fail()
        if person.aad_object_id in self.refuse:
            raise DeliveryRefusedError(self.refuse[person.aad_object_id])
        who = person.upn or person.aad_object_id
        self.sent.append(Sent("person", who or "", message, self.channel))
        return PostedRef(f"dm-{person.aad_object_id}", f"msg-{len(self.sent)}")

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        self._maybe_fail()
        self.sent.append(Sent("channel", channel_id, message, self.channel))
        return PostedRef(channel_id, f"msg-{len(self.sent)}")

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef | None:
        self._maybe_fail()
        self.sent.append(Sent("conversation", conversation_id, message, self.channel))
        return None

    async def update(self, ref: PostedRef, message: Outgoing) -> None:
        self._maybe_fail()
        self.sent.append(
            Sent("update", f"{ref.channel_id}/{ref.message_id}", message, self.channel)
        )

    def to(self, who: str, how: str = "person") -> list[Sent]:
        return [s for s in self.sent if s.to == who and s.how == how]

    def clear(self) -> None:
        self.sent.clear()


def texts(sent: list[Sent]) -> list[str]:
    """The texts of what was sent."""
    return [s.text for s in sent]


class Harness:
    """One bot over one unit of work, with a manual clock (see the module docstring)."""

    def __init__(
        self,
        uow: UnitOfWork,
        org: Organisation,
        clock: ManualClock,
        *,
        hasher: MessageHasher | None = None,
        scanner: Any = None,
    ) -> None:
        self.org = org
        self.clock = clock
        self.uow = uow
        self.notifier = FakeNotifier()
        self.runtime: Runtime = build_runtime(
            organisation=org,
            uow=uow,
            scanner=scanner or FakeScanner(),
            clock=clock,
            hasher=hasher,
            delivery=DeliverySettings(),
            # The register's daily checkpoint post is tested on its own (tests/unit/anchor).
            config=BotConfig(checkpoint_post_hour=None),
        )
        for channel in ("msteams", "console", "whatsapp"):
            self.runtime.deliver_with(channel, self.notifier)
        self.bot = self.runtime.bot

    def person(self, key: str) -> Person:
        return self.org.person(key)

    def actor(self, key: str) -> Actor:
        p = self.org.person(key)
        return Actor(p.aad_object_id, p.upn, p.name)

    def incoming(self, actor: Actor, text: str, *, where: str = "personal", **kw: Any) -> Incoming:
        conversation = "chan-1" if where != "personal" else f"dm-{actor.aad_object_id}"
        return Incoming(
            channel=kw.pop("channel", "msteams"),
            conversation_id=conversation,
            conversation_type=where,  # type: ignore[arg-type]
            actor=actor,
            text=text,
            activity_id=kw.pop("activity_id", None) or uuid.uuid4().hex,
            team_id="team-adults" if where == "channel" else None,
            channel_id="chan-1" if where == "channel" else None,
            **kw,
        )

    async def say(
        self, actor: Actor, text: str, *, where: str = "personal", **kw: Any
    ) -> list[Sent]:
        """Send a message; returns what was delivered because of it (replies and alerts)."""
        before = len(self.notifier.sent)
        await self.bot.on_message(self.incoming(actor, text, where=where, **kw))
        await self.runtime.outbox.drain()
        return self.notifier.sent[before:]

    async def replies(self, actor: Actor, text: str, **kw: Any) -> list[str]:
        """The texts delivered back to ``actor`` (in their chat, or privately) for a message."""
        sent = await self.say(actor, text, **kw)
        mine = {f"dm-{actor.aad_object_id}", "chan-1", actor.upn or actor.aad_object_id}
        return [s.text for s in sent if s.to in mine]

    async def click(self, actor: Actor, verb: str, reference: str, **kw: Any) -> ActionOutcome:
        action = CardAction(
            actor=actor,
            verb=verb,
            data=kw.pop("data", {"reference": reference}),
            conversation_id="alert-channel",
            activity_id="msg-1",
            invoke_id=kw.get("invoke_id"),
        )
        outcome = await self.bot.on_card_action(action)
        await self.runtime.outbox.drain()
        return outcome

    async def run_due(self) -> int:
        """Fire every due timer and deliver what they cause; returns how many fired."""
        fired = 0
        while True:
            n = await self.runtime.timers.run_once()
            await self.runtime.outbox.drain()
            if not n:
                return fired
            fired += n

    async def report(self, actor: Actor, description: str = DESCRIPTION) -> str:
        """Go through the whole /breach conversation; returns the reference."""
        final: list[str] = []
        for text in (*REPORT_ANSWERS, description, "2", "yes"):
            final = await self.replies(actor, text)
        match = re.search(r"BR-\d{4}-\d{4}", " ".join(final))
        assert match, final
        return match.group()

    async def pending_timers(self, prefix: str = "") -> list[str]:
        """Keys of the pending timers (those starting with ``prefix``)."""
        work = await self.uow.read(lambda tx: tx.timers.pending(prefix))
        return [w.key for w in work]
