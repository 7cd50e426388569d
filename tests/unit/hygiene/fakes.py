"""Fakes for the hygiene tests: a scanner with invented names, people, messages, and
``Hygiene``: the bot with name warnings on, over any unit of work."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.domain.breach import Breach
from bot.domain.clock import ManualClock
from bot.domain.organisation import Organisation, Role
from bot.domain.records import HygieneEvent
from bot.services.hygiene import HygieneConfig, HygieneService
from bot.services.hygiene_report import HygieneReport
from bot.services.messages import (
    ActionOutcome,
    Actor,
    CardAction,
    ConversationType,
    HygieneSummary,
    Incoming,
    PrivateWarning,
)
from bot.services.uow import UnitOfWork
from tests.support.bot_harness import Harness, Sent
from tests.support.fake_uow import FakeUnitOfWork, State
from tests.support.organisations import person, two_dpo_organisation

CLIENT = "Zelda Quincefield"
NHS = "943 476 5919"
SECRET_MESSAGE = f"Gave {CLIENT} her evening meds on the bus, NHS {NHS}"
"""A flagged message; none of its distinctive parts may ever be stored."""
SECRET_FRAGMENTS = ("Zelda", "Quincefield", NHS, "9434765919", "evening meds", "on the bus")
CLEAN_MESSAGE = "Gave Z.Q. her evening meds, all fine"

ROTA = "19:rota0000000000000000000000000001@thread.tacv2"
OFFICE = "19:office000000000000000000000000002@thread.tacv2"
GROUP = "19:groupchat-0003@unq.gbl.spaces"
TEAM = "19:team-adults@thread.tacv2"


@dataclass(frozen=True)
class FakeFinding:
    entity_type: str
    start: int
    end: int


@dataclass(frozen=True)
class FakeResult:
    flagged: bool
    findings: tuple[FakeFinding, ...]


_PATTERNS = (
    ("PERSON", re.compile(r"\b(?:Zelda Quincefield|Edwin Marrowby|Ottilie Fenwright)\b")),
    ("UK_NHS", re.compile(r"\b\d{3} \d{3} \d{4}\b")),
    ("PHONE_NUMBER", re.compile(r"\b07\d{9}\b")),
)


@dataclass
class FakeScanner:
    """Finds three invented client names, NHS-shaped numbers and mobile numbers."""

    calls: int = 0
    threads: list[str] = field(default_factory=list)
    fail: bool = False

    def scan(self, text: str) -> FakeResult:
        self.calls += 1
        self.threads.append(threading.current_thread().name)
        if self.fail:
            raise RuntimeError(f"detector broke on {text!r}")
        found = [
            FakeFinding(kind, m.start(), m.end())
            for kind, pattern in _PATTERNS
            for m in pattern.finditer(text)
        ]
        found.sort(key=lambda f: f.start)
        return FakeResult(bool(found), tuple(found))

    def check(self, text: str) -> tuple[FakeResult, str | None]:
        """Findings and the rewrite from one scan (how the bot calls the detector)."""
        result = self.scan(text)
        return result, self._rewrite(text, result) if result.flagged else None

    def mask(self, text: str) -> str:
        for f in reversed(self.scan(text).findings):
            text = f"{text[: f.start]}[{f.entity_type}]{text[f.end :]}"
        return text

    def suggest_rewrite(self, text: str) -> str:
        return self._rewrite(text, self.scan(text))

    @staticmethod
    def _rewrite(text: str, result: FakeResult) -> str:
        for f in reversed(result.findings):
            span = text[f.start : f.end]
            if f.entity_type == "PERSON":
                new = "".join(f"{w[0]}." for w in span.split())
            else:
                new = f"[{f.entity_type.lower()} removed]"
            text = f"{text[: f.start]}{new}{text[f.end :]}"
        return text


def organisation() -> Organisation:
    return two_dpo_organisation(
        person("ada", Role.DPO, 1),
        person("bea", Role.DPO, 2),
        person("cy", Role.SIRO, 3),
        person("dot", Role.DIRECTOR, 4),
    )


CARER = Actor("00000000-0000-4000-8000-000000000099", "sam@example.org", "Sam Carer")
OTHER_CARER = Actor("00000000-0000-4000-8000-000000000098", "kit@example.org", "Kit Carer")
DPO = Actor("00000000-0000-4000-8000-000000000001", "ada@example.org", "Ada")
CHILDREN_DPO = Actor("00000000-0000-4000-8000-000000000002", "bea@example.org", "Bea")


def message(
    text: str = SECRET_MESSAGE,
    *,
    actor: Actor = CARER,
    channel: str = ROTA,
    kind: ConversationType = "channel",
    message_id: str = "1700000000001",
    edited: bool = False,
) -> Incoming:
    """A channel (or group chat) message as the front-end hands it over."""
    is_channel = kind == "channel"
    return Incoming(
        channel="msteams",
        conversation_id=f"{channel};messageid={message_id}" if is_channel else channel,
        conversation_type=kind,
        actor=actor,
        text=text,
        activity_id=message_id,
        team_id=TEAM if is_channel else None,
        channel_id=channel if is_channel else None,
        edited=edited,
    )


START = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
"""A Tuesday (ISO week 2026-W47)."""
PLACES = {ROTA: "Adults – Rota", OFFICE: "Adults – Office"}


@dataclass
class Hygiene:
    """The bot with name warnings on, and ways to look inside it."""

    h: Harness
    uow: UnitOfWork
    scanner: FakeScanner
    clock: ManualClock

    @property
    def service(self) -> HygieneService:
        assert self.h.runtime.hygiene is not None
        return self.h.runtime.hygiene

    def rebuild(self, **config: object) -> None:
        """Other knobs for the same service (the bot's listeners share it)."""
        self.service.config = HygieneConfig(place_names=PLACES, **config)  # type: ignore[arg-type]

    async def post(self, incoming: Incoming) -> list[Sent]:
        """A message as the front-end hands it over; returns what was delivered for it."""
        before = len(self.h.notifier.sent)
        await self.h.bot.on_message(incoming)
        await self.h.runtime.outbox.drain()
        return self.h.notifier.sent[before:]

    async def warn(self, incoming: Incoming) -> PrivateWarning:
        """Post a message that must be warned about; returns the one warning."""
        [sent] = [s for s in await self.post(incoming) if s.how == "person"]
        assert isinstance(sent.message, PrivateWarning)
        return sent.message

    async def click(self, action: CardAction) -> ActionOutcome:
        outcome = await self.h.bot.on_card_action(action)
        await self.h.runtime.outbox.drain()
        return outcome

    async def to_breach(self, actor: Actor, warning_id: str) -> str:
        """``HygieneService.to_breach`` as one step; returns the reference."""
        reference = await self.uow.run(lambda tx: self.service.to_breach(tx, actor, warning_id))
        await self.h.runtime.outbox.drain()
        return reference

    async def summary(self, actor: Actor) -> HygieneSummary:
        """What ``/hygiene`` answers ``actor`` in their 1:1 chat."""
        [sent] = await self.h.say(actor, "/hygiene")
        assert isinstance(sent.message, HygieneSummary), sent.text
        return sent.message

    async def report(self, weeks: int | None = None) -> HygieneReport:
        return await self.uow.read(lambda tx: self.service.report(tx, weeks))

    @property
    def state(self) -> State:
        """What the in-memory stores hold (unit tests only)."""
        assert isinstance(self.uow, FakeUnitOfWork)
        return self.uow.state

    def events(self) -> list[HygieneEvent]:
        """Every hygiene event stored, oldest first."""
        return sorted(self.state.hygiene.values(), key=lambda e: (e.occurred_at, e.id))

    def event(self, warning_id: str) -> HygieneEvent:
        return self.state.hygiene[warning_id]

    def breaches(self) -> list[Breach]:
        return [self.state.breaches[r] for r in sorted(self.state.breaches)]

    def breach(self, reference: str) -> Breach:
        return self.state.breaches[reference]
