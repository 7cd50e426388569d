"""``SqlOutbox`` on both backends: keys, encryption at rest, lanes, leases, outcomes, restarts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select, text

from bot.domain.clock import ManualClock
from bot.domain.records import OutboxEntry, OutboxItem
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import make_engine
from bot.register.jobs.models import OutboxRow
from bot.register.uow import SqlUnitOfWork
from tests.integration.scheduler.conftest import T0

LEASE = timedelta(minutes=2)
SECRET = "Rota naming Edna Pumphrey"  # invented


def entry(lane: str = "lane-1", n: int = 0, **kw: Any) -> OutboxEntry:
    body = {"type": "message", "kind": "Text", "data": {"text": f"{SECRET} #{n}"}}
    target = {"kind": "person", "aad": "aad-1", "upn": "ada@example.org", "name": "Ada"}
    return OutboxEntry("msteams", target, body, lane, **kw)


def add(uow: SqlUnitOfWork, *entries: OutboxEntry) -> list[bool]:
    return uow.run_now(lambda tx: [tx.outbox.add(e) for e in entries])


def claim(uow: SqlUnitOfWork, worker: str = "w1", limit: int = 10) -> list[OutboxItem]:
    return uow.run_now(lambda tx: tx.outbox.claim(worker, limit=limit, lease=LEASE))


def delivered(uow: SqlUnitOfWork, item: OutboxItem, posted: str | None = "msg-1") -> bool:
    return uow.run_now(lambda tx: tx.outbox.delivered(item, posted))


def numbers(items: list[OutboxItem]) -> list[str]:
    return [str(i.body["data"]["text"]).rsplit("#", 1)[1] for i in items]


def test_entries_round_trip_encrypted_and_keys_are_idempotent(uow, engine: Engine) -> None:
    assert add(uow, entry(key="alert:BR-2026-0001", reference="BR-2026-0001")) == [True]
    assert add(uow, entry(key="alert:BR-2026-0001"), entry()) == [False, True]
    with engine.connect() as conn:
        stored = " ".join(str(v) for r in conn.execute(text("SELECT * FROM outbox")) for v in r)
    assert "Pumphrey" not in stored
    assert "ada@example.org" not in stored
    items = claim(uow)
    assert [(i.reference, i.attempts, i.claimed_by) for i in items] == [("BR-2026-0001", 1, "w1")]
    assert items[0].target["upn"] == "ada@example.org"
    assert items[0].body["data"]["text"] == f"{SECRET} #0"


def test_one_row_per_lane_at_a_time_in_order(uow) -> None:
    add(uow, entry("a", 1), entry("a", 2), entry("b", 3), entry("a", 4))
    first = claim(uow)
    assert numbers(first) == ["1", "3"]
    assert claim(uow, "w2") == []  # both lanes busy
    for item in first:
        assert delivered(uow, item)
    second = claim(uow, "w2")
    assert numbers(second) == ["2"]
    delivered(uow, second[0])
    assert numbers(claim(uow)) == ["4"]
    assert claim(uow) == []


def test_claim_respects_its_limit(uow) -> None:
    add(uow, *(entry(f"lane-{n}", n) for n in range(5)))
    assert numbers(claim(uow, limit=2)) == ["0", "1"]
    assert numbers(claim(uow, limit=10)) == ["2", "3", "4"]


def test_a_failed_row_is_due_again_later_and_blocks_its_lane_meanwhile(uow, clock) -> None:
    add(uow, entry("a", 1), entry("a", 2))
    (item,) = claim(uow)
    retry_at = clock.now() + timedelta(seconds=30)
    assert uow.run_now(lambda tx: tx.outbox.failed(item, "ConnectionError", retry_at))
    assert claim(uow) == []  # not due yet, and the lane keeps its order
    clock.advance(seconds=30)
    (again,) = claim(uow)
    assert (numbers([again]), again.attempts) == (["1"], 2)
    listed = uow.read_now(lambda tx: tx.outbox.listing(failed_only=True))
    assert [(w.state, w.last_error, w.attempts) for w in listed] == [
        ("sending", "ConnectionError", 2)
    ]


def test_a_row_failed_for_good_drops_its_body_and_frees_its_lane(uow, engine) -> None:
    add(uow, entry("a", 1), entry("a", 2))
    (item,) = claim(uow)
    assert uow.run_now(lambda tx: tx.outbox.failed(item, "no_chat", None))
    assert numbers(claim(uow)) == ["2"]
    with engine.connect() as conn:
        state, body = conn.execute(
            select(OutboxRow.state, OutboxRow.body).where(OutboxRow.id == item.id)
        ).one()
    assert (state, body) == ("failed", None)
    listed = uow.read_now(lambda tx: tx.outbox.listing(failed_only=True))
    assert [(w.state, w.last_error) for w in listed] == [("failed", "no_chat")]


def test_delivery_drops_the_body_and_keeps_the_posted_id(uow, engine, clock) -> None:
    add(uow, entry())
    (item,) = claim(uow)
    assert delivered(uow, item, "msg-7")
    assert delivered(uow, item) is False  # recorded once
    with engine.connect() as conn:
        got = conn.execute(
            select(OutboxRow.state, OutboxRow.body, OutboxRow.posted_id, OutboxRow.delivered_at)
        ).one()
    assert tuple(got) == ("done", None, "msg-7", T0)
    assert uow.read_now(lambda tx: tx.outbox.backlog()) == (0, None)
    clock.advance(days=8)
    assert uow.run_now(lambda tx: tx.outbox.forget_delivered(T0)) == 0  # not older than T0
    assert uow.run_now(lambda tx: tx.outbox.forget_delivered(clock.now())) == 1


def test_backlog_counts_live_rows_and_their_oldest_age(uow, clock) -> None:
    add(uow, entry("a", 1))
    clock.advance(minutes=5)
    add(uow, entry("b", 2))
    claim(uow, limit=1)
    assert uow.read_now(lambda tx: tx.outbox.backlog()) == (2, T0)
    every = uow.read_now(lambda tx: tx.outbox.listing(failed_only=False))
    assert [(w.queue, w.kind, w.state) for w in every] == [
        ("outbox", "message", "sending"),
        ("outbox", "message", "pending"),
    ]
    assert "Pumphrey" not in repr(every)


def test_an_expired_claim_is_claimed_again_and_the_old_claim_cannot_finish(uow, clock) -> None:
    add(uow, entry())
    (slow,) = claim(uow, "slow")
    clock.advance(LEASE - timedelta(seconds=1))
    assert claim(uow, "fresh") == []  # the lease still holds
    clock.advance(seconds=1)
    (fresh,) = claim(uow, "fresh")
    assert (fresh.id, fresh.attempts, fresh.claimed_by) == (slow.id, 2, "fresh")
    assert delivered(uow, slow) is False
    assert uow.run_now(lambda tx: tx.outbox.failed(slow, "timeout", clock.now())) is False
    assert delivered(uow, fresh) is True
    assert claim(uow) == []


def test_rows_survive_a_restart_and_a_dead_workers_claim_expires(
    db_url: str, key: bytes, uow: SqlUnitOfWork, clock: ManualClock
) -> None:
    add(uow, entry("a", 1), entry("b", 2), entry("a", 3))
    (claimed, _) = claim(uow, "before-restart")  # lane a's first and lane b's only row
    uow.engine.dispose()  # the process "dies": its claims are never finished

    engine = make_engine(db_url)
    try:
        again = SqlUnitOfWork(engine, FieldCipher([key]), clock)
        assert again.read_now(lambda tx: tx.outbox.backlog()) == (3, T0)
        assert claim(again, "after-restart") == []  # the dead worker's lease still holds
        clock.advance(LEASE)
        items = claim(again, "after-restart")
        assert numbers(items) == ["1", "2"]
        assert [i.attempts for i in items] == [2, 2]
        assert items[0].id == claimed.id
        for item in items:
            assert delivered(again, item)
        assert numbers(claim(again, "after-restart")) == ["3"]
    finally:
        engine.dispose()
