"""The keyed message hash: same content same hash, unreadable without the key."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bot.app import hasher_for
from bot.services.hygiene_hash import HashKeyError, MessageHasher, derive_key
from bot.settings import Settings, SettingsError
from tests.unit.hygiene.fakes import SECRET_MESSAGE


def test_same_content_same_hash_whatever_the_spacing() -> None:
    hasher = MessageHasher(b"k" * 32)
    assert hasher.digest(SECRET_MESSAGE) == hasher.digest(f"  {SECRET_MESSAGE}\n")
    assert hasher.digest(SECRET_MESSAGE) == hasher.digest(SECRET_MESSAGE.replace(" ", "\u00a0"))
    assert hasher.digest(SECRET_MESSAGE) != hasher.digest(SECRET_MESSAGE + ".")


def test_the_hash_depends_on_the_key_and_is_not_a_plain_hash() -> None:
    one, two = MessageHasher(b"a" * 32), MessageHasher(b"b" * 32)
    assert one.digest(SECRET_MESSAGE) != two.digest(SECRET_MESSAGE)
    assert one.digest(SECRET_MESSAGE) != hashlib.sha256(SECRET_MESSAGE.encode()).hexdigest()
    assert "a" * 8 not in repr(one)


def test_the_key_comes_from_the_primary_register_key() -> None:
    primary, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    rotating = MessageHasher.from_register_key(f"{primary}, {old}")
    assert rotating.digest("x") == MessageHasher.from_register_key(primary).digest("x")
    assert rotating.digest("x") != MessageHasher.from_register_key(old).digest("x")
    # Derived, not the register key itself: the hash key is useless for decryption.
    assert derive_key(base64.urlsafe_b64decode(primary)) != base64.urlsafe_b64decode(primary)


@pytest.mark.parametrize("bad", ["", " , ", "not base64!!"])
def test_a_bad_register_key_is_refused_naming_the_setting(bad: str, tmp_path: Path) -> None:
    with pytest.raises(HashKeyError, match="CAREGUARD_REGISTER_KEY"):
        MessageHasher.from_register_key(bad)
    settings = Settings(CAREGUARD_REGISTER_KEY=SecretStr(bad), CAREGUARD_VAR_DIR=tmp_path)
    with pytest.raises(SettingsError, match="CAREGUARD_REGISTER_KEY"):  # at start-up: one line
        hasher_for(settings)


def test_short_keys_are_refused() -> None:
    with pytest.raises(HashKeyError, match="at least 16 bytes"):
        MessageHasher(b"short")


def test_settings_give_the_register_key_or_the_development_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CAREGUARD_REGISTER_KEY", raising=False)
    key = Fernet.generate_key().decode()
    with_key = Settings(CAREGUARD_REGISTER_KEY=SecretStr(key), CAREGUARD_VAR_DIR=tmp_path)
    assert hasher_for(with_key).digest("x") == MessageHasher.from_register_key(key).digest("x")
    dev = Settings(CAREGUARD_ENV="development", CAREGUARD_VAR_DIR=tmp_path / "dev")
    assert hasher_for(dev).digest("x") == hasher_for(dev).digest("x")
    assert (tmp_path / "dev" / "register.key").exists()
    production = Settings(CAREGUARD_ENV="production", CAREGUARD_VAR_DIR=tmp_path / "prod")
    with pytest.raises(SettingsError, match="CAREGUARD_REGISTER_KEY is not set"):
        hasher_for(production)
