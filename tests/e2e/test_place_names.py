"""Channel names as people know them reach name warnings and their statistics.

Through the real app in production mode: a ``channelCreated`` event (a published sample's
shape, with a signed token) makes CareGuard read the team's channel list from the Bot
Connector; a flagged message in that channel then gets a private warning that names the
channel "Adults – Rota", and ``/hygiene`` counts it under that name. The organisation
file's ``[place_names]`` wins over what Teams says.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.register.state.hygiene import SqlHygiene
from bot.services.ports import Scanner
from tests.e2e.conftest import RHIANNON
from tests.e2e.harness import TENANT_ID, activity
from tests.e2e.keyserver import KeyServer
from tests.e2e.signed_app import SignedApp, serve_signed

TEAM = "19:adultsteam0000000000000000000000@thread.tacv2"
ROTA = "19:rotachannel000000000000000000000@thread.tacv2"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "teams-activities"


@pytest.fixture
async def signed(tmp_path: Path, scanner: Scanner, keys: KeyServer) -> AsyncIterator[SignedApp]:
    async with serve_signed(tmp_path, scanner, keys) as app:
        app.connector.teams[TEAM] = (
            "Adults",
            [{"id": TEAM, "name": None}, {"id": ROTA, "name": "Rota"}],
        )
        yield app


def channel_created(app: SignedApp) -> dict[str, object]:
    body = json.loads((SAMPLES / "conversationUpdate.channel-created.json").read_text())
    body["serviceUrl"] = app.connector.url
    body["conversation"] = {"isGroup": True, "conversationType": "channel", "id": TEAM}
    body["channelData"] = {
        "channel": {"id": ROTA, "name": "Rota"},
        "team": {"id": TEAM},
        "eventType": "channelCreated",
        "tenant": {"id": TENANT_ID},
    }
    return body


def names(app: SignedApp, key: str) -> str | None:
    with app.prepared.register.engine.connect() as connection:
        from sqlalchemy.orm import Session

        with Session(connection) as session:
            return SqlHygiene(session).place_name(key)


async def wait_for_name(app: SignedApp, key: str) -> str | None:
    for _ in range(250):
        found = names(app, key)
        if found:
            return found
        await app.wait_for(lambda: [], seconds=0.02)
    return None


async def test_a_new_channel_is_named_from_the_teams_channel_list(signed: SignedApp) -> None:
    status, _ = await signed.post(channel_created(signed))
    assert status in (200, 202)
    assert await wait_for_name(signed, ROTA) == "Adults – Rota"
    assert names(signed, TEAM) == "Adults – General"
    gets = [c.path for c in signed.connector.calls if c.method == "GET"]
    assert f"/v3/teams/{TEAM}/conversations" in gets


async def test_the_warning_and_the_statistics_name_the_channel(signed: SignedApp) -> None:
    await signed.post(channel_created(signed))
    assert await wait_for_name(signed, ROTA) == "Adults – Rota"
    message = activity(
        signed.connector.url,
        text="Margaret Thompson needs her meds moved to 10am",
        conversation_type="channel",
        conversation_id=f"{ROTA};messageid=1",
        user_aad=RHIANNON,
        user_name="Rhiannon Williams",
        channelData={"tenant": {"id": TENANT_ID}, "team": {"id": TEAM}, "channel": {"id": ROTA}},
    )
    status, _ = await signed.post(message)
    assert status in (200, 202)
    chats = await signed.wait_for(lambda: signed.connector.new_chats())
    assert chats, "no private chat was opened for the warning"
    warned = await signed.wait_for(
        lambda: [
            c
            for c in signed.connector.sends()
            if "Adults – Rota" in json.dumps(c.body, ensure_ascii=False)
        ]
    )
    assert warned, [c.body for c in signed.connector.sends()]
    assert "Margaret" not in json.dumps(warned[0].body)


async def test_when_teams_cannot_list_channels_the_event_name_is_kept(signed: SignedApp) -> None:
    signed.connector.teams.clear()  # the team lookup answers 404
    await signed.post(channel_created(signed))
    assert await wait_for_name(signed, ROTA) == "Rota"
