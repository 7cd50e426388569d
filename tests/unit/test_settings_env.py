"""Environment settings: defaults, optional bot settings, and naming every missing secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import (
    Mode,
    SettingsError,
    load_settings,
    require_organisation,
    require_production_secrets,
)

_VARS = (
    "CAREGUARD_ENV",
    "DATABASE_URL",
    "CAREGUARD_CONFIG",
    "CAREGUARD_REGISTER_KEY",
    "CAREGUARD_BOT_APP_ID",
    "CAREGUARD_BOT_CLIENT_SECRET",
    "CAREGUARD_TENANT_ID",
    "CAREGUARD_SPACY_MODEL",
    "CAREGUARD_CLIENTS_CSV",
    "CAREGUARD_STAFF_CSV",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _VARS:
        monkeypatch.delenv(name, raising=False)


def test_production_is_the_default_and_dev_is_explicit() -> None:
    assert load_settings().mode is Mode.PRODUCTION
    assert load_settings(dev=True).is_dev


def test_bot_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREGUARD_BOT_APP_ID", "11111111-2222-4333-8444-555555555555")
    monkeypatch.setenv("CAREGUARD_BOT_CLIENT_SECRET", "s3cret-value")
    monkeypatch.setenv("CAREGUARD_CLIENTS_CSV", "var/clients.csv")
    settings = load_settings(config_path=Path("examples/citycare.toml"))
    assert settings.bot_app_id == "11111111-2222-4333-8444-555555555555"
    assert settings.bot_client_secret is not None
    assert settings.bot_client_secret.get_secret_value() == "s3cret-value"
    assert "s3cret-value" not in repr(settings)
    assert settings.clients_csv == Path("var/clients.csv")
    assert settings.config_path == Path("examples/citycare.toml")


def test_missing_secrets_are_all_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREGUARD_BOT_APP_ID", "app")
    monkeypatch.setenv("CAREGUARD_TENANT_ID", "  ")
    settings = load_settings()
    with pytest.raises(SettingsError) as err:
        require_production_secrets(
            settings, ["register_key", "bot_app_id", "bot_client_secret", "tenant_id"]
        )
    assert str(err.value) == (
        "missing required settings: CAREGUARD_REGISTER_KEY, CAREGUARD_BOT_CLIENT_SECRET, "
        "CAREGUARD_TENANT_ID"
    )


def test_present_secrets_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", "k")
    require_production_secrets(load_settings(), ["register_key"])


def test_unknown_secret_name_is_a_programming_error() -> None:
    with pytest.raises(SettingsError, match="unknown setting 'registr_key'"):
        require_production_secrets(load_settings(), ["registr_key"])


def test_bad_mode_names_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREGUARD_ENV", "staging")
    with pytest.raises(SettingsError, match="CAREGUARD_ENV"):
        load_settings()


def test_organisation_comes_from_the_configured_file() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "citycare.toml"
    org = require_organisation(load_settings(config_path=example))
    assert org.name == "City Care Southwest Ltd"
    with pytest.raises(SettingsError, match="CAREGUARD_CONFIG"):
        require_organisation(load_settings())


def test_optional_bot_settings_default_to_unset() -> None:
    settings = load_settings()
    assert settings.spacy_model is None
    assert settings.bot_app_id is None
    assert settings.clients_csv is None


def test_either_credential_is_enough(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    group = (("bot_client_secret", "bot_certificate_file"),)
    with pytest.raises(SettingsError) as err:
        require_production_secrets(load_settings(), [], one_of=group)
    assert str(err.value) == (
        "missing required settings: CAREGUARD_BOT_CLIENT_SECRET or CAREGUARD_BOT_CERTIFICATE_FILE"
    )
    monkeypatch.setenv("CAREGUARD_BOT_CERTIFICATE_FILE", str(tmp_path / "bot.pfx"))
    require_production_secrets(load_settings(), [], one_of=group)
