"""``careguard serve`` refuses to start without what it needs, saying exactly what."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

ORG_FILE = Path(__file__).resolve().parents[3] / "examples" / "citycare.toml"
TENANT = "5f0c7d3e-1111-4222-8333-444455556666"


pytestmark = pytest.mark.usefixtures("clean_environment")


def test_production_names_everything_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careguard: error: missing required settings:")
    for name in (
        "CAREGUARD_BOT_APP_ID",
        "CAREGUARD_BOT_CLIENT_SECRET or CAREGUARD_BOT_CERTIFICATE_FILE",
        "CAREGUARD_TENANT_ID",
        "CAREGUARD_REGISTER_KEY",
        "CAREGUARD_CONFIG",
    ):
        assert name in err
    assert "Traceback" not in err


def test_production_names_only_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREGUARD_BOT_APP_ID", "app")
    monkeypatch.setenv("CAREGUARD_TENANT_ID", TENANT)
    assert main(["serve", "--config", str(ORG_FILE)]) == 2
    err = capsys.readouterr().err
    assert "CAREGUARD_BOT_CLIENT_SECRET" in err
    assert "CAREGUARD_REGISTER_KEY" in err
    assert "CAREGUARD_BOT_APP_ID" not in err
    assert "CAREGUARD_CONFIG" not in err


def test_dev_mode_listens_on_loopback_only(capsys: pytest.CaptureFixture[str]) -> None:
    everywhere = "0.0.0.0"  # noqa: S104 - the point: dev mode must refuse it
    assert main(["serve", "--dev", "--host", everywhere, "--config", str(ORG_FILE)]) == 2
    assert "loopback only" in capsys.readouterr().err


def test_dev_mode_without_a_database_says_how_to_make_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--dev", "serve", "--config", str(ORG_FILE)]) == 2
    err = capsys.readouterr().err
    assert "careguard db upgrade" in err
    assert "Traceback" not in err


def test_dev_mode_needs_the_organisation_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dev", "serve"]) == 2
    assert "CAREGUARD_CONFIG" in capsys.readouterr().err


def test_a_certificate_instead_of_a_secret_is_accepted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREGUARD_BOT_APP_ID", "app")
    monkeypatch.setenv("CAREGUARD_TENANT_ID", TENANT)
    monkeypatch.setenv("CAREGUARD_BOT_CERTIFICATE_FILE", str(tmp_path / "bot.pfx"))
    assert main(["serve", "--config", str(ORG_FILE)]) == 2
    err = capsys.readouterr().err
    assert "CAREGUARD_BOT_CLIENT_SECRET" not in err  # the certificate stands in for it
    assert "CAREGUARD_REGISTER_KEY" in err


def test_certificate_auth_configuration(tmp_path: Path) -> None:
    from microsoft_agents.hosting.core.authorization import AuthTypes

    from bot.settings import Settings, SettingsError
    from bot.teams.security import auth_configuration
    from tests.unit.teams.certificates import write_pfx

    pfx = tmp_path / "bot.pfx"
    settings = Settings(
        CAREGUARD_BOT_APP_ID="app", CAREGUARD_TENANT_ID=TENANT, CAREGUARD_BOT_CERTIFICATE_FILE=pfx
    )
    with pytest.raises(SettingsError, match="CAREGUARD_BOT_CERTIFICATE_FILE"):
        auth_configuration(settings)
    write_pfx(pfx)
    config = auth_configuration(settings)
    assert AuthTypes.certificate == config.AUTH_TYPE
    assert str(pfx) == config.CERT_PFX_FILE
    assert config.CLIENT_SECRET is None
