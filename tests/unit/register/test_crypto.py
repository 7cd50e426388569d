"""The register key: production refuses to run without it, development makes one."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.register.breaches.crypto import DecryptionError, FieldCipher, load_cipher, parse_keys
from bot.settings import Mode, Settings, SettingsError


def settings(tmp_path: Path, *, key: str | None = None, dev: bool = False) -> Settings:
    values: dict[str, object] = {
        "CAREGUARD_VAR_DIR": tmp_path / "var",
        "CAREGUARD_ENV": Mode.DEVELOPMENT if dev else Mode.PRODUCTION,
    }
    if key is not None:
        values["CAREGUARD_REGISTER_KEY"] = key
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CAREGUARD_REGISTER_KEY", "CAREGUARD_ENV", "CAREGUARD_VAR_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_round_trip_and_ciphertext_hides_text() -> None:
    cipher = FieldCipher([Fernet.generate_key()])
    token = cipher.encrypt("Flat 4, Invented Road")
    assert "Invented" not in token
    assert cipher.decrypt(token) == "Flat 4, Invented Road"


def test_production_without_key_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="CAREGUARD_REGISTER_KEY is not set"):
        load_cipher(settings(tmp_path))
    assert not (tmp_path / "var").exists()


def test_invalid_key_is_named_but_not_echoed(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="CAREGUARD_REGISTER_KEY") as caught:
        load_cipher(settings(tmp_path, key="hunter2-not-a-key"))
    assert "hunter2" not in str(caught.value)


def test_dev_mode_creates_a_private_key_once_and_logs_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        first = load_cipher(settings(tmp_path, dev=True))
    key_file = tmp_path / "var" / "register.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "created a new register key" in caplog.text
    caplog.clear()
    second = load_cipher(settings(tmp_path, dev=True))
    assert "created" not in caplog.text
    assert second.decrypt(first.encrypt("same key")) == "same key"


def test_environment_key_wins_over_dev_file(tmp_path: Path) -> None:
    key = Fernet.generate_key()
    cipher = load_cipher(settings(tmp_path, key=key.decode(), dev=True))
    assert Fernet(key).decrypt(cipher.encrypt("x").encode()) == b"x"
    assert not (tmp_path / "var" / "register.key").exists()


def test_rotation_new_key_first() -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    token = FieldCipher([old]).encrypt("care plan")
    both = FieldCipher(parse_keys(f" {new.decode()} , {old.decode()} ,"))
    assert both.key_count == 2
    assert both.decrypt(token) == "care plan"
    assert not both.is_primary(token)
    rotated = both.rotate(token)
    assert both.is_primary(rotated)
    assert FieldCipher([new]).decrypt(rotated) == "care plan"
    with pytest.raises(DecryptionError):
        FieldCipher([old]).decrypt(rotated)


def test_empty_key_list_is_refused() -> None:
    with pytest.raises(SettingsError, match="empty"):
        FieldCipher(parse_keys(" , "))
