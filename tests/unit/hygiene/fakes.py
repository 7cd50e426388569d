"""Fakes for the hygiene tests: a scanner with invented names, people, messages."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from bot.domain.organisation import Organisation, Role
from bot.services.messages import Actor, ConversationType, Incoming
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
