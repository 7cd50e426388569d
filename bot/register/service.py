"""Opening the register from settings, with one clear error when that is not possible."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError, ProgrammingError

from bot.domain.clock import Clock, SystemClock
from bot.register.breaches import checkpoint
from bot.register.breaches.crypto import FieldCipher, load_cipher
from bot.register.breaches.models import AuditHeadRow
from bot.register.breaches.repository import BreachRepository
from bot.register.db import make_engine, read_session
from bot.register.errors import RegisterError, RegisterNotReadyError
from bot.settings import Settings


@dataclass(frozen=True, slots=True)
class Register:
    """An open register: engine, cipher and repository sharing one connection pool."""

    engine: Engine
    cipher: FieldCipher
    repository: BreachRepository

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()


def safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def open_register(
    settings: Settings, clock: Clock | None = None, *, for_writing: bool = False
) -> Register:
    """Open the configured register and check it is reachable and migrated.

    ``for_writing``: also check the configured key opens it (``bot.register.keycheck``),
    so nothing new is written under a key the register cannot verify.

    Raises:
        SettingsError: the encryption key is missing (production) or invalid.
        RegisterError: the database cannot be reached or has not been set up.
    """
    cipher = load_cipher(settings)
    url = settings.effective_database_url()
    parsed = make_url(url)
    database = parsed.database
    is_file = parsed.get_backend_name() == "sqlite" and database not in (None, "", ":memory:")
    if is_file and database is not None and not Path(database).exists():
        raise RegisterError(
            f"the register database {parsed.database} does not exist: "
            "run `careguard db upgrade` first"
        )
    if is_file and database is not None and Path(database).is_dir():
        raise RegisterError(f"{database} is a folder, not a CareGuard register; check DATABASE_URL")
    engine = make_engine(url)
    check_ready(engine, url)
    checkpoint.configure(url, checkpoint.settings_path(settings))
    if for_writing:
        from bot.register.keycheck import key_problem

        problem = key_problem(engine, cipher)
        if problem is not None:
            engine.dispose()
            raise RegisterError(problem)
    return Register(engine, cipher, BreachRepository(engine, cipher, clock or SystemClock()))


def check_ready(engine: Engine, url: str) -> None:
    """Fail with one line unless the database answers and holds the register's tables."""
    try:
        with read_session(engine) as session:
            head = session.execute(select(AuditHeadRow.last_seq)).first()
    except (OperationalError, ProgrammingError) as exc:
        engine.dispose()
        if _missing_table(exc):
            if _holds_other_tables(engine):
                raise RegisterError(
                    not_a_register(url, "it holds another application's tables")
                ) from None
            raise RegisterNotReadyError from None
        raise RegisterError(f"cannot reach the register database at {safe_url(url)}") from None
    except DatabaseError as exc:
        engine.dispose()
        if _not_sqlite(exc):
            raise RegisterError(not_a_register(url, "the file is not a SQLite database")) from None
        raise RegisterError(f"cannot reach the register database at {safe_url(url)}") from None
    except DBAPIError:
        engine.dispose()
        raise RegisterError(f"cannot reach the register database at {safe_url(url)}") from None
    if head is None:
        engine.dispose()
        raise RegisterNotReadyError


def not_a_register(url: str, why: str) -> str:
    """The message for a database that is something other than a CareGuard register."""
    return f"{safe_url(url)} is not a CareGuard register: {why}; check DATABASE_URL"


def _not_sqlite(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "file is not a database" in text or "file is encrypted" in text


def _holds_other_tables(engine: Engine) -> bool:
    """True when the database has tables but was never migrated by CareGuard."""
    try:
        names = inspect(engine).get_table_names()
    except DBAPIError:
        return False
    finally:
        engine.dispose()
    return bool(names) and "alembic_version" not in names


def _missing_table(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "no such table" in text or ("does not exist" in text and "relation" in text)
