"""The audit trail's hash chain: canonical JSON and SHA-256 links.

Each audit row stores ``row_hash = SHA-256(canonical JSON of its header fields, including
the previous row's hash)``. The header includes ``body_digest``, a SHA-256 over the
row's body (actor and plaintext payload), so a purge can erase the body of rows that
hold personal data while the chain still verifies: the digest stays, the body goes,
and the purge itself is a later chained row naming what it erased.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first row."""


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no whitespace, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def body_digest(actor: str | None, payload: Mapping[str, Any]) -> str:
    """SHA-256 over an event's body: who did it and what they did (plaintext)."""
    return hashlib.sha256(canonical_json({"actor": actor, "payload": payload})).hexdigest()


def row_hash(header: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 over a row's header fields plus the previous row's hash."""
    return hashlib.sha256(canonical_json({**header, "prev_hash": prev_hash})).hexdigest()
