"""The keyed hash that stands in for a message in hygiene events.

A plain SHA-256 of a short chat message can be reversed by guessing ("Visited Mrs X
at 9" has few variants), so the hash is keyed: HMAC-SHA256 with a key derived by HKDF
from the register encryption key (or a dedicated key given by the caller). Without the
key, a stored hash says nothing about the message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HKDF_INFO = b"careguard/hygiene/message-hash/v1"
MIN_KEY_BYTES = 16
_SPACES = re.compile(r"\s+")


class HashKeyError(ValueError):
    """The key for message hashes is missing or unusable (the message names the setting)."""


def derive_key(secret: bytes) -> bytes:
    """A 32-byte HMAC key for message hashes, derived from ``secret`` with HKDF-SHA256.

    The derivation label keeps this key distinct from every other use of ``secret``.
    """
    if len(secret) < MIN_KEY_BYTES:
        raise HashKeyError(f"the hygiene hash key needs at least {MIN_KEY_BYTES} bytes")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(secret)


def _canonical(text: str) -> bytes:
    # Re-posting with other spacing or look-alike Unicode forms is still the same content.
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().encode("utf-8")


class MessageHasher:
    """Keyed hashes of message text (HMAC-SHA256, hex).

    Args:
        key: The HMAC key; use ``derive_key`` or ``from_register_key`` to make one.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise HashKeyError(f"the hygiene hash key needs at least {MIN_KEY_BYTES} bytes")
        self._key = key

    @classmethod
    def from_register_key(cls, value: str) -> MessageHasher:
        """A hasher keyed from ``CAREGUARD_REGISTER_KEY`` (its first, primary Fernet key).

        Raises:
            HashKeyError: the value holds no key or its first key is not base64.
        """
        first = next((part.strip() for part in value.split(",") if part.strip()), "")
        if not first:
            raise HashKeyError("CAREGUARD_REGISTER_KEY is empty: give at least one Fernet key")
        try:
            secret = base64.urlsafe_b64decode(first.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise HashKeyError("CAREGUARD_REGISTER_KEY holds a value that is not a key") from None
        return cls(derive_key(secret))

    def digest(self, text: str) -> str:
        """The keyed hash of ``text`` (spacing and Unicode forms normalised), 64 hex digits."""
        return hmac.new(self._key, _canonical(text), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "MessageHasher(<key hidden>)"
