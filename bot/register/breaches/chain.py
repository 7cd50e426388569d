"""The audit trail's keyed chain: canonical JSON, SHA-256 links and HMAC-SHA256 signatures.

Each audit row stores ``row_hash = SHA-256(canonical JSON of every field of the row that
is not erasable, plus the previous row's hash)`` and ``row_mac = HMAC-SHA256(chain key,
row_hash)`` under the key named by its ``key_id``. Anyone can recompute a hash; only
the holder of the register key can sign one, so a chain rewritten consistently without
the key fails at the first row rewritten.

The header includes ``body_digest``, a SHA-256 over the row's body (actor and plaintext
payload), so a purge can erase the body while the chain still verifies: the digest
stays, the body goes, and the purge itself is a later chained row naming what it erased.
It also includes ``snapshot_digest``: for a row about a breach, a SHA-256 over that
breach's stored row (its plain columns and its encrypted snapshot) as the same
transaction left it, so the breach row is bound to its latest audit row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first row."""

CHAIN_VERSION = 2
"""1: plain SHA-256 without breach_id (before migration 0008); 2: this module."""

ROW_PURPOSE = "careguard audit row v2"
CHECKPOINT_PURPOSE = "careguard audit checkpoint v1"

BOUND_COLUMNS = (
    "id",
    "uid",
    "reference",
    "year",
    "number",
    "service",
    "state",
    "discovered_at",
    "reported_at",
    "minutes_late",
    "incomplete",
    "assigned_to",
    "acknowledged_at",
    "assessed_at",
    "high_risk",
    "category",
    "ico_deadline",
    "ico_decided_at",
    "ico_notified",
    "open_actions",
    "closed_at",
    "snapshot",
    "version",
    "created_at",
    "updated_at",
    "purged_at",
)
"""The ``breaches`` columns a snapshot digest covers (fixed: a new column is not covered
until this list and ``CHAIN_VERSION`` change together)."""


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no whitespace, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def utc_text(value: datetime) -> str:
    """ISO 8601 in UTC, whether the backend handed the value back aware or naive-UTC."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat()


def body_digest(actor: str | None, payload: Mapping[str, Any]) -> str:
    """SHA-256 over an event's body: who did it and what they did (plaintext)."""
    return hashlib.sha256(canonical_json({"actor": actor, "payload": payload})).hexdigest()


def row_hash(header: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 over a row's header fields plus the previous row's hash."""
    return hashlib.sha256(canonical_json({**header, "prev_hash": prev_hash})).hexdigest()


def header_fields(
    *,
    seq: int,
    breach_id: int | None,
    reference: str | None,
    kind: str,
    recorded_at: datetime,
    body_digest: str,
    snapshot_digest: str | None,
) -> dict[str, Any]:
    """Everything a row's hash covers besides the previous hash (chain version 2).

    Left out only what a purge may erase (actor and payload, covered by ``body_digest``;
    ``redacted``, checked against the purge rows) and the signature itself.
    """
    return {
        "v": CHAIN_VERSION,
        "seq": seq,
        "breach_id": breach_id,
        "reference": reference,
        "kind": kind,
        "recorded_at": utc_text(recorded_at),
        "body_digest": body_digest,
        "snapshot_digest": snapshot_digest,
    }


def breach_digest(values: Mapping[str, Any]) -> str:
    """SHA-256 over a breach row's ``BOUND_COLUMNS`` (encrypted snapshot included)."""
    plain: dict[str, Any] = {}
    for name in BOUND_COLUMNS:
        value = values.get(name)
        if isinstance(value, datetime):
            value = utc_text(value)
        elif isinstance(value, bool):
            value = int(value)
        plain[name] = value
    return hashlib.sha256(canonical_json(plain)).hexdigest()
