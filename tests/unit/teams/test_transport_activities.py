"""Teams activities → the bot's messages: mentions, scopes, channel data, card actions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bot.teams.activities import (
    BadActivityError,
    bot_was_added,
    message_text,
    parse_activity,
    references_for,
    to_card_action,
    to_incoming,
)

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "teams-activities"
BOT = "28:careguard"

PERSONAL: dict[str, Any] = {
    "type": "message",
    "id": "1700000000001",
    "text": "/breach",
    "serviceUrl": "https://smba.trafficmanager.net/uk/",
    "from": {"id": "29:abc", "name": "Sam Carer", "aadObjectId": "aad-sam"},
    "conversation": {"conversationType": "personal", "id": "a:chat"},
    "recipient": {"id": BOT, "name": "CareGuard"},
    "channelData": {"tenant": {"id": "tenant-1"}},
}


def channel_message(text: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    body = copy.deepcopy(PERSONAL)
    body.update(text=text, entities=entities)
    body["conversation"] = {
        "conversationType": "channel",
        "isGroup": True,
        "id": "19:rota@thread.tacv2;messageid=1700000000001",
    }
    body["channelData"] = {
        "team": {"id": "19:team@thread.tacv2"},
        "channel": {"id": "19:rota@thread.tacv2"},
        "tenant": {"id": "tenant-1"},
    }
    return body


def mention(name: str, who: str = BOT, text: str | None = None) -> dict[str, Any]:
    return {
        "type": "mention",
        "mentioned": {"id": who, "name": name},
        "text": text or f"<at>{name}</at>",
    }


def load(name: str) -> dict[str, Any]:
    return dict(json.loads((SAMPLES / name).read_text(encoding="utf-8")))


def test_personal_message_becomes_incoming() -> None:
    incoming = to_incoming(parse_activity(PERSONAL))
    assert incoming.conversation_type == "personal"
    assert incoming.text == "/breach"
    assert incoming.actor.aad_object_id == "aad-sam"
    assert incoming.activity_id == "1700000000001"
    assert incoming.team_id is None
    assert not incoming.edited


def test_bot_mention_is_stripped_and_other_mentions_keep_their_names() -> None:
    body = channel_message(
        "<at>CareGuard</at> /breach for <at>Jo Bloggs</at>",
        [mention("CareGuard"), mention("Jo Bloggs", who="29:jo")],
    )
    incoming = to_incoming(parse_activity(body))
    assert incoming.text == "/breach for Jo Bloggs"
    assert incoming.mentions_bot
    assert incoming.conversation_type == "channel"
    assert incoming.team_id == "19:team@thread.tacv2"
    assert incoming.channel_id == "19:rota@thread.tacv2"


def test_mention_whose_entity_text_differs_from_the_message_is_still_stripped() -> None:
    # As in the published sample: entity text "<at>@Name</at>", message "<at>Name</at>".
    body = channel_message(
        "<at>CareGuard</at> help", [mention("CareGuard", text="<at>@CareGuard</at>")]
    )
    assert message_text(parse_activity(body)) == ("help", True)


def test_message_without_bot_mention() -> None:
    body = channel_message("Shift swap <b>anyone</b>?", [])
    assert message_text(parse_activity(body)) == ("Shift swap anyone ?", False)


def test_published_channel_mention_sample_keeps_the_person_named() -> None:
    activity = parse_activity(load("message.channel-mention.json"))
    text, mentioned = message_text(activity)
    assert not mentioned  # the mention is of a person, not of the bot
    assert "Pranav Smith" in text


def test_message_update_is_an_edit() -> None:
    body = dict(PERSONAL, type="messageUpdate")
    assert to_incoming(parse_activity(body)).edited


def test_group_chat_and_legacy_is_group() -> None:
    body = copy.deepcopy(PERSONAL)
    body["conversation"] = {"isGroup": True, "id": "19:group@thread.v2"}
    assert parse_activity(body).conversation_type == "groupChat"
    body["conversation"]["conversationType"] = "groupChat"
    refs = references_for(parse_activity(body))
    assert [r.key for r in refs] == ["conversation:19:group@thread.v2"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": None}, "type"),
        ({"conversation": None}, "conversation"),
        ({"conversation": {"id": 5}}, "conversation"),
        ({"from": {}}, "from"),
        ({"from": "29:abc"}, "from"),
    ],
)
def test_missing_parts_are_named(change: dict[str, Any], field: str) -> None:
    body = {**PERSONAL, **change}
    with pytest.raises(BadActivityError, match=field):
        parse_activity(body)


def test_error_messages_never_carry_the_text() -> None:
    body = {**PERSONAL, "from": None, "text": "Mrs Zebedee Quill"}
    with pytest.raises(BadActivityError) as err:
        parse_activity(body)
    assert "Quill" not in str(err.value)


def test_card_action_from_universal_actions_invoke() -> None:
    body = {
        **PERSONAL,
        "type": "invoke",
        "name": "adaptiveCard/action",
        "id": "invoke-9",
        "replyToId": "msg-3",
        "value": {
            "action": {
                "type": "Action.Execute",
                "verb": "breach.acknowledge",
                "data": {"reference": "BR-2026-0001"},
            }
        },
    }
    action = to_card_action(parse_activity(body))
    assert action is not None
    assert action.verb == "breach.acknowledge"
    assert action.data == {"reference": "BR-2026-0001"}
    assert action.activity_id == "msg-3"
    assert action.invoke_id == "invoke-9"


@pytest.mark.parametrize("value", [None, {}, {"action": {"data": {}}}, {"action": {"verb": ""}}])
def test_card_action_without_verb_is_none(value: Any) -> None:
    body = {**PERSONAL, "type": "invoke", "name": "adaptiveCard/action", "value": value}
    assert to_card_action(parse_activity(body)) is None


def test_card_action_with_non_object_data_gets_empty_data() -> None:
    body = {**PERSONAL, "type": "invoke", "value": {"action": {"verb": "x", "data": "forged"}}}
    action = to_card_action(parse_activity(body))
    assert action is not None
    assert action.data == {}


def test_bot_added_to_team_sample_is_an_install_with_a_channel_reference() -> None:
    activity = parse_activity(load("conversationUpdate.bot-added-to-team.json"))
    assert bot_was_added(activity)
    (ref,) = references_for(activity)
    assert ref.key == "channel:19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2"
    assert ref.data["tenant_id"] == "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f"
    assert ref.data["service_url"] == "https://smba.trafficmanager.net/amer/"


def test_bot_added_personal_sample_is_an_install_keyed_by_user() -> None:
    activity = parse_activity(load("conversationUpdate.bot-added-personal.json"))
    assert bot_was_added(activity)
    (ref,) = references_for(activity)
    assert ref.key.startswith("user:")
    assert ref.data["conversation_type"] == "personal"


def test_channel_created_is_not_an_install() -> None:
    assert not bot_was_added(parse_activity(load("conversationUpdate.channel-created.json")))


def test_channel_reaction_sample_carries_team_channel_and_tenant() -> None:
    activity = parse_activity(load("messageReaction.channel.json"))
    assert activity.conversation_type == "channel"
    assert activity.team_id == "19:efa9296d959346209fea44151c742e73@thread.skype"
    assert activity.channel_id == "19:3629591d4b774aa08cb0887902eee7c1@thread.skype"
    assert activity.tenant_id == "72f988bf-86f1-41af-91ab-2d7cd011db47"


def test_channel_thread_reference_points_at_the_channel() -> None:
    body = channel_message("hi", [])
    (ref,) = references_for(parse_activity(body))
    assert ref.key == "channel:19:rota@thread.tacv2"
    assert ref.data["conversation_id"] == "19:rota@thread.tacv2"


def test_lone_surrogates_are_replaced_and_valid_pairs_kept() -> None:
    body = json.loads(
        '{"type": "message", "id": "1\\ud800", "text": "hi \\udfff \\ud83d\\ude00",'
        ' "conversation": {"id": "a:\\udc00"}, "from": {"id": "29:x", "aadObjectId": "\\ud800"}}'
    )
    activity = parse_activity(body)
    assert activity.id == "1\ufffd"
    assert activity.conversation_id == "a:\ufffd"
    assert activity.sender_aad == "\ufffd"
    assert to_incoming(activity).text == "hi \ufffd \U0001f600"
    for value in (activity.id, activity.conversation_id, to_incoming(activity).text):
        value.encode("utf-8")  # would raise UnicodeEncodeError on a lone surrogate
