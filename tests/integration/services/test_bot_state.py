"""``BotStateStore`` on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from bot.domain.clock import ManualClock
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.verify import verify_chain
from bot.register.db import read_session
from bot.register.state.models import ConversationStateRow
from bot.register.state.store import REFUSED_KIND, AlertRecord, BotStateStore, StaleStateError
from tests.integration.services.conftest import unique

SECRET_ANSWER = {"location": "at Edna Pumphrey's flat", "version": 1}


def test_conversation_round_trip_is_encrypted_at_rest(store: BotStateStore, engine: Engine) -> None:
    key = unique("msteams|1:1")
    version = store.save_conversation(key, "aad-1", SECRET_ANSWER, expected_version=None)
    assert version == 1
    loaded = store.load_conversation(key)
    assert loaded is not None
    assert dict(loaded.data) == SECRET_ANSWER
    assert loaded.version == 1
    with read_session(engine) as session:
        raw = session.execute(
            select(ConversationStateRow.data).where(ConversationStateRow.key == key)
        ).scalar_one()
    assert "Pumphrey" not in raw


def test_stale_saves_are_refused(store: BotStateStore) -> None:
    key = unique("conv")
    store.save_conversation(key, "aad-1", {"n": 1}, expected_version=None)
    with pytest.raises(StaleStateError):
        store.save_conversation(key, "aad-1", {"n": 2}, expected_version=None)
    assert store.save_conversation(key, "aad-1", {"n": 2}, expected_version=1) == 2
    with pytest.raises(StaleStateError):
        store.save_conversation(key, "aad-1", {"n": 3}, expected_version=1)
    assert store.delete_conversation(key, expected_version=1) is False
    assert store.delete_conversation(key, expected_version=2) is True
    assert store.load_conversation(key) is None


def test_partial_reference_is_kept_and_listed_per_reporter(store: BotStateStore) -> None:
    key, reporter = unique("conv"), unique("aad")
    store.save_conversation(
        key, reporter, {"n": 1}, expected_version=None, partial_reference="BR-2026-0001"
    )
    store.save_conversation(key, reporter, {"n": 2}, expected_version=1)
    [mine] = store.conversations_of(reporter)
    assert mine.partial_reference == "BR-2026-0001"
    assert mine.version == 2


def test_two_writers_on_one_version_only_one_wins(store: BotStateStore) -> None:
    key = unique("conv")
    store.save_conversation(key, "aad-1", {"n": 0}, expected_version=None)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def write(n: int) -> None:
        barrier.wait()
        try:
            store.save_conversation(key, "aad-1", {"n": n}, expected_version=1)
            results.append("saved")
        except StaleStateError:
            results.append("stale")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["saved", "stale", "stale", "stale"]


def test_activity_ids_are_seen_once_until_forgotten(
    store: BotStateStore, clock: ManualClock
) -> None:
    activity = unique("act")
    assert store.first_time(activity) is True
    assert store.first_time(activity) is False
    clock.advance(hours=2)
    assert store.forget_activities(clock.now() - timedelta(hours=1)) >= 1
    assert store.first_time(activity) is True


def test_alert_record_history_tried_and_posted(store: BotStateStore) -> None:
    reference = f"BR-2026-{unique('x')[-4:]}"
    record = AlertRecord(
        reference,
        "aad-9",
        "sam@example.org",
        "msteams",
        "reported",
        history=("Reported",),
        tried=("rhiannon",),
    )
    assert store.add_alert(record) is True
    assert store.add_alert(record) is False
    store.update_alert(reference, posted=("19:chan", "msg-7"))
    store.update_alert(
        reference,
        status="escalated",
        add_history=["Escalated"],
        tried=["rhiannon", "claire", "claire"],
    )
    again = store.update_alert(reference, add_history=["Escalated"])
    assert again is not None
    assert again.history == ("Reported", "Escalated")
    assert again.tried == ("rhiannon", "claire")
    assert (again.channel_id, again.message_id, again.status) == ("19:chan", "msg-7", "escalated")
    assert store.update_alert("BR-1999-0001", status="x") is None
    assert [a.reference for a in store.alerts_of("aad-9") if a.reference == reference]


def test_away_periods(store: BotStateStore, clock: ManualClock) -> None:
    person = unique("dpo")
    store.set_away(person, clock.now() + timedelta(hours=2))
    store.set_away(person, clock.now() + timedelta(hours=3))  # replaces
    assert store.away_map(clock.now())[person] == clock.now() + timedelta(hours=3)
    assert person not in store.away_map(clock.now() + timedelta(hours=4))
    assert store.clear_away(person) is True
    assert person not in store.away_map(clock.now())


def test_conversation_refs(store: BotStateStore) -> None:
    key = unique("user")
    assert store.load_ref(key) is None
    store.save_ref(key, "msteams", {"serviceUrl": "https://smba.example/", "n": 1})
    store.save_ref(key, "msteams", {"serviceUrl": "https://smba.example/", "n": 2})
    assert store.load_ref(key) == ("msteams", {"serviceUrl": "https://smba.example/", "n": 2})


def test_refusals_join_the_audit_chain(
    store: BotStateStore, engine: Engine, cipher: FieldCipher
) -> None:
    store.record_refusal(None, "kit.worker@example.org", "breach.acknowledge")
    report = verify_chain(engine, cipher)
    assert report.ok
    with read_session(engine) as session:
        from bot.register.breaches.models import AuditEventRow

        kinds = session.execute(select(AuditEventRow.kind)).scalars().all()
    assert REFUSED_KIND in kinds
