"""PFX files for the start-up checks, made on the spot (nothing secret is committed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    NoEncryption,
    pkcs12,
)
from cryptography.x509.oid import NameOID


def write_pfx(
    path: Path,
    *,
    password: bytes | None = None,
    days: int = 365,
    with_key: bool = True,
) -> Path:
    """A self-signed certificate (and its key) as a PKCS#12 file at ``path``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "careguard-test-bot")])
    now = datetime.now(UTC)
    start = now + timedelta(days=min(days, 0) - 2)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    encryption = BestAvailableEncryption(password) if password else NoEncryption()
    data = pkcs12.serialize_key_and_certificates(
        b"bot", key if with_key else None, certificate, None, encryption
    )
    path.write_bytes(data)
    return path
