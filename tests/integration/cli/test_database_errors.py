"""A wrong ``DATABASE_URL`` or database file, as a newcomer meets it: one line, no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.integration.cli.terminal import clean_env, error_line, run
from tests.support.databases import PG_USER, scratch_schema

PASSWORD = "hunter22"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Development mode with a private var folder (a register key is made there)."""
    return clean_env(CAREGUARD_ENV="development", CAREGUARD_VAR_DIR=str(tmp_path / "var"))


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (
            f"mysql://cg:{PASSWORD}@localhost/careguard",
            "invalid setting DATABASE_URL: mysql is not supported: the register runs on "
            "SQLite (sqlite:///PATH) or PostgreSQL (postgresql://USER@HOST/DATABASE)",
        ),
        ("nonsense", "invalid setting DATABASE_URL: not a database URL; use sqlite:///PATH"),
        (f"oracle://cg:{PASSWORD}@db/x", "oracle is not supported"),
        (f"postgresql+psycopg2://cg:{PASSWORD}@db/x", "through psycopg 3, not psycopg2"),
        (f"postgres://cg:{PASSWORD}@db:fivefour/x", "not a valid postgres URL"),
    ],
)
@pytest.mark.parametrize("command", [["register", "list"], ["db", "upgrade"]])
def test_unusable_urls_get_one_line(
    env: dict[str, str], url: str, says: str, command: list[str]
) -> None:
    done = run(command, {**env, "DATABASE_URL": url})
    line = error_line(done)
    assert says in line
    assert PASSWORD not in done.stderr + done.stdout
    assert done.returncode == 2


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_urls_as_hosts_write_them_work(env: dict[str, str], scheme: str) -> None:
    with scratch_schema("cg_cli", migrate=False) as url:
        query = url.split("?", 1)[1]
        typed = {**env, "DATABASE_URL": f"{scheme}://{PG_USER}@127.0.0.1:5432/test?{query}"}
        upgraded = run(["db", "upgrade"], typed)
        assert upgraded.returncode == 0, upgraded.stderr
        assert "postgresql+psycopg://" in upgraded.stdout
        listed = run(["register", "list"], typed)
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout.startswith("REFERENCE")


@pytest.mark.postgres
def test_an_unreachable_postgres_url_hides_its_password(env: dict[str, str]) -> None:
    url = f"postgres://careguard:{PASSWORD}@127.0.0.1:9/careguard"
    done = run(["register", "list"], {**env, "DATABASE_URL": url})
    line = error_line(done)
    assert line == (
        "careguard: error: cannot reach the register database at "
        "postgresql+psycopg://careguard:***@127.0.0.1:9/careguard"
    )
    assert PASSWORD not in done.stderr


def other_application(path: Path) -> Path:
    """A SQLite database of some other program, with a table and a row."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO contacts (name) VALUES ('Invented Person')")
    return path


@pytest.mark.parametrize("command", [["register", "list"], ["db", "upgrade"]])
def test_a_text_file_is_not_a_register(
    env: dict[str, str], tmp_path: Path, command: list[str]
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("shopping: milk, bread\n")
    done = run(command, {**env, "DATABASE_URL": f"sqlite:///{notes}"})
    assert error_line(done) == (
        f"careguard: error: sqlite:///{notes} is not a CareGuard register: the file is not "
        "a SQLite database; check DATABASE_URL"
    )
    assert notes.read_text() == "shopping: milk, bread\n"


@pytest.mark.parametrize("command", [["register", "list"], ["db", "upgrade"]])
def test_another_sqlite_database_is_not_a_register(
    env: dict[str, str], tmp_path: Path, command: list[str]
) -> None:
    path = other_application(tmp_path / "contacts.db")
    done = run(command, {**env, "DATABASE_URL": f"sqlite:///{path}"})
    assert error_line(done) == (
        f"careguard: error: sqlite:///{path} is not a CareGuard register: it holds another "
        "application's tables; check DATABASE_URL"
    )
    with sqlite3.connect(path) as db:  # db upgrade added nothing to it
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["contacts"]


def test_a_folder_is_not_a_register(env: dict[str, str], tmp_path: Path) -> None:
    done = run(["register", "list"], {**env, "DATABASE_URL": f"sqlite:///{tmp_path}"})
    assert error_line(done) == (
        f"careguard: error: {tmp_path} is a folder, not a CareGuard register; check DATABASE_URL"
    )


def test_an_empty_database_is_set_up_by_db_upgrade(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    sqlite3.connect(path).close()
    url = {**env, "DATABASE_URL": f"sqlite:///{path}"}
    assert "careguard db upgrade" in error_line(run(["register", "list"], url))
    assert run(["db", "upgrade"], url).returncode == 0
    assert run(["register", "list"], url).returncode == 0
