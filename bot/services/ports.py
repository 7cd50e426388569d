"""Ports: what the bot needs from the outside world, as Protocols.

Each front-end supplies a ``Notifier`` (Teams: the Bot Connector; WhatsApp: the Cloud
API; the console: printing), which the outbox worker delivers through; the composition
root a ``Scanner`` (the detector), a ``Clock`` and the unit of work
(``bot.services.uow``). Tests supply fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bot.domain.clock import Clock
from bot.domain.organisation import Person
from bot.services.messages import Actor, Outgoing, PostedRef

__all__ = [
    "Clock",
    "DeliveryRefusedError",
    "FindingLike",
    "Notifier",
    "ScanResultLike",
    "Scanner",
]


class DeliveryRefusedError(Exception):
    """The front-end refused a message for good (no such chat, no access): no retry helps.

    Any other exception from a ``Notifier`` is taken as passing (an outage, throttling)
    and the message is tried again later.

    Args:
        code: A short code for the logs and ``careguard jobs list`` (e.g. ``"http_403"``).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@runtime_checkable
class Notifier(Protocol):
    """Delivers messages for one front-end (the outbox worker calls it, after the step).

    Implementations retry short blips themselves and raise ``DeliveryRefusedError`` when a
    message can never be delivered; the outbox retries everything else later.
    """

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        """Send ``message`` to ``person`` in a 1:1 chat; the posted ref if known."""
        ...

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        """Post ``message`` in a channel (or group chat) and return where it is."""
        ...

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef | None:
        """Send ``message`` into a conversation the bot was written to in (a reply)."""
        ...

    async def update(self, ref: PostedRef, message: Outgoing) -> None:
        """Replace an earlier posted message (e.g. a breach alert card) for everyone."""
        ...


class FindingLike(Protocol):
    """One finding of the detector: type and offsets, never the text."""

    @property
    def entity_type(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class ScanResultLike(Protocol):
    """The outcome of a scan (``nlp.detector.ScanResult`` fits)."""

    @property
    def flagged(self) -> bool: ...

    @property
    def findings(self) -> Sequence[FindingLike]: ...


@runtime_checkable
class Scanner(Protocol):
    """Finds client-identifying data (the detector). Calls may be slow: run off the loop."""

    def scan(self, text: str) -> ScanResultLike:
        """Scan one message."""
        ...

    def mask(self, text: str) -> str:
        """``text`` with every identifier replaced by its type, e.g. ``[PERSON]``."""
        ...

    def suggest_rewrite(self, text: str) -> str:
        """``text`` with persons as initials and identifiers removed."""
        ...

    def check(self, text: str) -> tuple[ScanResultLike, str | None]:
        """Scan once: the result, and the suggested rewrite when it is flagged."""
        ...
