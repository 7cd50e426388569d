"""Reading ``DATABASE_URL``: the databases the register runs on, and one line when it is wrong."""

from __future__ import annotations

import re

_URL_FORMS = "sqlite:///PATH or postgresql://USER@HOST/DATABASE"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def normalise_database_url(url: str) -> str:
    """The register's database URL in the form the project's drivers take.

    ``postgres://`` and ``postgresql://`` (as Heroku, Render and libpq write them) mean
    PostgreSQL through psycopg 3, the driver CareGuard installs; SQLAlchemy alone would
    pick psycopg2, which is not installed. Messages name the scheme only, never the rest
    of the URL, which may carry a password.

    Raises:
        ValueError: not a URL, a database CareGuard does not support, or another driver.
    """
    match = _SCHEME.match(url.strip())
    if match is None:
        raise ValueError(f"not a database URL; use {_URL_FORMS}")
    dialect, _, driver = match.group(1).lower().partition("+")
    rest = url.strip()[match.end() :]
    if dialect in ("postgres", "postgresql"):
        if driver not in ("", "psycopg"):
            raise ValueError(
                f"CareGuard talks to PostgreSQL through psycopg 3, not {driver}: "
                "write postgresql://USER@HOST/DATABASE"
            )
        normalised = f"postgresql+psycopg://{rest}"
    elif dialect == "sqlite" and driver in ("", "pysqlite"):
        normalised = f"sqlite://{rest}"
    else:
        raise ValueError(
            f"{dialect} is not supported: the register runs on SQLite (sqlite:///PATH) "
            "or PostgreSQL (postgresql://USER@HOST/DATABASE)"
        )
    # Imported only when a URL is set: SQLAlchemy is slow to load.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(normalised)
    except (ArgumentError, ValueError):  # their text would quote the URL
        raise ValueError(f"not a valid {dialect} URL; use {_URL_FORMS}") from None
    return normalised
