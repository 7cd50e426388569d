"""The repository stores breaches and gives back the same domain objects."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import lifecycle
from bot.domain.breach import BreachState
from bot.domain.errors import BreachError
from bot.register.breaches.repository import BreachRepository
from bot.register.errors import BreachNotFoundError
from tests.integration.register.factory import DPO, add_closed, add_reported, reported

T0 = datetime(2026, 3, 28, 23, 50, tzinfo=UTC)


def test_add_allocates_references_and_round_trips(repo: BreachRepository) -> None:
    first = add_reported(repo, T0)
    second = add_reported(repo, T0 + timedelta(minutes=5))
    assert first.reference == "BR-2026-0001"
    assert second.reference == "BR-2026-0002"
    assert repo.get("br-2026-0001") == first


def test_reference_year_follows_uk_calendar(repo: BreachRepository) -> None:
    # 23:30 UTC on 31 Dec 2026 is still 2026 in London (GMT), 00:30 BST would differ.
    late = add_reported(repo, datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    new_year = add_reported(repo, datetime(2027, 1, 1, 0, 10, tzinfo=UTC))
    assert late.reference == "BR-2026-0001"
    assert new_year.reference == "BR-2027-0001"


def test_draft_cannot_be_logged(repo: BreachRepository) -> None:
    draft = lifecycle.create(reporter=DPO, at=T0).breach
    with pytest.raises(BreachError):
        repo.add(draft)


def test_apply_acknowledge_is_stored_and_audited(repo: BreachRepository) -> None:
    breach = add_reported(repo, T0)
    assert breach.reference
    acked = repo.apply(breach.reference, lambda b: lifecycle.acknowledge(b, by=DPO, at=T0))
    assert repo.get(breach.reference).state is BreachState.ACKNOWLEDGED
    assert repo.get(breach.reference) == acked
    kinds = [e.kind for e in repo.events(breach.reference)]
    assert kinds == ["created", "draft_updated", "reported", "acknowledged"]
    last = repo.events(breach.reference)[-1]
    assert last.actor == DPO.upn
    assert last.at == T0


def test_refused_transition_changes_nothing(repo: BreachRepository) -> None:
    breach = add_reported(repo, T0)
    assert breach.reference
    with pytest.raises(BreachError):
        repo.apply(breach.reference, lambda b: lifecycle.complete_action(b, index=3, by=DPO, at=T0))
    assert repo.get(breach.reference) == breach
    assert len(repo.events(breach.reference)) == 3


def test_list_open_and_all(repo: BreachRepository) -> None:
    open_one = add_reported(repo, T0)
    closed = add_closed(repo, T0 + timedelta(days=1))
    assert [b.reference for b in repo.list_breaches(open_only=True)] == [open_one.reference]
    assert [b.reference for b in repo.list_breaches()] == [open_one.reference, closed.reference]
    assert closed.state is BreachState.CLOSED
    summary = repo.summaries()[1]
    assert summary.category == "personal,special_category"
    assert summary.closed_at == T0 + timedelta(days=1, hours=5)


def test_unknown_reference(repo: BreachRepository) -> None:
    with pytest.raises(BreachNotFoundError, match="BR-2026-0404"):
        repo.get("BR-2026-0404")
    with pytest.raises(BreachError):
        repo.get("not-a-reference")


def test_two_concurrent_acknowledgements_one_wins(repo: BreachRepository) -> None:
    breach = add_reported(repo, T0)
    ref = breach.reference
    assert ref
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def ack() -> None:
        barrier.wait()
        try:
            repo.apply(ref, lambda b: lifecycle.acknowledge(b, by=DPO, at=T0))
            outcomes.append("ok")
        except BreachError:
            outcomes.append("refused")

    threads = [threading.Thread(target=ack) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert [e.kind for e in repo.events(ref)].count("acknowledged") == 1


def test_domain_objects_not_rows(repo: BreachRepository) -> None:
    breach, events = reported(T0)
    stored = repo.add(breach, events)
    assert type(stored).__module__ == "bot.domain.breach"
    assert type(repo.list_breaches()[0]).__module__ == "bot.domain.breach"


def test_history_gives_back_the_domain_events(repo: BreachRepository) -> None:
    breach, events = reported(T0)
    stored = repo.add(breach, events)
    ref = stored.reference or ""
    ack = lifecycle.acknowledge(stored, by=DPO, at=T0 + timedelta(minutes=4))
    repo.apply(ref, lambda b: lifecycle.acknowledge(b, by=DPO, at=T0 + timedelta(minutes=4)))
    assert repo.history(ref) == [*events, ack.event]


def test_abandoned_report_without_service_is_kept(repo: BreachRepository) -> None:
    # The reporter gave up after the first message: nothing reported may be lost.
    created = lifecycle.create(reporter=DPO, at=T0)
    filed = lifecycle.abandon(created.breach, at=T0 + timedelta(minutes=10))
    stored = repo.add(filed.breach, [created.event, filed.event])
    assert stored.reference == "BR-2026-0001"
    assert repo.get("BR-2026-0001").incomplete
    summary = repo.summaries(open_only=True)[0]
    assert summary.service is None
    assert summary.incomplete
