"""Keyed audit chain: every column hashed, each row HMAC-signed, breach rows bound.

Adds ``audit_events.snapshot_digest`` (the breach row a change left, bound to its audit
row), ``key_id`` and ``row_mac`` (HMAC-SHA256 of the row hash under the chain key derived
from ``CAREGUARD_REGISTER_KEY``). An existing trail (plain SHA-256, without ``breach_id``
in the hash) is first checked as it stands, then re-chained under the key, binding each
breach to its latest row, and a ``rechained`` audit row records the run and what the
check found. Re-chaining needs the register key; an empty register does not.

Revision ID: 0009_keyed_chain
Revises: 0008_place_names
Create Date: 2026-12-09
"""

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = "0009_keyed_chain"
down_revision: str | Sequence[str] | None = "0008_place_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64
BATCH = 500


def upgrade() -> None:
    """Add the columns, re-chain an existing trail under the key, then require them."""
    op.add_column("audit_events", sa.Column("snapshot_digest", sa.String(64), nullable=True))
    op.add_column("audit_events", sa.Column("key_id", sa.String(16), nullable=True))
    op.add_column("audit_events", sa.Column("row_mac", sa.String(64), nullable=True))
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT COUNT(*) FROM audit_events")).scalar_one():
        _rechain(conn, _cipher())
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("key_id", existing_type=sa.String(16), nullable=False)
        batch.alter_column("row_mac", existing_type=sa.String(64), nullable=False)


def downgrade() -> None:
    """Go back to the plain SHA-256 chain the previous version checks, then drop the columns."""
    conn = op.get_bind()
    events = sa.Table("audit_events", sa.MetaData(), autoload_with=conn)
    prev = GENESIS_HASH
    for rows in _batches(conn, events):
        for row in rows:
            fields = {
                "seq": row["seq"],
                "reference": row["reference"],
                "kind": row["kind"],
                "recorded_at": _utc_text(row["recorded_at"]),
                "body_digest": row["body_digest"],
            }
            new = _sha({**fields, "prev_hash": prev})
            conn.execute(
                events.update().where(events.c.seq == row["seq"]),
                {"prev_hash": prev, "row_hash": new},
            )
            prev = new
    conn.execute(sa.text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": prev})
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("row_mac")
        batch.drop_column("key_id")
        batch.drop_column("snapshot_digest")


def _cipher() -> Any:
    given = context.config.attributes.get("cipher")
    if given is not None:
        return given
    from bot.register.breaches.crypto import load_cipher
    from bot.settings import SettingsError, load_settings

    try:
        return load_cipher(load_settings())
    except SettingsError as exc:
        raise RuntimeError(
            f"re-chaining the existing audit trail under the register key needs it: {exc}"
        ) from None


def _rechain(conn: sa.Connection, cipher: Any) -> None:
    from bot.register.breaches import chain

    meta = sa.MetaData()
    events = sa.Table("audit_events", meta, autoload_with=conn)
    breaches = sa.Table("breaches", meta, autoload_with=conn)
    query = (
        sa.select(events.c.breach_id, sa.func.max(events.c.seq))
        .where(events.c.breach_id.is_not(None))
        .group_by(events.c.breach_id)
    )
    latest: dict[int, int] = {int(b): int(s) for b, s in conn.execute(query)}
    digests = {
        row["id"]: chain.breach_digest(dict(row))
        for row in conn.execute(sa.select(breaches)).mappings()
        if row["id"] in latest
    }
    binding = {seq: digests.get(breach_id) for breach_id, seq in latest.items()}
    key = cipher.chain.primary
    legacy = _LegacyCheck()
    prev = GENESIS_HASH
    count = last_seq = 0
    for rows in _batches(conn, events):
        for row in rows:
            legacy.check(row)
            fields = chain.header_fields(
                seq=row["seq"],
                breach_id=row["breach_id"],
                reference=row["reference"],
                kind=row["kind"],
                recorded_at=row["recorded_at"],
                body_digest=row["body_digest"],
                snapshot_digest=binding.get(row["seq"]),
            )
            new = chain.row_hash(fields, prev)
            conn.execute(
                events.update().where(events.c.seq == row["seq"]),
                {
                    "snapshot_digest": binding.get(row["seq"]),
                    "prev_hash": prev,
                    "row_hash": new,
                    "key_id": key.key_id,
                    "row_mac": key.sign(chain.ROW_PURPOSE, new),
                },
            )
            prev, count = new, count + 1
            last_seq = row["seq"]
    head = conn.execute(sa.text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).one()
    legacy.finish(head[0], head[1])
    body = {
        "rows": count,
        "legacy_check": legacy.problem or "ok",
        "legacy_head": legacy.last_hash,
        "key_id": key.key_id,
    }
    now = datetime.now(UTC)
    seq = last_seq + 1
    fields = chain.header_fields(
        seq=seq,
        breach_id=None,
        reference=None,
        kind="rechained",
        recorded_at=now,
        body_digest=chain.body_digest("system", body),
        snapshot_digest=None,
    )
    new = chain.row_hash(fields, prev)
    conn.execute(
        events.insert(),
        {
            "seq": seq,
            "breach_id": None,
            "reference": None,
            "kind": "rechained",
            "recorded_at": now if conn.dialect.name != "sqlite" else now.replace(tzinfo=None),
            "actor": "system",
            "payload": cipher.encrypt(json.dumps(body, sort_keys=True)),
            "body_digest": fields["body_digest"],
            "snapshot_digest": None,
            "prev_hash": prev,
            "row_hash": new,
            "key_id": key.key_id,
            "row_mac": key.sign(chain.ROW_PURPOSE, new),
            "redacted": False,
        },
    )
    conn.execute(
        sa.text("UPDATE audit_head SET last_seq = :s, last_hash = :h WHERE id = 1"),
        {"s": seq, "h": new},
    )


class _LegacyCheck:
    """The previous version's check of the plain chain, run once before re-chaining."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self.last_seq = 0
        self.last_hash = GENESIS_HASH

    def check(self, row: Mapping[str, Any]) -> None:
        if self.problem is not None:
            return
        seq = row["seq"]
        fields = {
            "seq": seq,
            "reference": row["reference"],
            "kind": row["kind"],
            "recorded_at": _utc_text(row["recorded_at"]),
            "body_digest": row["body_digest"],
        }
        if seq != self.last_seq + 1:
            self.problem = f"row {self.last_seq + 1} was missing"
        elif row["prev_hash"] != self.last_hash:
            self.problem = f"row {seq} did not link to row {seq - 1}"
        elif _sha({**fields, "prev_hash": row["prev_hash"]}) != row["row_hash"]:
            self.problem = f"row {seq} did not match its hash"
        else:
            self.last_seq, self.last_hash = seq, row["row_hash"]

    def finish(self, head_seq: int, head_hash: str) -> None:
        if self.problem is None and (head_seq, head_hash) != (self.last_seq, self.last_hash):
            self.problem = f"the head named row {head_seq}, the chain ended at {self.last_seq}"


def _batches(conn: sa.Connection, events: sa.Table) -> Iterator[list[Mapping[str, Any]]]:
    last = None
    while True:
        stmt = sa.select(events).order_by(events.c.seq).limit(BATCH)
        if last is not None:
            stmt = stmt.where(events.c.seq > last)
        rows: list[Mapping[str, Any]] = [dict(r) for r in conn.execute(stmt).mappings()]
        if not rows:
            return
        yield rows
        last = rows[-1]["seq"]


def _utc_text(value: datetime) -> str:
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat()


def _sha(value: Mapping[str, Any]) -> str:
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
