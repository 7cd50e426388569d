"""Nothing of a flagged message is stored in plain text: no table row, not the database file.

The whole bot over the SQL unit of work on a SQLite file: the warning, a warned edit, a
clean edit, feedback and a breach recorded from it. Outbox rows are encrypted, so the
warning's suggested rewrite on its way out is not readable in the file either.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, inspect, text

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import make_engine, read_session
from bot.register.uow import SqlUnitOfWork
from bot.services.hygiene_hash import MessageHasher
from tests.support.bot_harness import Harness
from tests.support.databases import migrated_sqlite
from tests.unit.hygiene.fakes import SECRET_FRAGMENTS, START, FakeScanner, Hygiene, organisation
from tests.unit.hygiene.test_no_message_text import every_flow


def _file_bytes(folder: Path, name: str) -> bytes:
    """The database file with its journal and write-ahead log, if any."""
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith(name))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(migrated_sqlite(tmp_path, "register.db"))
    yield eng
    eng.dispose()


@pytest.fixture
def hy(engine: Engine) -> Hygiene:
    clock = ManualClock(START)
    uow = SqlUnitOfWork(engine, FieldCipher([Fernet.generate_key()]), clock)
    scanner = FakeScanner()
    h = Harness(uow, organisation(), clock, hasher=MessageHasher(b"k" * 32), scanner=scanner)
    harness = Hygiene(h, uow, scanner, clock)
    harness.rebuild()
    return harness


async def test_no_row_of_any_table_holds_message_text(hy: Hygiene, engine: Engine) -> None:
    await every_flow(hy)
    values: list[str] = []
    with read_session(engine) as session:
        tables = inspect(engine).get_table_names()
        assert {"hygiene_events", "outbox"} <= set(tables)
        for table in tables:
            for row in session.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                values.extend(str(v) for v in row)
    assert len(values) > 20
    for fragment in SECRET_FRAGMENTS:
        assert not [v for v in values if fragment in v], fragment


async def test_the_database_file_holds_no_message_text(
    hy: Hygiene, engine: Engine, tmp_path: Path
) -> None:
    await every_flow(hy)
    engine.dispose()
    raw = _file_bytes(tmp_path, "register.db")
    assert b"hygiene_events" in raw
    for fragment in SECRET_FRAGMENTS:
        assert fragment.encode() not in raw, fragment
