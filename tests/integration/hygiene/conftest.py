"""Hygiene integration fixtures: the migrated register on a SQLite file and on PostgreSQL.

PostgreSQL (127.0.0.1:5432, database ``test``, trust auth) gets a uniquely named schema
per test, selected through ``search_path`` and dropped afterwards, so other test runs
on the same server never see our tables.
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
    """An empty register migrated to head (0004_hygiene included) on each backend."""
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path, "register.db")
        return
    with scratch_schema("cg_hygiene") as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
