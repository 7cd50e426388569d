"""A writer process for the crash test: logs breaches, printing each reference after commit.

Usage: ``python -m tests.integration.register.writer URL KEY COUNT``
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.db import make_engine
from tests.integration.register.factory import reported


def main(url: str, key: str, count: int) -> None:
    """Write ``count`` breaches; a line on stdout means that breach is committed."""
    repo = BreachRepository(make_engine(url), FieldCipher([key.encode()]))
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    for n in range(count):
        breach, events = reported(start + timedelta(seconds=n))
        stored = repo.add(breach, events)
        sys.stdout.write(f"{stored.reference}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
