"""Lone UTF-16 surrogates (``"\\ud800"`` in the JSON) anywhere in an activity: no incident.

Python decodes such JSON to strings that cannot be encoded, so an id, a key or a text
holding one would fail as a database key, in a hash or in a log line. The real bot on
the real app must answer as usual, and nothing may be logged as an error.
"""

from __future__ import annotations

import json
import logging

import pytest

from tests.e2e.conftest import ADULTS_ALERTS, CARER, App
from tests.e2e.harness import TENANT_ID, activity

LONE = "\ud800"
OTHER_LONE = "\udfff"


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_lone_surrogates_in_a_personal_message(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    chat = f"a:chat{LONE}"
    body = activity(
        app.connector.url,
        text=f"hello {OTHER_LONE}",
        conversation_id=chat,
        user_aad=f"{CARER}{LONE}",
        user_name=f"Sam {LONE}",
        activity_id=f"act{LONE}1",
    )
    status, _ = await app.post(body)
    assert status == 200  # answered once its step committed
    assert (await app.post(body))[0] == 200  # the same delivery again is recognised
    await app.settle()
    assert len(await app.wait_for(app.connector.sends)) == 1
    assert errors(caplog) == []


async def test_lone_surrogates_in_a_channel_message_and_its_edit(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    channel = f"19:rota{LONE}@thread.tacv2"
    common = {
        "conversation_type": "channel",
        "conversation_id": f"{channel};messageid=1",
        "user_aad": CARER,
        "activity_id": f"1{OTHER_LONE}",
        "channelData": {
            "team": {"id": f"19:team{LONE}@thread.tacv2"},
            "channel": {"id": channel},
            "tenant": {"id": TENANT_ID},
        },
    }
    text = f"Margaret Hollis {LONE} needs her tablets at 10"
    assert (await app.post(activity(app.connector.url, text=text, **common)))[0] == 202
    edit = activity(app.connector.url, text=text + OTHER_LONE, kind="messageUpdate", **common)
    assert (await app.post(edit))[0] == 202
    await app.settle()
    assert errors(caplog) == []
    # The warning went privately to the author, as for any other message.
    assert app.connector.sends()
    assert all(LONE not in json.dumps(c.body, ensure_ascii=False) for c in app.connector.calls)


async def test_lone_surrogates_in_a_card_action(app: App, caplog: pytest.LogCaptureFixture) -> None:
    invoke = activity(
        app.connector.url,
        kind="invoke",
        text="",
        conversation_type="channel",
        conversation_id=ADULTS_ALERTS,
        user_aad=f"{CARER}{LONE}",
        activity_id=f"invoke{LONE}",
        name="adaptiveCard/action",
        replyToId=f"msg{LONE}",
        value={"action": {"verb": f"breach.acknowledge{LONE}", "data": {"reference": LONE}}},
        channelData={"channel": {"id": ADULTS_ALERTS}, "tenant": {"id": TENANT_ID}},
    )
    status, answer = await app.post(invoke)
    assert status == 200
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    await app.settle()
    assert errors(caplog) == []
