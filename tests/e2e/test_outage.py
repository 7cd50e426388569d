"""A 20-minute Bot Connector outage during escalation: the chain waits, resumes, skips nobody.

The real app on loopback with a manual clock: a breach is reported and alerted, then the
fake Bot Connector answers every call with 503 for 20 minutes of the app's time, over
the moment the other DPO is due to be asked (12 minutes: five people share the hour) and
the moment the SIRO would be next. While it lasts, only the other DPO is tried, again and
again; when Teams answers again she is told (the notice says how late), and only then
does the chain go on to the SIRO.
"""

from __future__ import annotations

import asyncio
import json

from tests.e2e.conftest import ADULTS_ALERTS, CARER_CHAT, CLAIRE, App
from tests.e2e.fake_connector import Call
from tests.e2e.test_flows import report_breach

TONY = "0a1213a3-f59b-4a0c-8911-26e40d982787"  # SIRO in examples/citycare.toml


async def quiet(app: App, stable: float = 0.25, seconds: float = 10.0) -> None:
    """Wait until no turn runs and the connector has had no new call for ``stable`` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    last, since = len(app.connector.calls), loop.time()
    while loop.time() < deadline:
        await asyncio.sleep(0.05)
        async with app.http.get(f"{app.url}/readyz") as resp:
            busy = (await resp.json()).get("pending_turns") != 0
        if busy or len(app.connector.calls) != last:
            last, since = len(app.connector.calls), loop.time()
        elif loop.time() - since >= stable:
            return
    raise AssertionError("the app did not settle")


async def run_for(app: App, minutes: int) -> None:
    """Move the app's clock on ``minutes``, 30 s at a time, letting it act at each step."""
    for _ in range(minutes * 2):
        app.clock.advance(seconds=30)
        await quiet(app)


def chats_with(calls: list[Call]) -> list[str]:
    """Whom 1:1 chats were opened with (or tried), in order."""
    return [
        c.body["members"][0]["id"]
        for c in calls
        if c.method == "POST" and c.path == "/v3/conversations"
    ]


async def test_a_20_minute_outage_delays_the_chain_and_skips_nobody(app: App) -> None:
    await report_breach(app)
    await run_for(app, 5)  # 10:05: nothing due yet
    assert chats_with(app.connector.calls) == []
    app.connector.down = 503
    start = len(app.connector.calls)
    await run_for(app, 20)  # 10:05-10:25: over Claire's step (10:12) and the SIRO's (10:24)
    during = app.connector.calls[start:]
    tried = chats_with(during)
    assert len(tried) >= 3  # retried through the outage, not given up
    assert set(tried) == {CLAIRE}  # and only Claire: nobody after her was asked meanwhile
    assert TONY not in json.dumps([c.body for c in during])
    app.connector.down = None
    end = len(app.connector.calls)
    await run_for(app, 6)  # the next retry is at most 5 minutes away
    after = app.connector.calls[end:]
    assert chats_with(after) == [CLAIRE]
    (notice,) = [c for c in after if c.conversation_id == f"a:chat-with-{CLAIRE}"]
    assert "Escalated to you" in json.dumps(notice.card)
    assert "min late: Teams could not be reached" in json.dumps(notice.card)
    assert any("Claire" in c.text for c in after if c.conversation_id == CARER_CHAT)
    assert any(c.conversation_id == ADULTS_ALERTS for c in after)  # the card shows it
    await run_for(app, 13)  # nobody acknowledged: the SIRO is next, 12 minutes on
    everyone = chats_with(app.connector.calls)
    assert everyone.index(TONY) > max(i for i, who in enumerate(everyone) if who == CLAIRE)
    tony = [c for c in app.connector.to(f"a:chat-with-{TONY}") if c.card is not None]
    assert len(tony) == 1
    assert "Escalated to you" in json.dumps(tony[0].card)
