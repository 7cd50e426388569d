"""Handled WhatsApp message ids in the register database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import Engine, select, text

from bot.app import prepare
from bot.cli.util import CommandError
from bot.register.db import make_engine, read_session
from bot.register.errors import RegisterNotReadyError
from bot.register.migrate import upgrade
from bot.register.state.whatsapp_models import WhatsAppSeenRow
from bot.register.state.whatsapp_seen import WhatsAppSeenStore, id_digest
from bot.services.ports import Scanner
from bot.settings import Mode, Settings

ORG_FILE = Path(__file__).resolve().parents[3] / "examples" / "citycare.toml"

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_an_id_is_new_once_and_forget_lets_it_through(engine: Engine) -> None:
    store = WhatsAppSeenStore(engine)
    assert store.first_time("wamid.A1", NOW)
    assert not store.first_time("wamid.A1", NOW + timedelta(days=7))
    assert store.first_time("wamid.A2", NOW)
    store.forget("wamid.A1")
    assert store.first_time("wamid.A1", NOW)


def test_a_second_store_on_the_same_database_remembers(db_url: str) -> None:
    first = make_engine(db_url)
    try:
        assert WhatsAppSeenStore(first).first_time("wamid.B1", NOW)
    finally:
        first.dispose()
    again = make_engine(db_url)  # a new process after a restart
    try:
        assert not WhatsAppSeenStore(again).first_time("wamid.B1", NOW + timedelta(hours=1))
    finally:
        again.dispose()


def test_only_digests_are_stored(engine: Engine) -> None:
    WhatsAppSeenStore(engine).first_time("wamid.HBgLNDQ3NzAwOTAwMTAxFQIAEhgg", NOW)
    with read_session(engine) as session:
        (row,) = session.execute(select(WhatsAppSeenRow)).scalars()
    assert row.id_hash == id_digest("wamid.HBgLNDQ3NzAwOTAwMTAxFQIAEhgg")
    assert "HBgL" not in row.id_hash
    assert row.seen_at == NOW


def test_ids_older_than_eight_days_are_purged_a_batch_at_a_time(engine: Engine) -> None:
    store = WhatsAppSeenStore(engine, purge_batch=3)
    for i in range(7):
        assert store.first_time(f"wamid.old{i}", NOW)
    assert not store.first_time("wamid.old0", NOW + timedelta(days=7, hours=23))
    later = NOW + timedelta(days=8, minutes=1)
    assert store.first_time("wamid.new1", later)
    assert len(store) == 7 - 3 + 1  # bounded: three purged per call
    assert store.first_time("wamid.new2", later)
    assert store.first_time("wamid.new3", later)
    assert len(store) == 3  # only the new ones are left
    # An expired id that was not purged yet counts as new again.
    small = WhatsAppSeenStore(engine, purge_batch=1)
    assert small.first_time("wamid.x", later)
    assert small.first_time("wamid.y", later)
    much_later = later + timedelta(days=9)
    assert small.first_time("wamid.y", much_later)


def test_a_lone_surrogate_in_an_id_is_stored(engine: Engine) -> None:
    store = WhatsAppSeenStore(engine)
    assert store.first_time("wamid.\ud800", NOW)
    assert not store.first_time("wamid.\ud800", NOW)


def test_an_unmigrated_database_is_named(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE whatsapp_seen"))
    with pytest.raises(RegisterNotReadyError, match="careguard db upgrade"):
        WhatsAppSeenStore(engine).check_ready()


def test_start_up_with_whatsapp_needs_the_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'careguard.db'}"
    upgrade(url, "0004_hygiene")  # a register from before replay ids were stored
    settings = Settings(
        mode=Mode.DEVELOPMENT,
        database_url=url,
        var_dir=tmp_path,
        config_path=ORG_FILE,
        whatsapp_verify_token="t",
        whatsapp_app_secret="s",
        whatsapp_access_token="a",
        whatsapp_phone_number_id="1",
    )
    with pytest.raises(CommandError, match="careguard db upgrade"):
        prepare(settings, scanner=cast(Scanner, object()))
    upgrade(url)
    prepare(settings, scanner=cast(Scanner, object())).register.close()
