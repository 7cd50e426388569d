"""Whole flows through the real app: Teams-shaped activities in, fake Bot Connector out."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from tests.e2e.conftest import ADULTS_ALERTS, CARER, CARER_CHAT, CLAIRE, RHIANNON, App
from tests.e2e.fake_connector import Call, Failure
from tests.e2e.harness import BOT_ID, TENANT_ID, activity, sample

ANSWERS = [
    "/breach",
    "10 minutes ago",
    "adults",
    "skip",
    "Birdie",
    "Rota with initials sent to the wrong group",
    "nothing yet",
]
_invokes = itertools.count(1)
ANSWERED = (200, 202)
"""A 1:1 message: 200 once its step committed, 202 when it goes on in the background."""
ROTA_CHANNEL = "19:rota-channel@thread.tacv2"


async def report_breach(
    app: App, final_id: str | None = None, what: str | None = None
) -> tuple[str, Call]:
    """The carer reports a breach; returns the reference and the alert card's post."""
    answers = list(ANSWERS)
    if what is not None:
        answers[5] = what
    for text in answers:
        before = len(app.connector.to(CARER_CHAT))
        assert (await app.say(text))[0] in ANSWERED
        await app.wait_for(lambda: app.connector.to(CARER_CHAT), before + 1)
    assert (await app.say("yes", activity_id=final_id))[0] in ANSWERED
    # Wait for the reference itself: under throttling a retried earlier reply may land late.
    done = await app.wait_for(
        lambda: [c for c in app.connector.to(CARER_CHAT) if "Your reference is" in c.text]
    )
    assert len(done) == 1
    alerts = await app.wait_for(lambda: app.connector.to(ADULTS_ALERTS))
    assert len(alerts) == 1
    card = alerts[0].card
    assert card is not None
    reference = card["fallbackText"].split()[2]
    assert reference.startswith("BR-")
    return reference, alerts[0]


def card_action(
    app: App, verb: str, data: dict[str, Any], *, by: str, reply_to: str
) -> dict[str, Any]:
    """An ``adaptiveCard/action`` invoke on the alert card, pressed by ``by``."""
    return activity(
        app.connector.url,
        kind="invoke",
        text="",
        conversation_type="channel",
        conversation_id=ADULTS_ALERTS,
        user_aad=by,
        user_name="Someone Pressing",
        activity_id=f"invoke-{next(_invokes)}",
        name="adaptiveCard/action",
        replyToId=reply_to,
        value={"action": {"type": "Action.Execute", "verb": verb, "data": data}},
        channelData={"channel": {"id": ADULTS_ALERTS}, "tenant": {"id": TENANT_ID}},
    )


def posted_id(app: App, call: Call) -> str:
    """The message id the fake connector gave ``call`` (they are numbered in order)."""
    sends = [c for c in app.connector.calls if c.method == "POST" and "/activities" in c.path]
    return f"msg-{sends.index(call) + 1}"


async def test_breach_acknowledged_updates_card_and_tells_reporter(app: App) -> None:
    reference, alert = await report_breach(app)
    assert "NEW" in json.dumps(alert.card)
    message_id = posted_id(app, alert)
    ack = card_action(
        app, "breach.acknowledge", {"reference": reference}, by=RHIANNON, reply_to=message_id
    )
    status, answer = await app.post(ack)
    assert status == 200
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert "ACKNOWLEDGED" in json.dumps(answer["value"])
    updates = await app.wait_for(app.connector.updates)
    assert updates, "the alert card was not updated in place"
    assert all(u.path.endswith(f"/activities/{message_id}") for u in updates)
    assert all(u.conversation_id == ADULTS_ALERTS for u in updates)
    assert "ACKNOWLEDGED" in json.dumps(updates[-1].card)
    told = await app.wait_for(
        lambda: [c for c in app.connector.sends() if "acknowledged" in c.text.lower()]
    )
    assert told
    assert told[-1].conversation_id == CARER_CHAT
    assert reference in told[-1].text


async def test_non_dpo_cannot_acknowledge(app: App) -> None:
    reference, alert = await report_breach(app)
    message_id = posted_id(app, alert)
    press = card_action(
        app, "breach.acknowledge", {"reference": reference}, by=CARER, reply_to=message_id
    )
    status, answer = await app.post(press)
    assert status == 200
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert "DPO" in answer["value"] or "only" in answer["value"].lower()
    assert app.connector.updates() == []
    # The card still waits for a DPO, who can acknowledge it.
    ack = card_action(
        app, "breach.acknowledge", {"reference": reference}, by=RHIANNON, reply_to=message_id
    )
    status, answer = await app.post(ack)
    assert status == 200
    assert "ACKNOWLEDGED" in json.dumps(answer["value"])


async def test_forged_card_data_gets_a_polite_answer(app: App) -> None:
    _reference, alert = await report_breach(app)
    message_id = posted_id(app, alert)
    for data in (
        {},
        {"reference": "BR-1999-9999"},
        {"reference": ["x"]},
        {"reference": "x" * 5000},
    ):
        press = card_action(app, "breach.acknowledge", data, by=RHIANNON, reply_to=message_id)
        status, answer = await app.post(press)
        assert status == 200, data
        assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert app.connector.updates() == []


async def test_unacknowledged_alert_escalates_on_the_injected_clock(app: App) -> None:
    await report_breach(app)
    app.clock.advance(minutes=16)
    chats = await app.wait_for(app.connector.new_chats)
    assert [c.body["members"][0]["id"] for c in chats] == [CLAIRE]
    assert chats[0].body["tenantId"] == TENANT_ID
    notice = await app.wait_for(lambda: app.connector.to(f"a:chat-with-{CLAIRE}"))
    assert "Escalated to you" in json.dumps(notice[0].card)
    told = await app.wait_for(
        lambda: [c for c in app.connector.to(CARER_CHAT) if "Claire" in c.text]
    )
    assert told, "the reporter was not told about the escalation"


async def test_redelivered_activity_changes_the_register_once(app: App) -> None:
    await report_breach(app, final_id="final-answer")
    replies = len(app.connector.to(CARER_CHAT))
    for _ in range(2):  # Teams re-delivers the same activity id
        assert (await app.say("yes", activity_id="final-answer"))[0] in (200, 202)
    await app.wait_for(lambda: app.connector.to(CARER_CHAT), replies + 1, seconds=0.5)
    assert len(app.connector.to(ADULTS_ALERTS)) == 1
    assert len(app.connector.to(CARER_CHAT)) == replies
    assert len(app.prepared.register.repository.list_breaches()) == 1


async def test_name_in_a_channel_gets_a_private_warning(app: App) -> None:
    channel = ROTA_CHANNEL
    text = "Visited Mrs Ada Lovelace at 12 Acacia Avenue BS1 4DJ, she was fine"
    body = channel_post(app, text, entities=[])
    assert (await app.post(body))[0] == 202
    warning = await app.wait_for(lambda: app.connector.to(f"a:chat-with-{CARER}"))
    assert warning, "no private warning"
    card = json.dumps(warning[0].card)
    assert "Lovelace" not in card
    assert "Acacia" not in card
    assert app.connector.to(channel) == []  # nothing said in the channel itself


async def test_install_in_personal_chat_greets_and_remembers(app: App) -> None:
    body = sample("conversationUpdate.bot-added-personal.json")
    body.update(serviceUrl=app.connector.url, id="install-1")
    body["recipient"] = {"id": BOT_ID, "name": "CareGuard"}
    body["membersAdded"] = [{"id": BOT_ID}]
    assert (await app.post(body))[0] == 202
    greeting = await app.wait_for(lambda: app.connector.to(body["conversation"]["id"]))
    assert "/breach" in greeting[0].text


async def test_ready_when_database_and_workers_are(app: App) -> None:
    async with app.http.get(f"{app.url}/readyz") as resp:
        assert resp.status == 200
        body = await resp.json()
    checks = {"started": True, "database": True, "register_key": True, "workers": True}
    assert body["checks"] == checks
    # The daily checkpoint posts wait for Teams to say where the channels are; once it has
    # (any activity) and their retry falls due, nothing is left waiting.
    assert (await app.say("hello"))[0] in (200, 202)
    app.clock.advance(minutes=5)
    await app.settle()
    async with app.http.get(f"{app.url}/readyz") as resp:
        body = await resp.json()
    assert body["outbox"] == {"backlog": 0, "oldest_seconds": 0.0}
    assert body["pending_turns"] == 0


def channel_post(
    app: App,
    text: str,
    *,
    channel: str = ROTA_CHANNEL,
    message_id: str = "1700000000000",
    user_aad: str = CARER,
    user_name: str = "Sam Carer",
    **extra: Any,
) -> dict[str, Any]:
    """A message posted in a team channel, @mentioning the bot unless ``entities`` says not."""
    body = activity(
        app.connector.url,
        text=text,
        conversation_type="channel",
        conversation_id=f"{channel};messageid={message_id}",
        user_aad=user_aad,
        user_name=user_name,
        channelData={
            "channel": {"id": channel},
            "team": {"id": "19:team@thread.tacv2"},
            "tenant": {"id": TENANT_ID},
        },
        entities=[
            {
                "type": "mention",
                "mentioned": {"id": BOT_ID, "name": "CareGuard"},
                "text": "<at>CareGuard</at>",
            }
        ],
    )
    body.update(extra)
    return body


async def test_breach_in_a_channel_moves_to_a_private_chat(app: App) -> None:
    assert (await app.post(channel_post(app, "<at>CareGuard</at> /breach")))[0] == 202
    private = await app.wait_for(lambda: app.connector.to(f"a:chat-with-{CARER}"))
    assert private, "the conversation did not move to a 1:1 chat"
    assert "Question 1 of 6" in private[0].text
    in_channel = [c for c in app.connector.sends() if c.conversation_id.startswith("19:rota")]
    assert all("Question" not in c.text for c in in_channel)  # no details in the channel


async def test_edited_message_is_scanned_again(app: App) -> None:
    clean = channel_post(app, "Running late for the 10 o'clock visit", entities=[])
    clean["id"] = "1700000000555"
    assert (await app.post(clean))[0] == 202
    await app.settle()  # the original is handled first, as in Teams
    edited = dict(
        clean,
        type="messageUpdate",
        text="Running late for Mrs Ada Lovelace at 12 Acacia Avenue BS1 4DJ",
        channelData={**clean["channelData"], "eventType": "editMessage"},
    )
    assert (await app.post(edited))[0] == 202
    warning = await app.wait_for(lambda: app.connector.to(f"a:chat-with-{CARER}"))
    assert warning, "the edit was not scanned"
    assert "Lovelace" not in json.dumps(warning[0].card)


async def test_high_risk_and_details_from_the_alert_card(app: App) -> None:
    what = "Care plan for Mrs Ada Lovelace sent to the wrong group"
    reference, alert = await report_breach(app, what=what)
    assert "Lovelace" not in json.dumps(alert.card)  # masked on the channel card
    message_id = posted_id(app, alert)
    risk = card_action(
        app, "breach.mark_high_risk", {"reference": reference}, by=RHIANNON, reply_to=message_id
    )
    status, answer = await app.post(risk)
    assert status == 200
    assert "HIGH RISK" in json.dumps(answer["value"])
    details = card_action(
        app, "breach.details", {"reference": reference}, by=RHIANNON, reply_to=message_id
    )
    status, _answer = await app.post(details)
    assert status == 200
    private = await app.wait_for(lambda: app.connector.to(f"a:chat-with-{RHIANNON}"))
    assert private, "details were not sent to the DPO's 1:1 chat"
    assert any(reference in c.text for c in private)
    channel_text = json.dumps([c.body for c in app.connector.calls if ADULTS_ALERTS in c.path])
    assert "Lovelace" not in channel_text  # the name never reaches the channel


async def test_hand_over_tells_the_other_dpo(app: App) -> None:
    reference, alert = await report_breach(app)
    message_id = posted_id(app, alert)
    press = card_action(
        app, "breach.hand_over", {"reference": reference}, by=RHIANNON, reply_to=message_id
    )
    status, answer = await app.post(press)
    assert status == 200
    assert "HANDED OVER" in json.dumps(answer["value"])
    chats = await app.wait_for(app.connector.new_chats)
    assert [c.body["members"][0]["id"] for c in chats] == [CLAIRE]


async def test_throttled_sends_are_retried_and_nothing_is_lost(app: App) -> None:
    app.connector.failures.extend(
        [Failure(429, retry_after="0"), Failure(503), Failure(429, retry_after="0")]
    )
    reference, _alert = await report_breach(app)  # every step still answered, alert posted
    assert not app.connector.failures  # the failures were really served
    assert reference.startswith("BR-")
    # Every answer reached the carer exactly once, in order, despite the retried calls.
    attempts = [c.text for c in app.connector.to(CARER_CHAT)]
    delivered = list(dict.fromkeys(attempts))
    assert len(delivered) == len(ANSWERS) + 1
    assert delivered[0].startswith("Let's report a data breach")
    assert "Your reference is" in delivered[-1]
    assert len(attempts) > len(delivered)  # some were sent more than once (the retries)


async def test_not_ready_when_the_register_is_gone(app: App, tmp_path: Path) -> None:
    app.prepared.register.engine.dispose()
    (tmp_path / "careguard.db").unlink()
    async with app.http.get(f"{app.url}/readyz") as resp:
        assert resp.status == 503
        body = await resp.json()
    assert body["checks"]["database"] is False
    assert body["checks"]["workers"] is True
    async with app.http.get(f"{app.url}/healthz") as resp:
        assert resp.status == 200  # alive, just not ready


def _actions(card: Any) -> list[dict[str, Any]]:
    """Every Action.Execute in a card, wherever it sits."""
    found: list[dict[str, Any]] = []
    if isinstance(card, dict):
        if card.get("type") == "Action.Execute":
            found.append(card)
        for value in card.values():
            found += _actions(value)
    elif isinstance(card, list):
        for value in card:
            found += _actions(value)
    return found


async def test_dpo_turns_a_warning_into_an_alerted_breach(app: App) -> None:
    body = channel_post(
        app,
        "Mrs Ada Lovelace at 12 Acacia Avenue BS1 4DJ needs a new key safe",
        channel="19:office-channel@thread.tacv2",
        message_id="1700000000001",
        user_aad=RHIANNON,
        user_name="Rhiannon Williams",
        entities=[],
    )
    assert (await app.post(body))[0] == 202
    warning = await app.wait_for(lambda: app.connector.to(f"a:chat-with-{RHIANNON}"))
    assert warning, "no private warning"
    record = [a for a in _actions(warning[0].card) if a["verb"] == "warning.record_breach"]
    assert record, "a DPO's warning offers to record a breach"
    press = card_action(
        app, "warning.record_breach", record[0]["data"], by=RHIANNON, reply_to="msg-1"
    )
    press["conversation"]["id"] = f"a:chat-with-{RHIANNON}"
    status, answer = await app.post(press)
    assert status == 200
    assert "BR-" in json.dumps(answer)
    alerts = await app.wait_for(lambda: app.connector.to(ADULTS_ALERTS))
    assert len(alerts) == 1, "the recorded breach is alerted like any report"
    card = json.dumps(alerts[0].card)
    assert "Lovelace" not in card
    assert "Acacia" not in card
