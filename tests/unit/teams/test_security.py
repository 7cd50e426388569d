"""The rules on top of the SDK's token check, the service-URL allow-list, start-up checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.cli import main
from bot.settings import Settings, SettingsError, load_settings
from bot.teams.security import CLOCK_SKEW, check_bot_identity, check_certificate, claims_problem
from bot.teams.service_urls import ServiceUrls
from tests.unit.teams.certificates import write_pfx

NOW = 1_790_000_000.0
TENANT = "5f0c7d3e-1111-4222-8333-444455556666"
ORG_FILE = Path(__file__).resolve().parents[3] / "examples" / "citycare.toml"


pytestmark = pytest.mark.usefixtures("clean_environment")


def claims(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "iss": "https://api.botframework.com",
        "aud": "app",
        "exp": NOW + 3600,
        "nbf": NOW - 60,
        "serviceurl": "https://smba.trafficmanager.net/uk/",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def test_a_channel_token_is_acceptable() -> None:
    assert claims_problem(claims(), NOW) is None
    assert claims_problem(claims(nbf=None), NOW) is None  # nbf is optional


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"iss": f"https://login.microsoftonline.com/{TENANT}/v2.0"}, "issuer"),
        ({"iss": f"https://sts.windows.net/{TENANT}/"}, "issuer"),
        ({"iss": "https://api.botframework.com/"}, "issuer"),
        ({"iss": None}, "issuer"),
        ({"exp": None}, "exp"),
        ({"exp": str(int(NOW + 3600))}, "exp"),
        ({"exp": True}, "exp"),
        ({"exp": float("inf")}, "exp"),
        ({"exp": NOW - CLOCK_SKEW - 1}, "expired"),
        ({"nbf": str(int(NOW))}, "nbf"),
        ({"nbf": NOW + CLOCK_SKEW + 1}, "not yet valid"),
        ({"serviceurl": None}, "serviceurl"),
        ({"serviceurl": ""}, "serviceurl"),
        ({"serviceurl": ["https://smba.trafficmanager.net/uk/"]}, "serviceurl"),
    ],
)
def test_claims_that_may_not_come_with_an_activity(changes: dict[str, Any], problem: str) -> None:
    found = claims_problem(claims(**changes), NOW)
    assert found is not None
    assert problem in found


def test_the_leeway_is_five_minutes_at_most() -> None:
    assert CLOCK_SKEW <= 300
    assert claims_problem(claims(exp=NOW - CLOCK_SKEW + 1), NOW) is None
    assert claims_problem(claims(nbf=NOW + CLOCK_SKEW - 1), NOW) is None


ALLOWED = [
    "https://smba.trafficmanager.net/amer/",
    "https://smba.trafficmanager.net/emea/",
    "https://smba.trafficmanager.net/uk/",
    "https://smba.trafficmanager.net/teams/",
    "https://smba.trafficmanager.net/amer-client-ss.msg/",
    "https://SMBA.trafficmanager.net/emea/",
    "https://smba.trafficmanager.net:443/emea/",
    "https://smba.onyx.prod.teams.trafficmanager.net/",
]
REFUSED = [
    "http://smba.trafficmanager.net/emea/",  # not https
    "https://smba.trafficmanager.net.evil.example/",
    "https://evil.smba.trafficmanager.net/",  # no sub-domains
    "https://smba.trafficmanager.net./emea/",
    "https://smba.trafficmanager.net:8443/emea/",
    "https://user@smba.trafficmanager.net/emea/",
    "https://smba.trafficmanager.net/emea/?x=1",
    "https://smba.trafficmanager.net/emea/#x",
    "https://smba.trafficmanager.net/emea/\n",
    "https://smba.trafficmanager.net:notaport/",
    "https://skype.botframework.com/",  # the SDK allows all of *.botframework.com
    "https://x.blob.core.windows.net/c/",  # in the SDK's list: anyone can host there
    "https://contoso.sharepoint.com/",
    "https://graph.microsoft.com/v1.0/",
    "https://smba.infra.gcc.teams.microsoft.com/teams",  # US government cloud only
    "https://127.0.0.1/",
    "http://localhost:3978/",
    "",
    "not a url",
]


@pytest.mark.parametrize("url", ALLOWED)
def test_teams_bot_connector_urls_are_allowed(url: str) -> None:
    assert ServiceUrls().is_allowed(url)


@pytest.mark.parametrize("url", REFUSED)
def test_anything_else_is_refused_in_production(url: str) -> None:
    assert not ServiceUrls().is_allowed(url)


def test_loopback_only_when_allowed_explicitly() -> None:
    assert ServiceUrls(allow_loopback=True).is_allowed("http://127.0.0.1:3978/")
    assert ServiceUrls(allow_loopback=True).is_allowed("https://smba.trafficmanager.net/uk/")
    assert not ServiceUrls(allow_loopback=True).is_allowed("http://user@127.0.0.1:1/")
    only = ServiceUrls(only_loopback=True)
    assert only.is_allowed("http://[::1]:9/")
    assert not only.is_allowed("https://smba.trafficmanager.net/uk/")


@pytest.mark.parametrize("alias", ["common", "organizations", "consumers", "contoso.com"])
def test_a_tenant_that_is_not_a_guid_is_refused(
    alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREGUARD_TENANT_ID", alias)
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert str(err.value).startswith("invalid setting CAREGUARD_TENANT_ID: must be")
    assert "\n" not in str(err.value)


def test_production_start_up_stops_on_the_common_tenant(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREGUARD_TENANT_ID", "common")
    assert main(["serve", "--config", str(ORG_FILE)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "CAREGUARD_TENANT_ID" in err
    assert "Traceback" not in err


def production(pfx: Path) -> Settings:
    return Settings(
        CAREGUARD_BOT_APP_ID="app", CAREGUARD_TENANT_ID=TENANT, CAREGUARD_BOT_CERTIFICATE_FILE=pfx
    )


def test_a_usable_certificate_passes(tmp_path: Path) -> None:
    check_bot_identity(production(write_pfx(tmp_path / "bot.pfx")))


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b"-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n"), "not a PFX"),
        (lambda p: p.write_bytes(b""), "not a PFX"),
        (lambda p: write_pfx(p, password=b"pw"), "without a password"),
        (lambda p: write_pfx(p, with_key=False), "private key"),
        (lambda p: write_pfx(p, days=-1), "expired on"),
        (lambda p: p.mkdir(), "cannot read"),
    ],
    ids=["garbage", "empty", "password", "no key", "expired", "a directory"],
)
def test_a_certificate_that_does_not_parse_stops_start_up(
    tmp_path: Path, make: Any, reason: str
) -> None:
    pfx = tmp_path / "bot.pfx"
    make(pfx)
    with pytest.raises(SettingsError) as err:
        check_certificate(pfx)
    message = str(err.value)
    assert message.startswith("CAREGUARD_BOT_CERTIFICATE_FILE: ")
    assert reason in message
    assert "\n" not in message
    assert "c2VjcmV0" not in message
    assert "BEGIN" not in message


def test_serve_with_a_broken_certificate_says_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(b"\x30\x82 this is not PKCS#12 s3cret-bytes")
    for name, value in {
        "CAREGUARD_BOT_APP_ID": "11111111-2222-4333-8444-555555555555",
        "CAREGUARD_TENANT_ID": TENANT,
        "CAREGUARD_BOT_CERTIFICATE_FILE": str(pfx),
        "CAREGUARD_REGISTER_KEY": Fernet.generate_key().decode(),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CAREGUARD_BOT_CLIENT_SECRET", raising=False)
    assert main(["serve", "--config", str(ORG_FILE)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careguard: error: CAREGUARD_BOT_CERTIFICATE_FILE: ")
    assert err.count("\n") == 1
    assert "s3cret-bytes" not in err
    assert "Traceback" not in err
