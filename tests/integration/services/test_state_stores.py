"""The bot-state stores of ``SqlTx`` on SQLite and PostgreSQL: conversations, activities,
alerts, absences, conversation references and refused actions."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from bot.domain.clock import ManualClock
from bot.domain.errors import StaleStateError
from bot.domain.records import AlertRecord, AlertStatus
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import AuditEventRow
from bot.register.breaches.verify import verify_chain
from bot.register.db import read_session, write_session
from bot.register.state.alerts import encrypt_legacy_histories
from bot.register.state.conversations import REFUSED_KIND
from bot.register.state.models import BreachAlertRow, ConversationStateRow
from bot.register.state.refs import ConversationRefs
from bot.register.uow import SqlUnitOfWork
from tests.integration.services.conftest import unique
from tests.unit.report import builders as b

SECRET_ANSWER = {"location": "at Edna Pumphrey's flat", "version": 1}


def save(uow: SqlUnitOfWork, key: str, data: dict[str, Any], expected: int | None, **kw: Any):
    return uow.run_now(
        lambda tx: tx.conversations.save(key, "aad-1", data, expected_version=expected, **kw)
    )


def test_conversation_round_trip_is_encrypted_at_rest(uow, engine: Engine) -> None:
    key = unique("msteams|1:1")
    assert save(uow, key, SECRET_ANSWER, None) == 1
    loaded = uow.read_now(lambda tx: tx.conversations.load(key))
    assert loaded is not None
    assert (dict(loaded.data), loaded.version, loaded.reporter_id) == (SECRET_ANSWER, 1, "aad-1")
    with read_session(engine) as session:
        raw = session.execute(
            select(ConversationStateRow.data).where(ConversationStateRow.key == key)
        ).scalar_one()
    assert "Pumphrey" not in raw


def test_stale_saves_are_refused(uow) -> None:
    key = unique("conv")
    save(uow, key, {"n": 1}, None)
    with pytest.raises(StaleStateError):
        save(uow, key, {"n": 2}, None)
    assert save(uow, key, {"n": 2}, 1) == 2
    with pytest.raises(StaleStateError):
        save(uow, key, {"n": 3}, 1)
    assert uow.run_now(lambda tx: tx.conversations.delete(key)) is True
    assert uow.run_now(lambda tx: tx.conversations.delete(key)) is False
    assert uow.read_now(lambda tx: tx.conversations.load(key)) is None


def test_partial_reference_is_kept_and_unfinished_lists_oldest_first(uow, clock) -> None:
    first, second = unique("conv"), unique("conv")
    save(uow, first, {"n": 1}, None, partial_reference="BR-2026-0001")
    clock.advance(minutes=1)
    save(uow, second, {"n": 1}, None)
    clock.advance(minutes=1)
    save(uow, first, {"n": 2}, 1)  # no reference given: the stored one stays
    listed = uow.read_now(lambda tx: tx.conversations.unfinished())
    assert [(c.key, c.version, c.partial_reference) for c in listed] == [
        (second, 1, None),
        (first, 2, "BR-2026-0001"),
    ]
    assert listed[1].updated_at == clock.now()


@pytest.mark.parametrize("existing", [True, False], ids=["next-turn", "first-turn"])
def test_racing_writers_of_one_version_only_one_wins(uow, existing: bool) -> None:
    key = unique("conv")
    if existing:
        save(uow, key, {"n": 0}, None)
    expected = 1 if existing else None
    results: list[str] = []
    barrier = threading.Barrier(4)

    def write(n: int) -> None:
        barrier.wait()
        try:
            save(uow, key, {"n": n}, expected)
            results.append("saved")
        except StaleStateError:
            results.append("stale")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["saved", "stale", "stale", "stale"]
    stored = uow.read_now(lambda tx: tx.conversations.load(key))
    assert stored is not None
    assert stored.version == (2 if existing else 1)


def test_activity_ids_are_seen_once_until_forgotten(uow, clock: ManualClock) -> None:
    activity = unique("act")
    assert uow.run_now(lambda tx: tx.activities.first_time(activity)) is True
    assert uow.run_now(lambda tx: tx.activities.first_time(activity)) is False
    assert uow.run_now(lambda tx: tx.activities.first_time("x" * 300)) is True  # cut to fit
    clock.advance(hours=2)
    assert uow.run_now(lambda tx: tx.activities.forget(clock.now() - timedelta(hours=1))) == 2
    assert uow.run_now(lambda tx: tx.activities.first_time(activity)) is True


def alert(reference: str, **kw: Any) -> AlertRecord:
    values: dict[str, Any] = {
        "history": ("Reported by Sam Carer",),
        "tried": ("rhiannon",),
        **kw,
    }
    return AlertRecord(
        reference, "aad-9", "sam@example.org", "msteams", AlertStatus.REPORTED, **values
    )


def test_alert_history_tried_asked_and_posted(uow, clock, engine) -> None:
    reference = "BR-2026-0001"
    assert uow.run_now(lambda tx: tx.alerts.add(alert(reference))) is True
    assert uow.run_now(lambda tx: tx.alerts.add(alert(reference))) is False
    uow.run_now(lambda tx: tx.alerts.update(reference, posted=("19:chan", "msg-7")))
    uow.run_now(
        lambda tx: tx.alerts.update(
            reference,
            status=AlertStatus.ESCALATED,
            add_history=["Sent to Claire Best"],
            tried=["rhiannon", "claire", "claire"],
            asked=["rhiannon", "rhiannon"],
            asked_at=clock.now(),
            reminded=True,
        )
    )
    again = uow.run_now(lambda tx: tx.alerts.update(reference, add_history=["Sent to Claire Best"]))
    assert again == uow.read_now(lambda tx: tx.alerts.get(reference))
    assert again is not None
    assert again.history == ("Reported by Sam Carer", "Sent to Claire Best")
    assert (again.tried, again.asked) == (("rhiannon", "claire"), ("rhiannon",))
    assert (again.channel_id, again.message_id) == ("19:chan", "msg-7")
    assert (again.status, again.asked_at, again.reminded) == (
        AlertStatus.ESCALATED,
        clock.now(),
        True,
    )
    assert uow.run_now(lambda tx: tx.alerts.update("BR-1999-0001", reminded=True)) is None
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT history FROM breach_alerts")).scalar_one()
    assert "Sam Carer" not in raw
    assert "Claire" not in raw


def test_legacy_plain_histories_are_read_and_encrypted(uow, engine, cipher: FieldCipher) -> None:
    reference = "BR-2026-0002"
    uow.run_now(lambda tx: tx.alerts.add(alert(reference)))
    with write_session(engine) as session:  # as an earlier version stored it
        row = session.get(BreachAlertRow, reference)
        assert row is not None
        row.history = json.dumps(["Reported by Sam Carer"])
    assert uow.read_now(lambda tx: tx.alerts.get(reference)).history == ("Reported by Sam Carer",)
    assert uow.run_now(lambda tx: encrypt_legacy_histories(tx.session, cipher)) == 1
    assert uow.run_now(lambda tx: encrypt_legacy_histories(tx.session, cipher)) == 0
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT history FROM breach_alerts")).scalar_one()
    assert "Sam Carer" not in raw
    assert uow.read_now(lambda tx: tx.alerts.get(reference)).history == ("Reported by Sam Carer",)


def test_reports_of_a_reporter_list_their_breaches(uow, clock) -> None:
    def step(tx: Any) -> str:
        reference = str(tx.breaches.add(b.reported(None, clock.now())).reference)
        tx.alerts.add(alert(reference))
        tx.alerts.add(alert("BR-2026-0999"))  # no breach behind it: not listed
        return reference

    reference = uow.run_now(step)
    mine = uow.read_now(lambda tx: tx.alerts.reports_of("aad-9"))
    assert [(r.reference, r.incomplete) for r in mine] == [(reference, False)]
    assert uow.read_now(lambda tx: tx.alerts.reports_of("aad-other")) == []


def test_away_periods(uow, clock: ManualClock) -> None:
    person = unique("dpo")
    now = clock.now()
    uow.run_now(lambda tx: tx.away.set(person, now + timedelta(hours=2)))
    uow.run_now(lambda tx: tx.away.set(person, now + timedelta(hours=3)))  # replaces
    assert uow.read_now(lambda tx: tx.away.map(now)) == {person: now + timedelta(hours=3)}
    assert uow.read_now(lambda tx: tx.away.map(now + timedelta(hours=4))) == {}
    assert uow.run_now(lambda tx: tx.away.clear(person)) is True
    assert uow.run_now(lambda tx: tx.away.clear(person)) is False
    assert uow.read_now(lambda tx: tx.away.map(now)) == {}


def test_conversation_refs(engine: Engine, clock: ManualClock) -> None:
    refs = ConversationRefs(engine, clock)
    key = unique("user")
    assert refs.load(key) is None
    refs.save(key, "msteams", {"serviceUrl": "https://smba.example/", "n": 1})
    refs.save(key, "msteams", {"serviceUrl": "https://smba.example/", "n": 2})
    assert refs.load(key) == ("msteams", {"serviceUrl": "https://smba.example/", "n": 2})


def test_refusals_join_the_audit_chain(uow, engine: Engine, cipher: FieldCipher, clock) -> None:
    reference = uow.run_now(
        lambda tx: str(tx.breaches.add(b.reported(None, clock.now())).reference)
    )
    uow.run_now(
        lambda tx: tx.audit.refused(
            None, "kit.worker@example.org", "breach.acknowledge", "not an officer"
        )
    )
    uow.run_now(
        lambda tx: tx.audit.refused(
            reference, "kit.worker@example.org", "breach.acknowledge", "not an officer"
        )
    )
    uow.run_now(lambda tx: tx.audit.refused("BR-2026-0999", "kit@example.org", "x", "unknown"))
    assert verify_chain(engine, cipher).ok
    with read_session(engine) as session:
        refused = session.execute(
            select(AuditEventRow.reference, AuditEventRow.breach_id.is_not(None))
            .where(AuditEventRow.kind == REFUSED_KIND)
            .order_by(AuditEventRow.seq)
        ).all()
    assert [tuple(r) for r in refused] == [(None, False), (reference, True), (None, False)]
