"""Safe allocation of breach reference numbers (the format lives in ``bot.domain.reference``)."""

from __future__ import annotations

from sqlalchemy import Integer, cast, literal
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.register.breaches.models import ReferenceCounterRow


def allocate_number(session: Session, year: int) -> int:
    """Take the next number for ``year`` inside the caller's write transaction.

    One upsert on a per-year counter row: PostgreSQL locks the row until the
    transaction ends, SQLite already holds the database write lock (``BEGIN
    IMMEDIATE``). Numbers are therefore gap-free per year and never handed out twice;
    the unique constraints on ``breaches`` back this up.
    """
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    counter = ReferenceCounterRow
    stmt = (
        insert(counter)
        .values(year=year, last_number=cast(literal(1), Integer))
        .on_conflict_do_update(
            index_elements=[counter.year],
            set_={"last_number": counter.last_number + 1},
        )
        .returning(counter.last_number)
    )
    return int(session.execute(stmt).scalar_one())
