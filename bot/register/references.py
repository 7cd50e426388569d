"""Breach references ``BR-YYYY-NNNN``: formatting, parsing and safe allocation."""

from __future__ import annotations

import re

from sqlalchemy import Integer, cast, literal
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.register.models import ReferenceCounterRow

_PATTERN = re.compile(r"^BR-(\d{4})-(\d{4,})$")


class BadReferenceError(ValueError):
    """Text that is not a breach reference."""


def format_reference(year: int, number: int) -> str:
    """``BR-2026-0042``; numbers beyond 9999 simply grow a digit."""
    return f"BR-{year:04d}-{number:04d}"


def parse_reference(text: str) -> tuple[int, int]:
    """Split a reference into (year, number).

    Raises:
        BadReferenceError: the text is not of the form ``BR-YYYY-NNNN``.
    """
    match = _PATTERN.match(text.strip().upper())
    if not match:
        raise BadReferenceError("not a breach reference (expected BR-YYYY-NNNN)")
    return int(match.group(1)), int(match.group(2))


def allocate_number(session: Session, year: int) -> int:
    """Take the next number for ``year`` inside the caller's write transaction.

    One upsert on a per-year counter row: PostgreSQL locks the row until the
    transaction ends, SQLite already holds the database write lock (``BEGIN
    IMMEDIATE``). Numbers are therefore gap-free per year and never handed out twice;
    the unique constraint on ``breaches.reference`` backs this up.
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
    number = session.execute(stmt).scalar_one()
    return int(number)
