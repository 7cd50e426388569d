"""Small SQL helpers the state and job adapters share."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignoring(session: Session, model: type[Any], values: dict[str, Any]) -> bool:
    """``INSERT ... ON CONFLICT DO NOTHING`` on the primary key; True when inserted."""
    table = model.__table__
    name = session.get_bind().dialect.name
    dialect: Any = postgresql if name == "postgresql" else sqlite
    keys = [c.name for c in table.primary_key.columns]
    stmt = dialect.insert(table).values(values).on_conflict_do_nothing(index_elements=keys)
    return session.execute(stmt.returning(*(table.c[k] for k in keys))).first() is not None
