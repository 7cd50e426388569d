"""Teams activities (Bot Framework JSON) → the bot's front-end-neutral messages.

Parsing is done on the raw JSON with small, defensive readers instead of the SDK's
``Activity`` model: the body is untrusted (anything may be missing or of the wrong
type), and the SDK model logs failed input values, which would put message text (and
so possibly client names) into the logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.services.messages import (
    Actor,
    CardAction,
    ConversationRef,
    ConversationType,
    Incoming,
)

MAX_TEXT = 28_000
"""Teams' own limit for a message is about 28 KB; anything longer is cut, not refused."""


class BadActivityError(ValueError):
    """The body is not a usable activity; the message names the field, never its value."""


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else None


def _str(obj: Any, key: str) -> str | None:
    value = _get(obj, key)
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True, slots=True)
class TeamsActivity:
    """The parts of a Teams activity the bot uses, checked for type.

    Attributes:
        type: ``message``, ``messageUpdate``, ``invoke``, ``conversationUpdate``...
        id: The activity id (re-deliveries repeat it).
        conversation_id: Where it happened.
        conversation_type: ``personal``, ``channel`` or ``groupChat``.
        service_url: Where replies go.
        sender_id: The sender's Teams id (``29:...``).
        sender_aad: The sender's Entra object id, when Teams sent it.
        sender_name: Display name (never logged).
        bot_id: The bot's Teams id (``28:...``) from ``recipient``.
        tenant_id: From ``channelData.tenant`` or ``conversation.tenantId``.
        team_id: ``channelData.team.id`` for channel activities.
        channel_id: ``channelData.channel.id`` for channel activities.
        raw: The JSON object as received.
    """

    type: str
    id: str | None
    conversation_id: str
    conversation_type: ConversationType
    service_url: str | None
    sender_id: str
    sender_aad: str | None
    sender_name: str = field(repr=False)
    bot_id: str | None
    tenant_id: str | None
    team_id: str | None
    channel_id: str | None
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def name(self) -> str | None:
        """The invoke or event name."""
        return _str(self.raw, "name")

    @property
    def actor(self) -> Actor:
        """Who sent it; falls back to the Teams id when Teams gave no Entra id."""
        return Actor(self.sender_aad or self.sender_id, None, self.sender_name)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: Any) -> Any:
    """``value`` with every lone UTF-16 surrogate in its strings replaced by U+FFFD.

    JSON may carry ``"\\ud800"``; Python decodes it to a string that cannot be encoded,
    so an id or a text holding one would fail later as a key, in a hash or in a database
    write. Valid pairs were already joined by the JSON decoder and are kept.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    return value


def _conversation_type(conversation: Mapping[str, Any]) -> ConversationType:
    kind = _str(conversation, "conversationType")
    if kind in ("personal", "channel", "groupChat"):
        return kind  # type: ignore[return-value]
    # Older payloads carry only isGroup; a channel always has channelData.channel.
    return "groupChat" if _get(conversation, "isGroup") is True else "personal"


def parse_activity(body: Any) -> TeamsActivity:
    """Check an untrusted JSON body and pick out what the bot needs.

    Raises:
        BadActivityError: naming the first missing or mistyped field.
    """
    if not isinstance(body, Mapping):
        raise BadActivityError("the body is not a JSON object")
    body = without_lone_surrogates(dict(body))
    kind = _str(body, "type")
    if kind is None:
        raise BadActivityError("type is missing")
    conversation = _get(body, "conversation")
    conversation_id = _str(conversation, "id")
    if conversation_id is None:
        raise BadActivityError("conversation.id is missing")
    sender = _get(body, "from")
    sender_id = _str(sender, "id")
    if sender_id is None:
        raise BadActivityError("from.id is missing")
    channel_data = _get(body, "channelData")
    kind_of_conversation = _conversation_type(conversation)
    channel_id = _str(_get(channel_data, "channel"), "id")
    if channel_id and kind_of_conversation == "groupChat":
        kind_of_conversation = "channel"
    return TeamsActivity(
        type=kind,
        id=_str(body, "id"),
        conversation_id=conversation_id,
        conversation_type=kind_of_conversation,
        service_url=_str(body, "serviceUrl"),
        sender_id=sender_id,
        sender_aad=_str(sender, "aadObjectId"),
        sender_name=_str(sender, "name") or "",
        bot_id=_str(_get(body, "recipient"), "id"),
        tenant_id=_str(_get(channel_data, "tenant"), "id") or _str(conversation, "tenantId"),
        team_id=_str(_get(channel_data, "team"), "id"),
        channel_id=channel_id,
        raw=body,
    )


_AT_TAG = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]{0,200}>")


def _bot_mentions(activity: TeamsActivity) -> list[str]:
    """The texts (``<at>Name</at>``) with which this message mentions the bot."""
    found: list[str] = []
    entities = _get(activity.raw, "entities")
    if not isinstance(entities, list):
        return found
    for entity in entities:
        if _str(entity, "type") != "mention":
            continue
        mentioned = _get(entity, "mentioned")
        if activity.bot_id is None or _str(mentioned, "id") != activity.bot_id:
            continue
        for candidate in (_str(entity, "text"), _str(mentioned, "name")):
            if candidate:
                found.append(candidate if candidate.startswith("<at>") else f"<at>{candidate}</at>")
    return found


def message_text(activity: TeamsActivity) -> tuple[str, bool]:
    """The message text without the bot's @mention, and whether the bot was mentioned."""
    raw = _get(activity.raw, "text")
    text = raw[:MAX_TEXT] if isinstance(raw, str) else ""
    mentions = _bot_mentions(activity)
    mentioned = False
    for tag in mentions:
        if tag in text:
            text = text.replace(tag, " ")
            mentioned = True
    # Other people's mentions keep their names as plain text (the scan must see them).
    text = _AT_TAG.sub(lambda m: m.group(1), text)
    text = _TAGS.sub(" ", text) if "<" in text else text
    return " ".join(text.split()), mentioned or bool(mentions)


def to_incoming(activity: TeamsActivity) -> Incoming:
    """A ``message`` or ``messageUpdate`` as the bot's ``Incoming``."""
    text, mentioned = message_text(activity)
    value = _get(activity.raw, "value")
    return Incoming(
        channel="msteams",
        conversation_id=activity.conversation_id,
        conversation_type=activity.conversation_type,
        actor=activity.actor,
        text=text,
        value=value if isinstance(value, Mapping) else None,
        activity_id=activity.id,
        team_id=activity.team_id,
        channel_id=activity.channel_id,
        mentions_bot=mentioned,
        edited=activity.type == "messageUpdate",
    )


def to_card_action(activity: TeamsActivity) -> CardAction | None:
    """An ``adaptiveCard/action`` invoke as a ``CardAction``; ``None`` when malformed.

    The Universal Actions payload is ``value.action`` with ``verb`` and ``data``;
    ``value.action.data`` may be absent or forged, which the bot must handle.
    """
    action = _get(_get(activity.raw, "value"), "action")
    verb = _str(action, "verb")
    if verb is None:
        return None
    data = _get(action, "data")
    return CardAction(
        actor=activity.actor,
        verb=verb[:200],
        data=data if isinstance(data, Mapping) else {},
        conversation_id=activity.conversation_id,
        activity_id=_str(activity.raw, "replyToId"),
        invoke_id=activity.id,
    )


def reference_data(activity: TeamsActivity) -> dict[str, Any]:
    """The stored form of a conversation reference (enough for proactive sends).

    Only a personal chat's reference names its user: a channel's must not change with
    every author, or each message would rewrite it.
    """
    data = {
        "service_url": activity.service_url,
        "conversation_id": activity.conversation_id,
        "conversation_type": activity.conversation_type,
        "tenant_id": activity.tenant_id,
        "bot_id": activity.bot_id,
        "team_id": activity.team_id,
        "channel_id": activity.channel_id,
    }
    if activity.conversation_type == "personal":
        data.update(user_id=activity.sender_id, user_aad=activity.sender_aad)
    return data


def references_for(activity: TeamsActivity) -> list[ConversationRef]:
    """What this activity teaches about where the bot can write later.

    A personal chat is keyed by the user, a channel activity by the channel (and the
    team's General channel, whose id is the team id), a group chat by its id.
    """
    data = reference_data(activity)
    if activity.conversation_type == "personal":
        key = f"user:{activity.sender_aad or activity.sender_id}"
        return [ConversationRef(key, "msteams", data)]
    if activity.conversation_type == "channel":
        # A channel message's conversation id carries ";messageid=..." (the thread).
        root = activity.conversation_id.split(";", 1)[0]
        channel = activity.channel_id or root
        data["conversation_id"] = channel
        return [ConversationRef(f"channel:{channel}", "msteams", data)]
    return [ConversationRef(f"conversation:{activity.conversation_id}", "msteams", data)]


def bot_was_added(activity: TeamsActivity) -> bool:
    """True for a ``conversationUpdate`` whose ``membersAdded`` includes the bot."""
    members = _get(activity.raw, "membersAdded")
    if activity.type != "conversationUpdate" or not isinstance(members, list):
        return False
    # Bot ids start "28:"; the published samples use placeholders for the bot's own id.
    ids = [_str(m, "id") or "" for m in members]
    return any(i == activity.bot_id or i.startswith("28:") for i in ids)
