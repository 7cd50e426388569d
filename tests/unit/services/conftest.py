"""Fakes and a harness for driving ``CareGuardBot`` without any front-end.

The register is a real SQLite file in tmp_path (copied from one migrated template per
session, so each test starts empty and fast); the notifier, scanner and clock are fakes.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.domain.clock import ManualClock
from bot.domain.organisation import Organisation, Person
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.db import make_engine
from bot.register.jobs.store import SchedulerStore
from bot.register.jobs.worker import HandlerRegistry, Worker, WorkerSettings
from bot.register.migrate import upgrade
from bot.register.service import Register
from bot.services.bot import CareGuardBot, create_bot
from bot.services.messages import (
    Actor,
    CardAction,
    Delivery,
    Incoming,
    Outgoing,
    PostedRef,
    plain_text,
)
from bot.settings import load_organisation

ROOT = Path(__file__).resolve().parents[3]
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, GMT
CLIENT_NAMES = ("Edna Pumphrey", "Mrs Pumphrey")  # invented
DESCRIPTION = "Rota naming Edna Pumphrey sent to the wrong WhatsApp group"


@dataclass
class FakeScanResult:
    flagged: bool
    findings: tuple[Any, ...] = ()


class FakeScanner:
    """Masks the invented client names; enough to check channel cards never show them."""

    def scan(self, text: str) -> FakeScanResult:
        return FakeScanResult(any(n in text for n in CLIENT_NAMES))

    def mask(self, text: str) -> str:
        for name in CLIENT_NAMES:
            text = text.replace(name, "[PERSON]")
        return text

    def suggest_rewrite(self, text: str) -> str:
        return self.mask(text)


@dataclass
class Sent:
    how: str  # "person" | "channel" | "update"
    to: str
    message: Outgoing

    @property
    def text(self) -> str:
        return plain_text(self.message)


@dataclass
class FakeNotifier:
    """Records every proactive send; channel posts get message ids msg-1, msg-2, ..."""

    sent: list[Sent] = field(default_factory=list)
    fail_next: int = 0

    def _maybe_fail(self) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("fake outage")

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        self._maybe_fail()
        who = person.upn if isinstance(person, Person) else (person.upn or person.aad_object_id)
        self.sent.append(Sent("person", who or "", message))
        return None

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        self._maybe_fail()
        self.sent.append(Sent("channel", channel_id, message))
        return PostedRef(channel_id, f"msg-{len(self.sent)}")

    async def update(self, ref: PostedRef, message: Outgoing) -> None:
        self.sent.append(Sent("update", f"{ref.channel_id}/{ref.message_id}", message))

    def to(self, who: str, how: str = "person") -> list[Sent]:
        return [s for s in self.sent if s.to == who and s.how == how]

    def clear(self) -> None:
        self.sent.clear()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "careguard.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def organisation() -> Organisation:
    return load_organisation(ROOT / "examples" / "citycare.toml")


class Harness:
    """One bot over one database, with a manual clock and a scheduler worker."""

    def __init__(self, db: Path | str, org: Organisation, key: bytes, clock: ManualClock) -> None:
        self.org = org
        self.clock = clock
        self.notifier = FakeNotifier()
        self.engine = make_engine(db if isinstance(db, str) else f"sqlite:///{db}")
        cipher = FieldCipher([key])
        repo = BreachRepository(self.engine, cipher, clock)
        self.register = Register(self.engine, cipher, repo)
        self.scheduler = SchedulerStore(self.engine, clock)
        self.bot: CareGuardBot = create_bot(
            organisation=org,
            register=self.register,
            scheduler=self.scheduler,
            notifier=self.notifier,
            scanner=FakeScanner(),
            clock=clock,
        )
        registry = HandlerRegistry()
        self.bot.register_handlers(registry)
        self.worker = Worker(self.scheduler, registry, settings=WorkerSettings())

    @property
    def repo(self) -> BreachRepository:
        return self.register.repository

    def person(self, key: str) -> Person:
        return self.org.person(key)

    def actor(self, key: str) -> Actor:
        p = self.org.person(key)
        return Actor(p.aad_object_id, p.upn, p.name)

    async def say(
        self,
        actor: Actor,
        text: str,
        *,
        where: str = "personal",
        activity_id: str | None = None,
        value: dict[str, Any] | None = None,
        mentions_bot: bool = False,
    ) -> list[Delivery]:
        incoming = Incoming(
            channel="msteams",
            conversation_id="chan-1" if where != "personal" else f"dm-{actor.aad_object_id}",
            conversation_type=where,  # type: ignore[arg-type]
            actor=actor,
            text=text,
            value=value,
            activity_id=activity_id or uuid.uuid4().hex,
            team_id="team-adults" if where == "channel" else None,
            channel_id="chan-1" if where == "channel" else None,
            mentions_bot=mentions_bot,
        )
        return await self.bot.on_message(incoming)

    async def click(self, actor: Actor, verb: str, reference: str, **kw: Any) -> Any:
        action = CardAction(
            actor=actor,
            verb=verb,
            data={"reference": reference},
            conversation_id="alert-channel",
            activity_id="msg-1",
            invoke_id=kw.get("invoke_id"),
        )
        return await self.bot.on_card_action(action)

    async def run_due(self) -> int:
        total = 0
        while (n := await self.worker.run_once()) > 0:
            total += n
        return total

    async def report(self, actor: Actor, description: str = DESCRIPTION) -> str:
        """Go through the whole /breach conversation; returns the reference."""
        answers = ["/breach", "10 minutes ago", "adults", "in the office", "1, 6"]
        answers += [description, "2", "yes"]
        replies: list[Delivery] = []
        for text in answers:
            replies = await self.say(actor, text)
        final = texts(replies)[-1]
        match = re.search(r"BR-\d{4}-\d{4}", final)
        assert match, final
        return match.group()


def texts(deliveries: list[Delivery]) -> list[str]:
    return [plain_text(d.message) for d in deliveries]


CARER = Actor("aad-sam-0001", "sam.carer@citycare.example", "Sam Carer")
OTHER_CARER = Actor("aad-kit-0002", "kit.worker@citycare.example", "Kit Worker")


@pytest.fixture
def harness_factory(tmp_path: Path, template_db: Path, organisation: Organisation) -> Iterator[Any]:
    db = tmp_path / "careguard.db"
    shutil.copy(template_db, db)
    key = Fernet.generate_key()
    clock = ManualClock(START)
    made: list[Harness] = []

    def make() -> Harness:
        h = Harness(db, organisation, key, clock)
        made.append(h)
        return h

    yield make
    for h in made:
        h.engine.dispose()


@pytest.fixture
def h(harness_factory: Any) -> Harness:
    return harness_factory()
