"""What a step sends, written to the outbox in the step's transaction.

Two kinds of body:

- a *literal* message (``Text``, ``Question``, ``Help``, ``RegisterSummary``,
  ``HygieneSummary``, ``PrivateWarning``) stored as it is;
- a *live* message about a breach (its alert card, a notice to the next person, an ICO
  reminder, the details for an officer) stored as a reference and built from the
  register when it is delivered, so a redelivery shows the breach as it stands and the
  outbox never holds a second copy of the report.

Targets are a person (by front-end id), a channel, a conversation (the one a message came
from) or a breach's alert card (where it is posted, or the service's alert channel).
Messages of one lane (one person, one conversation, one card) are delivered in order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.codec import to_jsonable
from bot.domain.conversation import PartialReport
from bot.domain.organisation import Person
from bot.domain.records import OutboxEntry
from bot.services.messages import (
    Actor,
    Channel,
    Delivery,
    Help,
    Incoming,
    Outgoing,
    Private,
    SameConversation,
)
from bot.services.uow import Tx

TEAMS = "msteams"

Json = Mapping[str, Any]


def _lane(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def person_target(who: Person | Actor) -> dict[str, Any]:
    """The JSON target of a 1:1 message to ``who``."""
    return {"kind": "person", "aad": who.aad_object_id, "upn": who.upn, "name": who.name}


def literal(message: Outgoing) -> dict[str, Any]:
    """The body of a literal message."""
    if isinstance(message, Help):  # rebuilt from the declarations when delivered
        return {"type": "message", "kind": "Help", "officer": message.officer}
    return {"type": "message", "kind": type(message).__name__, "data": to_jsonable(message)}


@dataclass(frozen=True, slots=True)
class Mail:
    """Adds outbox entries inside one step's transaction."""

    tx: Tx

    def add(
        self,
        channel: str,
        target: Json,
        body: Json,
        lane: str,
        *,
        reference: str | None = None,
        key: str | None = None,
    ) -> bool:
        """Add one entry (see ``OutboxEntry``)."""
        entry = OutboxEntry(channel, target, body, lane, reference=reference, key=key)
        return self.tx.outbox.add(entry)

    def to_person(
        self,
        who: Person | Actor,
        message: Outgoing,
        *,
        channel: str = TEAMS,
        reference: str | None = None,
    ) -> None:
        """A literal message in ``who``'s 1:1 chat on ``channel``."""
        lane = _lane(channel, "person", who.aad_object_id.casefold())
        self.add(channel, person_target(who), literal(message), lane, reference=reference)

    def to_conversation(
        self, channel: str, conversation_id: str, message: Outgoing, *, reference: str | None = None
    ) -> None:
        """A literal message in a conversation (the one a message came from)."""
        target = {"kind": "conversation", "id": conversation_id}
        lane = _lane(channel, "conversation", conversation_id)
        self.add(channel, target, literal(message), lane, reference=reference)

    def to_channel(
        self,
        channel_id: str,
        message: Outgoing,
        *,
        reference: str | None = None,
        key: str | None = None,
        apart: str | None = None,
    ) -> bool:
        """A literal message posted in a Teams channel (once per ``key``, when given).

        ``apart`` names a lane of its own: a message that must never hold up the channel's
        breach messages while it waits for a retry (the daily checkpoint).
        """
        target = {"kind": "channel", "id": channel_id}
        lane = _lane(TEAMS, "channel", channel_id, *([apart] if apart else []))
        return self.add(TEAMS, target, literal(message), lane, key=key)

    def deliveries(self, incoming: Incoming, deliveries: list[Delivery]) -> None:
        """The replies a listener returned for ``incoming``, in order."""
        for delivery in deliveries:
            target = delivery.target
            if isinstance(target, Private):
                self.to_person(target.person, delivery.message, channel=incoming.channel)
            elif isinstance(target, Channel):
                self.to_channel(target.channel_id, delivery.message)
            else:
                assert isinstance(target, SameConversation)
                self.to_conversation(incoming.channel, incoming.conversation_id, delivery.message)

    def alert_card(self, reference: str) -> None:
        """Post the breach's alert card, or update it in place if it is posted already."""
        body = {"type": "alert_card", "reference": reference}
        self.add(
            TEAMS, {"kind": "alert"}, body, _lane(TEAMS, "card", reference), reference=reference
        )

    def notice(
        self,
        reference: str,
        person: Person,
        reason: str,
        *,
        chain: bool,
        due_at: datetime | None = None,
    ) -> None:
        """The breach's card sent to ``person`` privately, with why it came to them.

        Args:
            reference: The breach.
            person: Who is asked.
            reason: Why, e.g. "Not acknowledged within 15 min by ...".
            chain: An escalation step: the chain waits until this is delivered.
            due_at: When the step was due (a late delivery says how late).
        """
        body = {
            "type": "notice",
            "reference": reference,
            "recipient": person.key,
            "reason": reason,
            "chain": chain,
            "due_at": due_at.isoformat() if due_at is not None else None,
        }
        lane = _lane(TEAMS, "person", person.aad_object_id.casefold())
        self.add(TEAMS, person_target(person), body, lane, reference=reference)

    def ico_reminder(self, reference: str, person: Person, hours: int) -> None:
        """A reminder of the ICO clock for whoever has the breach."""
        self._to_person(person, {"type": "ico_reminder", "reference": reference, "hours": hours})

    def details(self, reference: str, who: Person) -> None:
        """Everything the reporter said, in an officer's 1:1 chat (never a channel)."""
        self._to_person(who, {"type": "details", "reference": reference})

    def action_request(self, reference: str, person: Person, number: int) -> None:
        """An action given to ``person`` (IT support), with a Done button, in their 1:1 chat."""
        body = {"type": "action_request", "reference": reference, "number": number}
        self._to_person(person, body)

    def approval_request(self, reference: str, siro: Person) -> None:
        """The post-breach report's summary to the SIRO, with Approve / Send back."""
        self._to_person(siro, {"type": "approval_request", "reference": reference})

    def ico_pack(self, reference: str, person: Person) -> None:
        """The text for the ICO's breach report form, in the DPO's 1:1 chat."""
        self._to_person(person, {"type": "ico_pack", "reference": reference})

    def _to_person(self, person: Person, body: dict[str, Any]) -> None:
        """A message about ``body["reference"]`` in ``person``'s Teams 1:1 chat, in order."""
        lane = _lane(TEAMS, "person", person.aad_object_id.casefold())
        self.add(TEAMS, person_target(person), body, lane, reference=body["reference"])

    def partial_again(self, reference: str, channel_id: str, partial: PartialReport) -> None:
        """A silent reporter's newer answers, posted beside the breach's card."""
        body = {"type": "partial_again", "reference": reference, "partial": to_jsonable(partial)}
        target = {"kind": "channel", "id": channel_id}
        self.add(TEAMS, target, body, _lane(TEAMS, "channel", channel_id), reference=reference)
