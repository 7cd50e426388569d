"""What an attacker with write access to the database (but not the register key) can do.

Each helper changes the database directly, as someone with ``psql`` or ``sqlite3`` would;
none goes through the register. ``rechain`` is the strongest: it recomputes every hash
and link after an edit (the public algorithm), signing with a key of the attacker's own.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from bot.register.breaches.audit import header
from bot.register.breaches.chain import GENESIS_HASH, ROW_PURPOSE, row_hash
from bot.register.breaches.keys import ChainKey
from bot.register.breaches.models import AuditEventRow

BREACH_COLUMNS = "snapshot, state, updated_at, version, acknowledged_at, assigned_to"


def sql(engine: Engine, statement: str, **params: object) -> None:
    """One statement in a transaction of its own."""
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def scalar(engine: Engine, statement: str, **params: object) -> Any:
    """The one value a query returns."""
    with engine.connect() as conn:
        return conn.execute(text(statement), params).scalar_one()


def breach_row(engine: Engine, breach_id: int) -> dict[str, Any]:
    """The columns of a breach row an attacker would save to put back later."""
    with engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT {BREACH_COLUMNS} FROM breaches WHERE id = :i"),  # noqa: S608
            {"i": breach_id},
        )
        return dict(row.mappings().one())


def restore_breach(engine: Engine, breach_id: int, saved: dict[str, Any]) -> None:
    """Put a saved copy of a breach row back."""
    sets = ", ".join(f"{name} = :{name}" for name in saved)
    sql(engine, f"UPDATE breaches SET {sets} WHERE id = :i", i=breach_id, **saved)  # noqa: S608


def move_head(engine: Engine, seq: int) -> None:
    """Point the head record at row ``seq`` (as a truncation would need)."""
    last = scalar(engine, "SELECT row_hash FROM audit_events WHERE seq = :s", s=seq)
    sql(engine, "UPDATE audit_head SET last_seq = :s, last_hash = :h WHERE id = 1", s=seq, h=last)


def swap_seq(engine: Engine, a: int, b: int) -> None:
    """Exchange the positions of two rows."""
    sql(engine, "UPDATE audit_events SET seq = -1 WHERE seq = :a", a=a)
    sql(engine, "UPDATE audit_events SET seq = :a WHERE seq = :b", a=a, b=b)
    sql(engine, "UPDATE audit_events SET seq = :b WHERE seq = -1", b=b)


def rechain(engine: Engine, start: int, *, keep_macs: bool = False) -> None:
    """Recompute hashes and links from row ``start`` on, and the head, as the code does.

    The signature is redone with a key the attacker made (keeping the register's key id
    so the row still claims it), or left as it was with ``keep_macs``.
    """
    own = ChainKey.derive(Fernet.generate_key())
    with Session(engine) as session, session.begin():
        rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()
        prev = GENESIS_HASH
        for row in rows:
            if row.seq >= start:
                row.prev_hash = prev
                row.row_hash = row_hash(header(row), prev)
                if not keep_macs:
                    row.row_mac = own.sign(ROW_PURPOSE, row.row_hash)
            prev = row.row_hash
        session.execute(text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": prev})
