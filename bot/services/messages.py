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
from enum import StrEnum
from typing import Any, Literal, TypeAlias

from bot.domain.organisation import Person
from bot.domain.records import AlertStatus
from bot.services.outgoing import (
    ActionRequest,
    ApprovalRequest,
    BreachAlert,
    EscalationNotice,
    Help,
    HygieneSummary,
    HygieneWeekCounts,
    IcoReminder,
    Outgoing,
    PartialAlert,
    PrivateWarning,
    Question,
    RegisterEntry,
    RegisterSummary,
    Text,
)

__all__ = [
    "OFFICER_VERBS",
    "ActionOutcome",
    "ActionRequest",
    "Actor",
    "AlertStatus",
    "ApprovalRequest",
    "BreachAlert",
    "CardAction",
    "Channel",
    "ChannelName",
    "ConversationRef",
    "ConversationType",
    "Delivery",
    "EscalationNotice",
    "Help",
    "HygieneSummary",
    "HygieneWeekCounts",
    "IcoReminder",
    "Incoming",
    "Outgoing",
    "PartialAlert",
    "PostedRef",
    "Private",
    "PrivateWarning",
    "Question",
    "RegisterEntry",
    "RegisterSummary",
    "SameConversation",
    "Target",
    "Text",
    "Verb",
    "plain_text",
]

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
    NOTIFY_SIRO = "breach.notify_siro"
    ICO_PACK = "breach.ico_pack"
    REQUEST_APPROVAL = "breach.request_approval"
    APPROVE = "breach.approve"
    SEND_BACK = "breach.send_back"
    ACTION_DONE = "breach.action_done"
    FORM = "breach.form"
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
