"""Mounting the webhook: off unless configured, half-configured refused, idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from bot.settings import Mode, Settings, SettingsError
from bot.whatsapp.mount import BRIDGE, attach_whatsapp_bot, mount_whatsapp, whatsapp_settings
from tests.unit.whatsapp.test_bridge import ORG
from tests.unit.whatsapp.test_bridge import RecordingBot as FakeBot
from tests.unit.whatsapp.test_delivery import MaskingScanner

FULL = {
    "whatsapp_verify_token": "verify-token-for-tests",
    "whatsapp_app_secret": "meta-app-secret-for-tests",
    "whatsapp_access_token": "graph-access-token-for-tests",
    "whatsapp_phone_number_id": "106540352242922",
}
ENV = {
    "whatsapp_verify_token": "CAREGUARD_WHATSAPP_VERIFY_TOKEN",
    "whatsapp_app_secret": "CAREGUARD_WHATSAPP_APP_SECRET",
    "whatsapp_access_token": "CAREGUARD_WHATSAPP_ACCESS_TOKEN",
    "whatsapp_phone_number_id": "CAREGUARD_WHATSAPP_PHONE_NUMBER_ID",
}


def settings(**values: Any) -> Settings:
    return Settings(mode=Mode.DEVELOPMENT, **values)


def mount(app: web.Application, s: Settings) -> Any:
    return mount_whatsapp(app, s, FakeBot(), MaskingScanner(), organisation=ORG)


def test_not_configured_means_not_mounted() -> None:
    app = web.Application()
    assert whatsapp_settings(settings()) is None
    assert mount(app, settings()) is None
    assert BRIDGE not in app
    assert [r.resource.canonical for r in app.router.routes() if r.resource] == []
    attach_whatsapp_bot(app, FakeBot())  # nothing mounted: nothing to do, no error


def test_only_the_graph_url_does_not_switch_it_on() -> None:
    assert whatsapp_settings(settings(whatsapp_graph_url="https://example.org/v1")) is None


@pytest.mark.parametrize("left_out", sorted(FULL))
def test_half_configured_is_refused_naming_what_is_missing(left_out: str) -> None:
    values = {k: v for k, v in FULL.items() if k != left_out}
    with pytest.raises(SettingsError) as caught:
        whatsapp_settings(settings(**values))
    message = str(caught.value)
    assert ENV[left_out] in message
    assert all(ENV[k] not in message for k in values)
    assert all(secret not in message for secret in FULL.values())


def test_blank_values_count_as_missing() -> None:
    with pytest.raises(SettingsError, match="CAREGUARD_WHATSAPP_APP_SECRET"):
        whatsapp_settings(settings(**{**FULL, "whatsapp_app_secret": "   "}))


def test_the_environment_switches_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, env in ENV.items():
        monkeypatch.setenv(env, FULL[name])
    checked = whatsapp_settings(Settings())
    assert checked is not None
    assert checked.cloud.phone_number_id == FULL["whatsapp_phone_number_id"]
    assert checked.cloud.graph_url.startswith("https://graph.facebook.com/")
    assert checked.webhook.app_secret == FULL["whatsapp_app_secret"]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://graph.facebook.com/v21.0", True),
        ("http://127.0.0.1:8080/v21.0", True),
        ("http://localhost:8080/v21.0", True),
        ("http://[::1]:8080/v21.0", True),
        ("http://graph.facebook.com/v21.0", False),
        ("ftp://127.0.0.1/v21.0", False),
        ("graph.facebook.com", False),
    ],
)
def test_the_graph_url_must_be_https_except_to_this_machine(url: str, ok: bool) -> None:
    s = settings(**FULL, whatsapp_graph_url=url)
    if ok:
        assert whatsapp_settings(s) is not None
    else:
        with pytest.raises(SettingsError, match="CAREGUARD_WHATSAPP_GRAPH_URL"):
            whatsapp_settings(s)


def test_configured_mounts_the_webhook_once() -> None:
    app = web.Application()
    bridge = mount(app, settings(**FULL))
    assert bridge is not None
    assert app[BRIDGE] is bridge
    assert mount(app, settings(**FULL)) is bridge  # a second call changes nothing
    paths = {r.resource.canonical for r in app.router.routes() if r.resource}
    assert paths == {"/api/whatsapp"}
