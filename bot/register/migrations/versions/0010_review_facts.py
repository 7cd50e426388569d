"""Review facts in plain columns: when the organisation became aware, systems, actions, escalations.

Adds ``breaches.became_aware_at`` and ``breaches.systems`` (system names, comma-joined),
``breach_actions`` (each action's kind and times) and ``breach_escalations`` (when a
breach was escalated for want of an acknowledgement), so the monthly and annual reviews
count without decrypting any breach. Existing breaches are filled in from their
encrypted snapshots (through the register's own projection) and escalations from their
audit rows; that needs the register key, an empty register does not. Tombstones keep
what they had: their snapshot and audit bodies are gone.

Revision ID: 0010_review_facts
Revises: 0009_keyed_chain
Create Date: 2026-12-10
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = "0010_review_facts"
down_revision: str | Sequence[str] | None = "0009_keyed_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the columns and tables, then fill them in for the breaches already logged."""
    op.add_column("breaches", sa.Column("became_aware_at", _utc(), nullable=True))
    op.add_column("breaches", sa.Column("systems", sa.String(length=200), nullable=True))
    op.create_table(
        "breach_actions",
        sa.Column("breach_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("opened_at", _utc(), nullable=False),
        sa.Column("completed_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breaches.id"], name=op.f("fk_breach_actions_breach_id_breaches")
        ),
        sa.PrimaryKeyConstraint("breach_id", "number", name=op.f("pk_breach_actions")),
    )
    op.create_table(
        "breach_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("breach_id", sa.Integer(), nullable=False),
        sa.Column("escalated_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breaches.id"], name=op.f("fk_breach_escalations_breach_id_breaches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_escalations")),
    )
    op.create_index(op.f("ix_breach_escalations_breach_id"), "breach_escalations", ["breach_id"])
    conn = op.get_bind()
    live = sa.text("SELECT COUNT(*) FROM breaches WHERE snapshot IS NOT NULL")
    if conn.execute(live).scalar_one():
        _backfill(conn, _cipher())


def downgrade() -> None:
    """Drop the tables and columns (the snapshots still hold everything they came from)."""
    op.drop_index(op.f("ix_breach_escalations_breach_id"), table_name="breach_escalations")
    op.drop_table("breach_escalations")
    op.drop_table("breach_actions")
    # In place, also on SQLite (3.35+): re-creating ``breaches`` would break the foreign
    # keys that point at it.
    with op.batch_alter_table("breaches", recreate="never") as batch:
        batch.drop_column("systems")
        batch.drop_column("became_aware_at")


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
            f"filling in the review facts of the breaches already logged needs the key: {exc}"
        ) from None


def _backfill(conn: sa.Connection, cipher: Any) -> None:
    from bot.domain.breach import Breach
    from bot.domain.codec import from_jsonable
    from bot.domain.facts import is_escalation
    from bot.register.base import UTCDateTime
    from bot.register.breaches.audit import AuditEntry
    from bot.register.breaches.models import BreachRow
    from bot.register.breaches.projection import project

    meta = sa.MetaData()
    breaches = sa.Table(
        "breaches",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(20)),
        sa.Column("snapshot", sa.Text()),
        sa.Column("became_aware_at", UTCDateTime()),
        sa.Column("systems", sa.String(200)),
    )
    actions = sa.Table(
        "breach_actions",
        meta,
        sa.Column("breach_id", sa.Integer()),
        sa.Column("number", sa.Integer()),
        sa.Column("kind", sa.String(16)),
        sa.Column("opened_at", UTCDateTime()),
        sa.Column("completed_at", UTCDateTime()),
    )
    escalations = sa.Table(
        "breach_escalations",
        meta,
        sa.Column("breach_id", sa.Integer()),
        sa.Column("escalated_at", UTCDateTime()),
    )
    events = sa.Table(
        "audit_events",
        meta,
        sa.Column("seq", sa.BigInteger()),
        sa.Column("breach_id", sa.Integer()),
        sa.Column("reference", sa.String(20)),
        sa.Column("kind", sa.String(40)),
        sa.Column("recorded_at", UTCDateTime()),
        sa.Column("actor", sa.String(320)),
        sa.Column("payload", sa.Text()),
    )
    live = sa.select(breaches.c.id, breaches.c.snapshot).where(breaches.c.snapshot.is_not(None))
    for breach_id, snapshot in conn.execute(live.order_by(breaches.c.id)).all():
        row = BreachRow()  # never added to a session: only the projection's arithmetic
        project(row, from_jsonable(Breach, json.loads(cipher.decrypt(snapshot))))
        conn.execute(
            breaches.update().where(breaches.c.id == breach_id),
            {"became_aware_at": row.became_aware_at, "systems": row.systems},
        )
        lines = [
            {
                "breach_id": breach_id,
                "number": a.number,
                "kind": a.kind,
                "opened_at": a.opened_at,
                "completed_at": a.completed_at,
            }
            for a in row.actions
        ]
        if lines:
            conn.execute(actions.insert(), lines)
    handed = (
        sa.select(events)
        .where(events.c.kind == "handed_over")
        .where(events.c.breach_id.is_not(None))
        .where(events.c.payload.is_not(None))
        .order_by(events.c.seq)
    )
    for r in conn.execute(handed).all():
        entry = AuditEntry(
            r.seq,
            r.reference,
            r.kind,
            r.actor,
            r.recorded_at,
            json.loads(cipher.decrypt(r.payload)),
            False,
        )
        event = entry.to_event()
        if event is not None and is_escalation(event):
            conn.execute(escalations.insert(), {"breach_id": r.breach_id, "escalated_at": event.at})
