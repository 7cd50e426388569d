"""Bot Framework token checks on the SDK's real validation path, fully offline.

Every bad token gets a 401 (never 2xx, never 5xx) and the bot sends nothing; a valid
token from the Bot Framework or from our own tenant gets a 2xx and a reply.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import jwt
import pytest
from pydantic import SecretStr

from bot.settings import Mode, Settings
from tests.e2e.harness import OUTBOUND_TOKEN, EchoBot, Running, activity, running
from tests.e2e.keyserver import APP_ID, OTHER_TENANT, TENANT, KeyServer, new_key


def production_settings() -> Settings:
    return Settings(
        mode=Mode.PRODUCTION,
        bot_app_id=APP_ID,
        bot_client_secret=SecretStr("not-used-offline"),
        tenant_id=TENANT,
        register_key=SecretStr("unused"),
    )


@pytest.fixture
async def keys(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[KeyServer]:
    server = KeyServer()
    await server.start()
    server.redirect_sdk(monkeypatch)
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def served(keys: KeyServer) -> AsyncIterator[tuple[Running, EchoBot]]:
    bot = EchoBot()
    async with running(production_settings(), bot) as run:
        yield run, bot


def _alg_none(keys: KeyServer) -> str:
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "exp": 9_999_999_999}
    return jwt.encode(claims, None, algorithm="none", headers={"kid": keys.kid})


def _alg_none_no_kid(_keys: KeyServer) -> str:
    return jwt.encode({"iss": "https://api.botframework.com", "aud": APP_ID}, None, "none")


def _hs256_with_public_key_confusion(keys: KeyServer) -> str:
    return jwt.encode(
        {"iss": "https://api.botframework.com", "aud": APP_ID, "exp": 9_999_999_999},
        "a-shared-secret-of-at-least-32-bytes-long!",
        algorithm="HS256",
        headers={"kid": keys.kid},
    )


BAD_TOKENS: dict[str, Callable[[KeyServer], str | None]] = {
    "garbage": lambda k: "garbage",
    "three garbage parts": lambda k: "abc.def.ghi",
    "expired (beyond the 5-minute leeway)": lambda k: k.token(lifetime=-600),
    "not yet valid (beyond the leeway)": lambda k: k.token(not_before=900),
    "unknown signing key": lambda k: k.token(key=new_key(), kid="someone-elses-key"),
    "known key id, wrong key": lambda k: k.token(key=new_key()),
    "wrong audience": lambda k: k.token(audience="00000000-0000-0000-0000-000000000001"),
    "wrong issuer": lambda k: k.token(issuer="https://evil.example.com/"),
    "alg none": _alg_none,
    "alg none without kid": _alg_none_no_kid,
    "HS256": _hs256_with_public_key_confusion,
    "another tenant": lambda k: k.token(issuer=k.entra_issuer(OTHER_TENANT), tenant=OTHER_TENANT),
    "our issuer, another tenant's tid": lambda k: k.token(
        issuer=k.entra_issuer(TENANT), tenant=OTHER_TENANT
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TOKENS))
async def test_bad_token_is_refused_and_nothing_is_sent(
    case: str, keys: KeyServer, served: tuple[Running, EchoBot]
) -> None:
    run, bot = served
    token = BAD_TOKENS[case](keys)
    resp = await run.post(activity(run.connector.url), token=token)
    await run.settle()
    assert resp.status == 401, case
    assert bot.messages == []
    assert run.connector.calls == []


async def test_missing_or_malformed_header_is_refused(served: tuple[Running, EchoBot]) -> None:
    run, bot = served
    body = activity(run.connector.url)
    for header in (None, "Basic dXNlcjpwYXNz", "Bearer", "Bearer  a b", "bearer"):
        headers = {"Content-Type": "application/json"}
        if header is not None:
            headers["Authorization"] = header
        async with run.http.post(f"{run.url}/api/messages", json=body, headers=headers) as resp:
            assert resp.status == 401, header
    await run.settle()
    assert bot.messages == []
    assert run.connector.calls == []


@pytest.mark.parametrize("issuer", ["bot framework", "our tenant"])
async def test_valid_token_is_accepted_and_answered(
    issuer: str, keys: KeyServer, served: tuple[Running, EchoBot]
) -> None:
    run, bot = served
    claims = {"serviceurl": run.connector.url}
    if issuer == "bot framework":
        token = keys.token(extra=claims)
    else:
        token = keys.token(issuer=keys.entra_issuer(TENANT), tenant=TENANT, extra=claims)
    resp = await run.post(activity(run.connector.url), token=token)
    await run.settle()
    assert resp.status == 202
    assert len(bot.messages) == 1
    assert [c.text for c in run.connector.sends()] == ["noted"]
    assert run.connector.sends()[0].headers["Authorization"] == f"Bearer {OUTBOUND_TOKEN}"
    assert any("/keys" in path for path in keys.fetched)  # the SDK really fetched our JWKS


async def test_token_for_another_service_url_is_refused(
    keys: KeyServer, served: tuple[Running, EchoBot]
) -> None:
    run, bot = served
    token = keys.token(extra={"serviceurl": "https://smba.trafficmanager.net/emea/"})
    resp = await run.post(activity(run.connector.url), token=token)
    await run.settle()
    assert resp.status == 401
    assert bot.messages == []
    assert run.connector.calls == []


async def test_health_checks_need_no_token(served: tuple[Running, EchoBot]) -> None:
    run, _bot = served
    async with run.http.get(f"{run.url}/api/messages") as resp:
        assert resp.status == 405  # only POST exists, and it is protected
