"""What goes in and out of the bot, front-end neutral.

A front-end (Teams, the console, WhatsApp) turns what it receives into ``Incoming`` or
``CardAction``, hands it to ``CareGuardBot``, and renders the ``Outgoing`` messages it
gets back however it likes (Adaptive Cards, numbered text). Outgoing messages carry
domain data and display-ready strings, never rendered cards. Every string meant for a
channel (alert summaries, clocks, history lines) is already masked and safe to post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, TypeAlias

from bot.domain.breach import Breach
from bot.domain.commands import Command
from bot.domain.conversation import PartialReport, Reply
from bot.domain.organisation import Person

ChannelName: TypeAlias = Literal["msteams", "console", "whatsapp"]
ConversationType: TypeAlias = Literal["personal", "channel", "groupChat"]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who sent a message or pressed a button, as the front-end knows them.

    Attributes:
        aad_object_id: Microsoft Entra object id (the console and WhatsApp use their own
            stable id here, e.g. the phone number).
        upn: Sign-in name when the front-end knows it.
        name: Display name.
    """

    aad_object_id: str
    upn: str | None
    name: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message to the bot.

    Attributes:
        channel: Which front-end it came from.
        conversation_id: The chat, channel thread or group chat it was posted in.
        conversation_type: ``"personal"`` (1:1 with the bot), ``"channel"`` or ``"groupChat"``.
        actor: Who wrote it.
        text: The text with the bot's @mention already removed.
        value: Data of a submitted card (``Action.Submit``/``Action.Execute``), if any.
        activity_id: The front-end's id for this message; repeats are ignored.
        team_id: The team, for channel messages.
        channel_id: The Teams channel id, for channel messages.
        mentions_bot: True when the bot was @mentioned.
        edited: True when this is an edit of an earlier message.
    """

    channel: ChannelName
    conversation_id: str
    conversation_type: ConversationType
    actor: Actor
    text: str = field(default="", repr=False)
    value: Mapping[str, Any] | None = field(default=None, repr=False)
    activity_id: str | None = None
    team_id: str | None = None
    channel_id: str | None = None
    mentions_bot: bool = False
    edited: bool = False


class Verb(StrEnum):
    """Card actions the bot handles (same values as the Teams cards' ``Verb``)."""

    ACKNOWLEDGE = "breach.acknowledge"
    MARK_HIGH_RISK = "breach.mark_high_risk"
    HAND_OVER = "breach.hand_over"
    DETAILS = "breach.details"
    WARNING_EDITED = "warning.edited"
    WARNING_NOT_CLIENT_DATA = "warning.not_client_data"
    WARNING_TO_BREACH = "warning.record_breach"


OFFICER_VERBS = frozenset(
    {Verb.ACKNOWLEDGE, Verb.MARK_HIGH_RISK, Verb.HAND_OVER, Verb.DETAILS, Verb.WARNING_TO_BREACH}
)
"""Verbs only a DPO, the SIRO or a director may use (the organisation file says who)."""


@dataclass(frozen=True, slots=True)
class CardAction:
    """A button pressed on a card the bot posted.

    Attributes:
        actor: Who pressed it.
        verb: The action's verb (see ``Verb``; unknown verbs get a polite answer).
        data: The card's data, e.g. ``{"reference": "BR-2026-0001"}``; may be forged.
        conversation_id: Where the card is.
        activity_id: The card's message id.
        channel: Which front-end it came from.
        invoke_id: The id of this button press (Teams: the invoke activity's id); a
            re-delivered press with the same id is ignored.
    """

    actor: Actor
    verb: str
    data: Mapping[str, Any] = field(repr=False)
    conversation_id: str
    activity_id: str | None = None
    channel: ChannelName = "msteams"
    invoke_id: str | None = None


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """Where the bot was installed or first spoken to, for proactive messages later.

    Attributes:
        key: What it addresses: ``"user:<aad id>"``, ``"channel:<channel id>"`` or
            ``"conversation:<id>"``.
        channel: Which front-end.
        data: The front-end's own reference (for Teams: the serialised conversation
            reference with service URL); opaque to the bot, stored as JSON.
    """

    key: str
    channel: ChannelName
    data: Mapping[str, Any] = field(repr=False)


# --- Outgoing messages ---------------------------------------------------------------


class AlertStatus(StrEnum):
    """Where a breach alert stands, as its card shows it."""

    REPORTED = "reported"
    ACKNOWLEDGED = "acknowledged"
    HIGH_RISK = "high_risk"
    HANDED_OVER = "handed_over"
    ESCALATED = "escalated"


@dataclass(frozen=True, slots=True)
class Text:
    """A plain message."""

    text: str


@dataclass(frozen=True, slots=True)
class Question:
    """A message of the ``/breach`` conversation: text, choices and navigation buttons."""

    reply: Reply


@dataclass(frozen=True, slots=True)
class BreachAlert:
    """A breach as the DPO alert card shows it; safe to post in a channel.

    Attributes:
        breach: The breach (its free text must not be shown in a channel: use ``summary``).
        status: Where the alert stands.
        summary: What happened, with identifiers masked by the detector.
        clock: The clock that matters now, e.g. ``"22 min left in the 1-hour window"``.
        discovered: Display time, e.g. ``"Mon 10 Nov, 09:15"`` (``"not given"`` if unknown).
        reported: Display time of the report.
        owner: Who has it now, e.g. ``"Rhiannon Williams (DPO Adults)"``.
        history: What happened to the alert, oldest first (``"Acknowledged by ... at 10:42"``).
    """

    breach: Breach = field(repr=False)
    status: AlertStatus
    summary: str = field(repr=False)
    clock: str
    discovered: str
    reported: str
    owner: str
    history: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        """The register reference."""
        return self.breach.label


@dataclass(frozen=True, slots=True)
class EscalationNotice:
    """An unacknowledged breach sent to the next person in the routing chain."""

    alert: BreachAlert
    reason: str
    recipient: Person
    recipient_role: str


@dataclass(frozen=True, slots=True)
class IcoReminder:
    """A reminder of the ICO 72-hour clock on a high-risk breach."""

    reference: str
    service: str
    hours_elapsed: int
    deadline: datetime
    deadline_label: str
    time_left: str
    summary: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Help:
    """The help text, generated from the command declarations."""

    officer: bool
    commands: tuple[Command, ...]
    text: str


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One open breach on the ``/register`` summary."""

    reference: str
    service: str
    status: AlertStatus
    clock: str
    owner: str = ""
    incomplete: bool = False


@dataclass(frozen=True, slots=True)
class RegisterSummary:
    """Open breaches with their clocks (``/register``)."""

    as_of: datetime
    as_of_label: str
    rows: tuple[RegisterEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class HygieneWeekCounts:
    """Warnings in one week, per channel (channel name → count)."""

    week: str
    counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class HygieneSummary:
    """Name warnings per channel and week (``/hygiene``), newest week first."""

    period: str
    weeks: tuple[HygieneWeekCounts, ...] = ()


@dataclass(frozen=True, slots=True)
class PrivateWarning:
    """A private warning to the author of a message that seems to identify a client.

    Attributes:
        warning_id: Id of the stored hygiene event (card buttons send it back).
        place: Where the message was posted, e.g. ``"Adults – Rota channel"``.
        entity_types: Detector entity types found (never the identifiers themselves).
        suggested_rewrite: The message with identifiers replaced by initials.
        can_record_breach: Offer "Record as a breach" (the author is an officer).
    """

    warning_id: str
    place: str
    entity_types: tuple[str, ...]
    suggested_rewrite: str = field(repr=False)
    can_record_breach: bool = False


@dataclass(frozen=True, slots=True)
class PartialAlert:
    """A reporter went silent again after an earlier partial report was filed."""

    reference: str
    partial: PartialReport = field(repr=False)
    summary: str = field(repr=False)


Outgoing: TypeAlias = (
    Text
    | Question
    | BreachAlert
    | EscalationNotice
    | IcoReminder
    | Help
    | RegisterSummary
    | HygieneSummary
    | PrivateWarning
    | PartialAlert
)
"""Every message the bot sends, front-end neutral."""


def plain_text(message: Outgoing) -> str:
    """A text rendering of any message (console, WhatsApp, logs of tests)."""
    from bot.services.render import render_text

    return render_text(message)


# --- Where messages go ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Private:
    """A 1:1 chat with this person (opened by the front-end if needed)."""

    person: Person | Actor


@dataclass(frozen=True, slots=True)
class SameConversation:
    """The conversation the incoming message came from."""


@dataclass(frozen=True, slots=True)
class Channel:
    """A channel (or group chat) by id."""

    channel_id: str


Target: TypeAlias = Private | SameConversation | Channel


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message and where it goes."""

    target: Target
    message: Outgoing


@dataclass(frozen=True, slots=True)
class PostedRef:
    """A message the bot posted, so it can be updated in place later."""

    channel_id: str
    message_id: str


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    """What the front-end does after a card action.

    Attributes:
        updated: The card's new content (for ``update_activity`` on the pressed card), or
            ``None`` to leave it.
        toast: A short line for the person who pressed (Teams shows it as a message or
            banner); never empty.
    """

    updated: Outgoing | None
    toast: str
