"""Purge: closed breaches older than 6 years become anonymised tombstones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text

from bot.domain.breach import BreachState, Service
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.breaches.retention import purge, retention_cutoff
from bot.register.breaches.verify import verify_chain
from bot.register.errors import BreachPurgedError
from tests.integration.register.factory import add_closed, add_reported

NOW = datetime(2033, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def history(repo: BreachRepository) -> dict[str, str]:
    """An old closed breach (due), a recent closed one, and an old open one."""
    old = add_closed(repo, datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    recent = add_closed(repo, datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    still_open = add_reported(repo, datetime(2026, 1, 11, 9, 0, tzinfo=UTC))
    return {
        "old": old.reference or "",
        "recent": recent.reference or "",
        "open": still_open.reference or "",
    }


def test_dry_run_lists_but_changes_nothing(
    repo: BreachRepository, engine: Engine, cipher: FieldCipher, history: dict[str, str]
) -> None:
    report = purge(engine, cipher, now=NOW)
    assert not report.applied
    assert [c.reference for c in report.candidates] == [history["old"]]
    assert repo.get(history["old"]).state is BreachState.CLOSED
    assert verify_chain(engine, cipher).rows == 8 + 8 + 3


def test_apply_leaves_a_tombstone_and_a_valid_chain(
    repo: BreachRepository, engine: Engine, cipher: FieldCipher, history: dict[str, str]
) -> None:
    report = purge(engine, cipher, now=NOW, apply=True)
    assert [c.reference for c in report.candidates] == [history["old"]]

    with pytest.raises(BreachPurgedError, match=history["old"]):
        repo.get(history["old"])
    assert repo.get(history["recent"]).state is BreachState.CLOSED
    assert repo.get(history["open"]).state is BreachState.REPORTED

    tomb = next(s for s in repo.summaries() if s.reference == history["old"])
    assert tomb.purged
    assert tomb.service is Service.ADULTS
    assert tomb.category == "personal,special_category"
    assert tomb.reported_at == datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    assert tomb.closed_at == datetime(2026, 1, 10, 14, 0, tzinfo=UTC)
    assert tomb.assigned_to is None
    assert history["old"] not in [b.reference for b in repo.list_breaches()]

    trail = repo.events(history["old"])
    assert [e.redacted for e in trail] == [True] * 8 + [False]
    assert all(e.body is None and e.actor is None for e in trail[:8])
    assert trail[-1].kind == "purged"
    with engine.connect() as conn:
        snapshot = conn.execute(
            text("SELECT snapshot FROM breaches WHERE reference = :r"), {"r": history["old"]}
        ).scalar_one()
    assert snapshot is None

    report = verify_chain(engine, cipher)
    assert report.ok, report.problem
    assert report.rows == 8 + 8 + 3 + 1
    assert purge(engine, cipher, now=NOW, apply=True).candidates == []


def test_retention_is_six_calendar_years() -> None:
    assert retention_cutoff(NOW) == datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    leap = datetime(2032, 2, 29, tzinfo=UTC)
    assert retention_cutoff(leap) == datetime(2026, 2, 28, tzinfo=UTC)
