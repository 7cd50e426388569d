"""Engine and session set-up for the register: SQLite embedded default or PostgreSQL.

SQLite is tuned for durability and several writers: WAL journal, ``synchronous=FULL``
(a commit that returned survives a power cut), foreign keys enforced, a busy timeout,
and write transactions opened with ``BEGIN IMMEDIATE`` so two writers never deadlock
on a read-to-write lock upgrade. pysqlite's own transaction handling is switched off
(as the SQLAlchemy SQLite dialect documentation describes) so SQLAlchemy's ``begin``
event decides what ``BEGIN`` is sent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for the lock before giving up."""

PG_CONNECT_TIMEOUT_S = 5
"""How long to wait for PostgreSQL to answer before reporting it unreachable."""

_WRITE_OPTION = "careguard_write"
_AFTER_COMMIT = "careguard_after_commit"

log = logging.getLogger(__name__)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Build an engine for ``url`` with the register's connection settings.

    Args:
        url: ``sqlite:///path`` (the embedded default) or ``postgresql+psycopg://...``.
        echo: log SQL statements (debugging only: statements carry no plaintext personal
            data because free-text fields are encrypted before binding).

    Returns:
        The engine. Nothing connects until first use.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine, in_memory=parsed.database in (None, "", ":memory:"))
        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, echo=echo, pool_pre_ping=True, connect_args=connect_args)


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at the driver level: SQLAlchemy's "begin" hook below sends BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def writer_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions are write transactions.

    On SQLite these start with ``BEGIN IMMEDIATE``: the write lock is taken up front, so
    concurrent writers queue on the busy timeout instead of failing on lock upgrade.
    Elsewhere the option is ignored.
    """
    return engine.execution_options(**{_WRITE_OPTION: True})


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory for read transactions (``expire_on_commit`` off)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def make_write_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose transactions take the write lock first (see ``writer_engine``)."""
    return sessionmaker(bind=writer_engine(engine), expire_on_commit=False)


def after_commit(session: Session, key: str, callback: Callable[[], None]) -> None:
    """Run ``callback`` once ``write_session`` has committed ``session`` (last one per key).

    Not run when the transaction rolls back. A failing callback is logged, never raised:
    the transaction is already durable, and the caller must not retry it.
    """
    session.info.setdefault(_AFTER_COMMIT, {})[key] = callback


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One write transaction: commits on success, rolls back on any exception."""
    with make_write_session_factory(engine).begin() as session:
        pending: dict[str, Callable[[], None]] = session.info.setdefault(_AFTER_COMMIT, {})
        yield session
    for key, callback in pending.items():
        try:
            callback()
        except Exception:
            log.exception("after-commit step %s failed", key)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """One read transaction (a consistent snapshot on SQLite WAL and PostgreSQL)."""
    with make_session_factory(engine).begin() as session:
        yield session


def ensure_sqlite_parent(url: str) -> None:
    """Make a file-backed SQLite register private before it is created or migrated.

    A missing directory is created 0700 and a missing database file 0600 (SQLite gives
    its WAL and shared-memory files the database file's permissions); an existing
    register file and its WAL/SHM are narrowed to the owner too.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if part.is_file():
            part.chmod(0o600)


def private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by the owner only (0700)."""
    if path.is_dir():
        return
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened
