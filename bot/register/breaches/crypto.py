"""Encryption at rest for the register's free-text fields (Fernet, with key rotation).

``CAREGUARD_REGISTER_KEY`` holds one or more Fernet keys separated by commas. The first
key encrypts; every key decrypts. The audit chain's HMAC keys are derived from the same
list (``bot.register.breaches.keys``). Rotation: put the new key first, run
``careguard register rekey`` (re-encrypts and re-signs), then drop the old key.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.register.breaches.keys import ChainKeys
from bot.register.db import private_dir
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

KEY_ENV = "CAREGUARD_REGISTER_KEY"
DEV_KEY_FILE = "register.key"


class DecryptionError(Exception):
    """A stored field does not decrypt with any configured key."""


class FieldCipher:
    """Encrypts and decrypts text fields; the first key encrypts, all keys decrypt."""

    def __init__(self, keys: list[bytes]) -> None:
        """Build from raw Fernet keys, newest first.

        Raises:
            SettingsError: when there is no key or a key is not a valid Fernet key.
        """
        if not keys:
            raise SettingsError(f"{KEY_ENV} is empty: give at least one Fernet key")
        try:
            self._fernets = [Fernet(k) for k in keys]
        except (ValueError, TypeError):
            raise SettingsError(
                f"{KEY_ENV} holds a value that is not a Fernet key "
                "(32 url-safe base64-encoded bytes; see docs/register.md)"
            ) from None
        self._multi = MultiFernet(self._fernets)
        self._chain = ChainKeys.from_fernet(list(keys))

    @property
    def chain(self) -> ChainKeys:
        """The audit chain's HMAC keys, derived from the same key list (``keys.py``)."""
        return self._chain

    @property
    def key_count(self) -> int:
        """How many keys are configured (more than one during a rotation)."""
        return len(self._fernets)

    def encrypt(self, plaintext: str) -> str:
        """Encrypt with the primary key; returns an ASCII token."""
        return self._multi.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """Decrypt with whichever configured key matches.

        Raises:
            DecryptionError: no configured key opens the token.
        """
        try:
            return self._multi.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise DecryptionError(
                f"a stored field does not decrypt with any key in {KEY_ENV}"
            ) from None

    def rotate(self, token: str) -> str:
        """Re-encrypt a token under the primary key (plaintext never leaves this call)."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise DecryptionError(
                f"a stored field does not decrypt with any key in {KEY_ENV}"
            ) from None

    def is_primary(self, token: str) -> bool:
        """True when the primary key already opens the token (nothing to rotate)."""
        try:
            self._fernets[0].decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True


def parse_keys(value: str) -> list[bytes]:
    """Split a comma-separated key list, ignoring blanks."""
    return [part.strip().encode("ascii") for part in value.split(",") if part.strip()]


def load_cipher(settings: Settings) -> FieldCipher:
    """The cipher for this process, from ``CAREGUARD_REGISTER_KEY`` or the dev key file.

    In production a missing key is fatal. In development mode a key file under the var
    directory is used, created (mode 0600) on first use; its creation is logged.

    Raises:
        SettingsError: key missing in production, or not a valid key.
    """
    if settings.register_key is not None:
        return FieldCipher(parse_keys(settings.register_key.get_secret_value()))
    if not settings.is_dev:
        raise SettingsError(
            f"{KEY_ENV} is not set: production needs the register encryption key "
            "(use --dev for a local development key)"
        )
    return FieldCipher([_dev_key(settings.var_dir / DEV_KEY_FILE)])


def _dev_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    private_dir(path.parent)
    key = Fernet.generate_key()
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    log.warning("development mode: created a new register key at %s (mode 0600)", path)
    return key
