"""The audit chain's HMAC keys, derived from the register key(s); never stored in the database.

Each Fernet key in ``CAREGUARD_REGISTER_KEY`` yields one chain key by HKDF-SHA256 (its
own salt and purpose label, so the chain key is independent of the Fernet keys' own
signing and encryption halves), and a short key id derived the same way under another
label. Every audit row records the id of the key that signed it; the first key signs,
every listed key verifies. The operator keeps one key list for both jobs, and rotates
both with ``careguard register rekey`` (see ``docs/register.md``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SALT = b"careguard register audit chain"
KEY_INFO = b"audit chain hmac key v1"
ID_INFO = b"audit chain key id v1"
KEY_ID_LENGTH = 16
"""Hex characters of a key id (8 bytes)."""


def _hkdf(material: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=SALT, info=info).derive(material)


@dataclass(frozen=True, slots=True)
class ChainKey:
    """One HMAC-SHA256 key and its public id."""

    key_id: str
    secret: bytes

    @classmethod
    def derive(cls, fernet_key: bytes) -> ChainKey:
        """The chain key that belongs to one Fernet key (its 32 decoded bytes are the input)."""
        material = base64.urlsafe_b64decode(fernet_key)
        key_id = _hkdf(material, ID_INFO, KEY_ID_LENGTH // 2).hex()
        return cls(key_id, _hkdf(material, KEY_INFO, 32))

    def sign(self, purpose: str, message: str) -> str:
        """HMAC-SHA256 (hex) over ``purpose`` and ``message``; purposes never collide."""
        data = purpose.encode("ascii") + b"\x00" + message.encode("utf-8")
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"ChainKey(key_id={self.key_id!r})"


class ChainKeys:
    """The configured chain keys, newest (signing) first."""

    def __init__(self, keys: list[ChainKey]) -> None:
        """Build from derived keys, newest first (at least one)."""
        if not keys:
            raise ValueError("at least one chain key is needed")
        self._keys = list(keys)
        self._by_id = {k.key_id: k for k in keys}

    @classmethod
    def from_fernet(cls, fernet_keys: list[bytes]) -> ChainKeys:
        """Derive the chain keys of a register key list."""
        return cls([ChainKey.derive(k) for k in fernet_keys])

    @property
    def primary(self) -> ChainKey:
        """The key new rows and checkpoints are signed with."""
        return self._keys[0]

    @property
    def ids(self) -> list[str]:
        """Every configured key id, newest first."""
        return [k.key_id for k in self._keys]

    def get(self, key_id: str | None) -> ChainKey | None:
        """The key with this id, if it is configured."""
        return self._by_id.get(key_id or "")

    def check(self, key_id: str | None, purpose: str, message: str, mac: str | None) -> bool:
        """True when ``mac`` is the signature of ``message`` by the key ``key_id``."""
        key = self.get(key_id)
        if key is None or not mac:
            return False
        return hmac.compare_digest(key.sign(purpose, message), mac)
