"""The DPO's half through the real app with signed tokens: the alert card's stage and dialogs.

A breach is reported, then walked through Teams dialogs (``task/fetch`` → a bad
``task/submit``: the error in the form, every value kept, nothing changed → a good one:
the dialog closes and the channel card is updated in place) from assessment to closure,
with the SIRO approving on their own card.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.services.ports import Scanner
from tests.e2e.conftest import ADULTS_ALERTS, CARER_CHAT, RHIANNON
from tests.e2e.fake_connector import Call
from tests.e2e.keyserver import KeyServer
from tests.e2e.signed_app import SignedApp, serve_signed

TONY = "0a1213a3-f59b-4a0c-8911-26e40d982787"  # SIRO in examples/citycare.toml
DANS_IT = "8faef740-b539-4fe2-97ee-10c5761804ba"  # IT support in examples/citycare.toml
ANSWERS = [
    "/breach",
    "10 minutes ago",
    "adults",
    "skip",
    "Birdie",
    "Rota with initials sent to the wrong group",
    "nothing yet",
    "yes",
]
ASSESS = {
    "data_types": "personal,special_category",
    "affected": "12",
    "estimate": "true",
    "impact": "Distress to the people on the rota",
    "high_risk": "yes",
    "rationale": "Health details of vulnerable adults",
}


@pytest.fixture
async def signed(tmp_path: Path, scanner: Scanner, keys: KeyServer) -> AsyncIterator[SignedApp]:
    async with serve_signed(tmp_path, scanner, keys) as app:
        yield app


async def report(app: SignedApp) -> tuple[str, str]:
    """The carer reports a breach; returns its reference and the alert card's message id."""
    for text in ANSWERS:
        before = len(app.connector.to(CARER_CHAT))
        assert await app.say(text) in (200, 202)
        await app.wait_for(lambda: app.connector.to(CARER_CHAT), before + 1)

    def cards() -> list[Call]:  # the daily register checkpoint is posted there too, as text
        return [c for c in app.connector.to(ADULTS_ALERTS) if c.card is not None]

    alerts = await app.wait_for(cards)
    assert len(alerts) == 1, [c.text for c in app.connector.to(CARER_CHAT)]
    card = alerts[0].card
    assert card is not None
    reference = card["fallbackText"].split()[2]
    sends = [c for c in app.connector.calls if c.method == "POST" and "/activities" in c.path]
    return reference, f"msg-{sends.index(alerts[0]) + 1}"


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found[node["id"]] = node
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return found


def dialog_card(answer: Any) -> dict[str, Any]:
    assert answer["task"]["type"] == "continue", answer
    content: dict[str, Any] = answer["task"]["value"]["card"]["content"]
    return content


def closed_with(answer: Any) -> str:
    assert answer["task"]["type"] == "message", answer
    return str(answer["task"]["value"])


def pending_timers(app: SignedApp, reference: str, prefix: str = "") -> list[str]:
    """Keys of the breach's pending timers, read from the register database."""
    from sqlalchemy import text

    query = "SELECT key FROM scheduled_work WHERE state = 'pending' AND key LIKE :like"
    with app.prepared.register.engine.connect() as connection:
        rows = connection.execute(text(query), {"like": f"%{reference}%{prefix}%"})
        return [str(r[0]) for r in rows]


async def card_update(app: SignedApp, message_id: str, count: int) -> Call:
    """The ``count``-th in-place update of the alert card (waits for it)."""
    updates = await app.wait_for(
        lambda: [u for u in app.connector.updates() if u.path.endswith(f"/{message_id}")], count
    )
    assert len(updates) >= count, f"alert card updated {len(updates)} times, wanted {count}"
    return updates[-1]


async def test_assess_and_close_through_dialogs_update_the_channel_card(
    signed: SignedApp,
) -> None:
    app = signed
    reference, message_id = await report(app)
    [posted_card] = [c.card for c in app.connector.to(ADULTS_ALERTS) if c.card is not None]
    posted = json.dumps(posted_card)
    assert "Stage: " in posted
    assert "task/fetch" in posted
    at = {"by": RHIANNON, "reply_to": message_id}

    # Assess: the dialog opens with the form.
    status, answer = await app.fetch("assess", reference, **at)
    assert status == 200
    form = dialog_card(answer)
    assert {"data_types", "affected", "high_risk", "rationale"} <= set(inputs(form))

    # A bad submit: the errors are in the form, what was typed is kept, nothing changed.
    bad = {**ASSESS, "affected": "about twelve", "high_risk": ""}
    status, answer = await app.submit("assess", reference, bad, **at)
    again = dialog_card(answer)
    fields = inputs(again)
    assert fields["affected"]["value"] == "about twelve"
    assert fields["impact"]["value"] == ASSESS["impact"]
    assert fields["data_types"]["value"] == ASSESS["data_types"]
    shown = json.dumps(again)
    assert "A whole number, please." in shown
    assert "Please fill this in." in shown
    assert app.connector.updates() == []

    # A good submit: the dialog closes with a message, the channel card shows the ICO clock.
    status, answer = await app.submit("assess", reference, ASSESS, **at)
    assert "high risk" in closed_with(answer)
    card = json.dumps((await card_update(app, message_id, 1)).card)
    assert "Stage: " in card
    assert "ICO decision" in card
    assert "ICO (72 h)" in card
    assert "h left" in card
    assert "HIGH RISK" in card

    assert pending_timers(app, reference, "ico_reminder")  # the 24/48/66 h reminders

    # An action for IT support: it reaches their 1:1 chat, and their Done is recorded.
    status, answer = await app.submit(
        "action", reference, {"text": "Recall the rota", "owner": "it", "kind": "containment"}, **at
    )
    closed_with(answer)
    it_chat = f"a:chat-with-{DANS_IT}"
    asked = await app.wait_for(
        lambda: [c for c in app.connector.to(it_chat) if c.card and "Done" in json.dumps(c.card)]
    )
    assert asked, "IT support got no action card"
    status, answer = await app.press(
        "breach.action_done",
        {"reference": reference, "action": "1", "card": "action"},
        by=DANS_IT,
        reply_to="it-card",
        conversation=it_chat,
        conversation_type="personal",
    )
    assert status == 200
    assert "done" in json.dumps(answer).lower()

    # The rest of the procedure, each step a dialog or a button on the same card.
    steps = [
        (
            "ico",
            {
                "notified": "yes",
                "at.date": "2026-11-23",
                "at.time": "10:00",
                "ico_reference": "IC-000111",
            },
        ),
        ("inform", {"informed": "yes", "how": "Phone call from the manager"}),
        (
            "investigate",
            {
                "root_cause": "Wrong group picked",
                "lessons": "Check the group",
                "recommendations": "Pin the policy",
            },
        ),
    ]
    for form_name, values in steps:
        status, answer = await app.submit(form_name, reference, values, **at)
        assert status == 200
        closed_with(answer)
        if form_name == "ico":  # the decision stops the ICO reminders
            assert pending_timers(app, reference, "ico_") == []
    status, answer = await app.press("breach.request_approval", {"reference": reference}, **at)
    assert status == 200
    siro_chat = f"a:chat-with-{TONY}"
    approval = await app.wait_for(
        lambda: [
            c for c in app.connector.to(siro_chat) if c.card and "Approve" in json.dumps(c.card)
        ]
    )
    assert approval, "the SIRO got no approval card"
    status, answer = await app.press(
        "breach.approve",
        {"reference": reference, "card": "approval"},
        by=TONY,
        reply_to="siro-card",
        conversation=siro_chat,
        conversation_type="personal",
    )
    assert "APPROVED" in json.dumps(answer["value"])  # the SIRO's own card, up to date
    approved = await app.wait_for(
        lambda: [u for u in app.connector.updates() if "Approved by" in json.dumps(u.card)]
    )
    assert approved, "the channel card never showed the approval"
    assert "Ready to close" in json.dumps(approved[-1].card)

    # Close: a bad submit (no summary) stays open; a good one closes the breach.
    status, answer = await app.fetch("close", reference, **at)
    assert "summary" in inputs(dialog_card(answer))
    updates_before = len(app.connector.updates())
    status, answer = await app.submit("close", reference, {"summary": "  "}, **at)
    assert "Please fill this in." in json.dumps(dialog_card(answer))
    assert len(app.connector.updates()) == updates_before
    status, answer = await app.submit("close", reference, {"summary": "Contained; ICO told"}, **at)
    assert f"{reference} is closed" in closed_with(answer)
    final = await app.wait_for(
        lambda: [u for u in app.connector.updates() if "CLOSED" in json.dumps(u.card)]
    )
    assert final, "the channel card never showed the breach closed"
    assert final[-1].path.endswith(f"/{message_id}")
    assert "Reopen" in json.dumps(final[-1].card)
    assert pending_timers(app, reference) == []  # nothing left to fire once closed

    # Reopen (the SIRO, with a reason): the card shows the breach open again with its history.
    status, answer = await app.submit(
        "reopen", reference, {"reason": "A second copy turned up"}, by=TONY, reply_to=message_id
    )
    closed_with(answer)
    reopened = await app.wait_for(
        lambda: [u for u in app.connector.updates() if "Reopened" in json.dumps(u.card)]
    )
    assert reopened, "the channel card never showed the reopening"
    history = json.dumps(reopened[-1].card)
    assert "Closed" in history or "closed" in history


async def test_a_refused_step_keeps_the_form_and_a_stranger_is_refused(signed: SignedApp) -> None:
    app = signed
    reference, message_id = await report(app)
    at = {"by": RHIANNON, "reply_to": message_id}
    status, answer = await app.submit("close", reference, {"summary": "Too early"}, **at)
    assert status == 200
    again = dialog_card(answer)
    assert "Nothing changed on" in json.dumps(again)
    assert "cannot close a breach that is reported" in json.dumps(again)
    assert inputs(again)["summary"]["value"] == "Too early"
    stranger = TONY.replace("0a", "ff")  # not in the organisation file
    _status, answer = await app.fetch("assess", reference, by=stranger, reply_to=message_id)
    assert "noted" in closed_with(answer)


async def test_the_daily_checkpoint_is_posted_to_each_alert_channel(signed: SignedApp) -> None:
    """After 07:00 UK time the register's signed checkpoint goes to the DPO alert channels.

    Before any activity the bot knows no Bot Connector address: the posts wait (in a lane
    of their own, holding up nothing) and go out once Teams has spoken to the bot.
    """
    assert await signed.say("hello") in (200, 202)
    signed.clock.advance(minutes=5)  # past the retry delay of the first, unroutable try
    posted = await signed.wait_for(lambda: signed.connector.checkpoints, 2, seconds=20)
    channels = {c.conversation_id for c in posted}
    assert ADULTS_ALERTS in channels
    assert len(channels) == 2
    assert "register verify --checkpoint" in posted[0].text
