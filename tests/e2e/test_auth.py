"""Who may speak for whom: the token matrix on the real application in production mode.

Every bad token (``bad_tokens.BAD``) gets a 4xx: never a 2xx, never a 5xx, and nothing
reaches either connector; a good Bot Framework token gets its reply. The attacks of
issue 11 (an app-only token of our own tenant redirecting replies, rewriting stored
references, and acknowledging a breach as the DPO) are refused and change nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services.ports import Scanner
from bot.teams.notifier import SERVICE_KEY
from tests.e2e.bad_tokens import BAD, Target, _tenant
from tests.e2e.conftest import ADULTS_ALERTS, CARER, CARER_CHAT, RHIANNON
from tests.e2e.keyserver import KeyServer
from tests.e2e.secured import Secured, serve_production
from tests.e2e.test_flows import ANSWERED, card_action, posted_id, report_breach


@pytest.fixture
async def secured(tmp_path: Path, scanner: Scanner, keys: KeyServer) -> AsyncIterator[Secured]:
    async with serve_production(tmp_path, scanner, keys) as app:
        yield app


class SignedApp:
    """Adapts ``Secured`` to ``test_flows.report_breach``: every activity has a good token."""

    def __init__(self, app: Secured) -> None:
        self.app = app
        self.connector = app.connector
        self.wait_for = app.wait_for

    async def say(self, text: str, **kwargs: object) -> tuple[int, None]:
        return await self.app.say_signed(text, **kwargs), None  # type: ignore[arg-type]


def target(app: Secured) -> Target:
    return Target(real=app.connector.url, evil=app.evil.url)


def message(app: Secured, service_url: str | None) -> dict[str, object]:
    from tests.e2e.harness import activity

    body = activity(
        app.connector.url, conversation_id=CARER_CHAT, user_aad=CARER, user_name="Sam Carer"
    )
    if service_url is None:
        del body["serviceUrl"]
    else:
        body["serviceUrl"] = service_url
    return body


async def test_the_token_matrix(
    secured: Secured, keys: KeyServer, capsys: pytest.CaptureFixture[str]
) -> None:
    statuses: dict[str, int] = {}
    for name, case in BAD.items():
        header = case.header(keys, target(secured))
        status, _ = await secured.post_with(
            message(secured, case.service_url(target(secured))), header
        )
        statuses[name] = status
    await secured.settle()
    tally = Counter(f"{s // 100}xx" for s in statuses.values())
    codes = dict(sorted(Counter(statuses.values()).items()))
    with capsys.disabled():
        print(
            f"\nauth matrix: {len(statuses)} bad requests -> {dict(sorted(tally.items()))} "
            f"{codes}, outbound calls: {secured.outbound()}"
        )
    assert len(statuses) >= 40
    assert {n: s for n, s in statuses.items() if not 400 <= s < 500} == {}
    assert secured.outbound() == 0
    assert secured.state.load(SERVICE_KEY) is None  # nothing was even stored
    assert secured.state.load(f"user:{CARER}") is None
    # And the good case still works on the same server.
    assert await secured.say_signed("hello") in ANSWERED
    replies = await secured.wait_for(lambda: secured.connector.to(CARER_CHAT))
    assert replies
    assert replies[0].headers["Authorization"] == "Bearer outbound-test-token"


@pytest.mark.parametrize(
    ("lifetime", "not_before"), [(-60, -120), (3600, 120)], ids=["expired 1 min", "nbf in 2 min"]
)
async def test_clock_skew_within_five_minutes_is_tolerated(
    secured: Secured, lifetime: int, not_before: int
) -> None:
    token = secured.keys.token(
        lifetime=lifetime, not_before=not_before, extra={"serviceurl": secured.connector.url}
    )
    assert await secured.say_signed("hello", token=token) in ANSWERED


async def test_a_tenant_token_cannot_redirect_replies_or_rewrite_references(
    secured: Secured,
) -> None:
    assert await secured.say_signed("hello") in ANSWERED
    await secured.wait_for(lambda: secured.connector.to(CARER_CHAT))
    before = {key: secured.state.load(key) for key in (SERVICE_KEY, f"user:{CARER}")}
    assert before[SERVICE_KEY] is not None
    assert before[SERVICE_KEY][1]["service_url"] == secured.connector.url
    forged = _tenant(secured.keys, target(secured))
    body = message(secured, secured.evil.url)
    assert (await secured.post_with(body, f"Bearer {forged}"))[0] == 401
    install = dict(body, type="conversationUpdate", membersAdded=[{"id": "28:x"}])
    assert (await secured.post_with(install, f"Bearer {forged}"))[0] == 401
    await secured.settle()
    assert secured.evil.calls == []
    assert {key: secured.state.load(key) for key in before} == before


async def test_a_tenant_token_cannot_acknowledge_as_the_dpo(secured: Secured) -> None:
    reference, alert = await report_breach(SignedApp(secured))  # type: ignore[arg-type]
    ack = card_action(
        secured,
        "breach.acknowledge",
        {"reference": reference},
        by=RHIANNON,
        reply_to=posted_id(secured, alert),
    )
    forged = _tenant(secured.keys, target(secured))
    for body in (ack, dict(ack, serviceUrl=secured.evil.url)):
        assert (await secured.post_with(body, f"Bearer {forged}"))[0] == 401
    await secured.settle()
    (breach,) = secured.prepared.register.repository.list_breaches()
    assert breach.acknowledged_by is None
    assert secured.connector.updates() == []
    assert secured.evil.calls == []
    # The DPO's own click, with the channel's token, still works.
    status, answer = await secured.post_with(ack, f"Bearer {secured.good_token()}")
    assert status == 200
    assert "ACKNOWLEDGED" in json.dumps(answer["value"])
    assert secured.connector.to(ADULTS_ALERTS)


async def test_an_oversized_authorization_header_is_one_log_line_without_the_token(
    secured: Secured, caplog: pytest.LogCaptureFixture
) -> None:
    token = "s3cr3tT0ken" * 1000
    with caplog.at_level(logging.DEBUG):
        status, _ = await secured.post_with(
            message(secured, secured.connector.url), f"Bearer {token}"
        )
        await asyncio.sleep(0.05)
    assert status == 400
    server = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert len(server) == 1
    assert server[0].exc_info is None
    assert "could not be read" in server[0].getMessage()
    assert all("s3cr3tT0ken" not in r.getMessage() and not r.exc_info for r in caplog.records)
