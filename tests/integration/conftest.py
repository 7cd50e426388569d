"""Integration fixtures shared by the areas: a migrated register on SQLite and PostgreSQL.

Areas with other needs (a session-wide schema, say) define their own ``db_url``, which
pytest prefers over this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.register.db import make_engine
from tests.support.databases import migrated_sqlite, scratch_schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty register migrated to head, on each backend."""
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path, "register.db")
        return
    with scratch_schema("cg_test") as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
