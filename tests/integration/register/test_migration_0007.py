"""``careguard db upgrade`` from 0005 to 0007_outbox on a register the previous version used.

The old register has leased scheduler work of the old kinds (pending, claimed, done), an
effect log, and alert histories in plain JSON. After the upgrade the old timers are
cancelled (done ones kept), leases and the effect log are gone, the histories are
encrypted, and the server's start-up pass rebuilds the open breach's timers from its state.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, MetaData, Table, inspect, text
from sqlalchemy.orm import Session

from bot.cli import main
from bot.domain.clock import ManualClock
from bot.domain.codec import to_jsonable
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import BreachRow
from bot.register.breaches.projection import project
from bot.register.db import make_engine, write_session
from bot.register.migrate import upgrade
from bot.register.uow import SqlUnitOfWork
from bot.services.runtime import build_runtime
from bot.settings import load_organisation
from tests.support.bot_harness import FakeScanner
from tests.support.databases import scratch_schema
from tests.unit.report import builders as b

ROOT = Path(__file__).resolve().parents[3]
REPORTED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HISTORY = ["Reported by Sam Carer at 09:00", "Sent to Rhiannon Williams (DPO Adults)"]
OLD_WORK = [  # kind, key, state
    ("breach.ack-timeout", "ack-timeout:BR-2026-0001:1", "pending"),
    ("breach.abandoned", "abandon:msteams|dm-1:3", "claimed"),
    ("breach.ico-reminder", "ico-reminder:BR-2026-0001:24", "done"),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A register at 0005 holding what the previous version wrote."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.db'}"
        upgrade(url, "0005_whatsapp_seen")
        yield url
        return
    with scratch_schema("cg_mig", migrate=False) as url:
        upgrade(url, "0005_whatsapp_seen")
        yield url


@pytest.fixture
def key() -> bytes:
    return Fernet.generate_key()


def _fill(url: str, key: bytes, *, breach: bool = True) -> str:
    """The old rows; ``breach`` False leaves out the breach itself (its alert stays)."""
    engine = make_engine(url)
    try:
        with write_session(engine) as session:
            reference = _old_breach(session, key) if breach else "BR-2026-0001"
            session.execute(
                text(
                    "INSERT INTO breach_alerts (reference, reporter_id, reporter_upn,"
                    " reporter_channel, channel_id, message_id, status, history, tried,"
                    " updated_at) VALUES (:r, 'aad-sam', 'sam.carer@citycare.example',"
                    " 'msteams', '19:adults', 'msg-1', 'reported', :h, :t, :u)"
                ),
                {"r": reference, "h": json.dumps(HISTORY), "t": '["rhiannon"]', "u": REPORTED},
            )
            for kind, work_key, state in OLD_WORK:
                session.execute(
                    text(
                        "INSERT INTO scheduled_work (kind, key, payload, due_at, state, attempts,"
                        " claimed_by, claimed_until, created_at, updated_at) VALUES (:k, :key,"
                        " '{}', :due, :s, 0, :by, :until, :now, :now)"
                    ),
                    {
                        "k": kind,
                        "key": work_key,
                        "due": REPORTED + timedelta(minutes=15),
                        "s": state,
                        "by": "old-worker" if state == "claimed" else None,
                        "until": REPORTED + timedelta(minutes=2) if state == "claimed" else None,
                        "now": REPORTED,
                    },
                )
            session.execute(
                text("INSERT INTO scheduler_effects VALUES (:k, 'escalated', :now)"),
                {"k": OLD_WORK[0][1], "now": REPORTED},
            )
        return reference
    finally:
        engine.dispose()


def _old_breach(session: Session, key: bytes) -> str:
    """A reported breach as the previous version stored it (the columns of its schema)."""
    breach = b.reported("BR-2026-0001", REPORTED)
    row = BreachRow(uid=breach.id, year=2026, number=1, version=1)
    project(row, breach)
    row.snapshot = FieldCipher([key]).encrypt(json.dumps(to_jsonable(breach)))
    row.created_at = row.updated_at = REPORTED
    old = Table("breaches", MetaData(), autoload_with=session.connection())
    session.execute(old.insert(), {c.name: getattr(row, c.name) for c in old.c if c.name != "id"})
    session.execute(text("INSERT INTO reference_counters VALUES (2026, 1)"))
    return row.reference


def _cli(url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key: bytes | None) -> int:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    monkeypatch.delenv("CAREGUARD_CONFIG", raising=False)
    if key is None:
        monkeypatch.delenv("CAREGUARD_REGISTER_KEY", raising=False)
    else:
        monkeypatch.setenv("CAREGUARD_REGISTER_KEY", key.decode())
    return main(["db", "upgrade"])


def _raw(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


async def test_upgrade_cancels_old_timers_encrypts_histories_and_start_up_rebuilds(
    old_url: str, key: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    reference = _fill(old_url, key)
    assert _cli(old_url, monkeypatch, tmp_path, key) == 0
    out = capsys.readouterr().out
    assert "encrypted the history of 1 breach alerts" in out
    engine = make_engine(old_url)
    try:
        assert _raw(engine, "SELECT version_num FROM alembic_version") == [(_head(),)]
        tables = inspect(engine).get_table_names()
        assert "outbox" in tables
        assert "scheduler_effects" not in tables
        columns = {c["name"] for c in inspect(engine).get_columns("scheduled_work")}
        assert not {"claimed_by", "claimed_until"} & columns
        states = dict(_raw(engine, "SELECT key, state FROM scheduled_work"))  # type: ignore[arg-type]
        assert states == {
            "ack-timeout:BR-2026-0001:1": "cancelled",
            "abandon:msteams|dm-1:3": "cancelled",
            "ico-reminder:BR-2026-0001:24": "done",
        }
        [(history,)] = _raw(engine, "SELECT history FROM breach_alerts")
        assert "Sam Carer" not in str(history)
        assert not str(history).startswith("[")

        clock = ManualClock(REPORTED + timedelta(minutes=20))  # the server comes back later
        uow = SqlUnitOfWork(engine, FieldCipher([key]), clock)
        alert = uow.read_now(lambda tx: tx.alerts.get(reference))
        assert alert is not None
        assert alert.history == tuple(HISTORY)
        assert (alert.tried, alert.reminded) == (("rhiannon",), False)
        assert alert.asked == ("rhiannon",), "the card the old version posted was delivered"

        organisation = load_organisation(ROOT / "examples" / "citycare.toml")
        runtime = build_runtime(
            organisation=organisation, uow=uow, scanner=FakeScanner(), clock=clock
        )
        assert await runtime.start() == 1
        pending = uow.read_now(lambda tx: [w.key for w in tx.timers.pending()])
        assert pending == [f"{reference}:escalation:1"]  # the chain resumes at once
        assert await runtime.start() == 0
    finally:
        engine.dispose()


def test_upgrade_without_the_key_keeps_histories_readable(
    old_url: str, key: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    # A logged breach needs the key to upgrade (0010 reads it): here only its alert is kept.
    reference = _fill(old_url, key, breach=False)
    assert _cli(old_url, monkeypatch, tmp_path, None) == 0
    assert "old alert histories stay as they are" in capsys.readouterr().out
    engine = make_engine(old_url)
    try:
        [(history,)] = _raw(engine, "SELECT history FROM breach_alerts")
        assert str(history).startswith("[")
        uow = SqlUnitOfWork(engine, FieldCipher([key]), ManualClock(REPORTED))
        alert = uow.read_now(lambda tx: tx.alerts.get(reference))
        assert alert is not None
        assert alert.history == tuple(HISTORY)
        # A later run with the key encrypts them.
        assert _cli(old_url, monkeypatch, tmp_path, key) == 0
        assert "encrypted the history of 1 breach alerts" in capsys.readouterr().out
        [(history,)] = _raw(engine, "SELECT history FROM breach_alerts")
        assert not str(history).startswith("[")
    finally:
        engine.dispose()


def _head() -> str:
    from alembic.script import ScriptDirectory

    from bot.register.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head
