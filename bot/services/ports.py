"""Ports: what the bot needs from the outside world, as Protocols.

The front-end supplies a ``Notifier`` (Teams: proactive sends and ``update_activity``;
console: printing), the composition root a ``Scanner`` (the detector) and a ``Clock``.
Tests supply fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bot.domain.clock import Clock
from bot.domain.organisation import Person
from bot.services.messages import (
    ActionOutcome,
    Actor,
    CardAction,
    Delivery,
    Incoming,
    Outgoing,
    PostedRef,
)

__all__ = [
    "Clock",
    "FindingLike",
    "HygienePort",
    "Notifier",
    "ScanResultLike",
    "Scanner",
]


@runtime_checkable
class Notifier(Protocol):
    """Sends messages outside the current turn (alerts, escalations, reminders).

    Implementations should retry transient failures themselves and raise on permanent
    ones; the bot records an effect only after a send returned.
    """

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        """Send ``message`` to ``person`` in a 1:1 chat; the posted ref if known."""
        ...

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        """Post ``message`` in a channel (or group chat) and return where it is."""
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


@runtime_checkable
class HygienePort(Protocol):
    """Name-detection warnings (built separately; plugged into the bot)."""

    async def on_channel_message(self, incoming: Incoming) -> list[Delivery]:
        """Scan a channel or group-chat message that is not a command; warn privately."""
        ...

    async def on_card_action(self, action: CardAction) -> ActionOutcome | None:
        """Handle a warning card's button; ``None`` when the verb is not a warning verb."""
        ...

    async def summary(self, actor: Actor) -> Outgoing:
        """The ``/hygiene`` summary (the caller has checked the actor is an officer)."""
        ...
