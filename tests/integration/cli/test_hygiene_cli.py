"""``careguard hygiene report`` in-process: counts per channel and week, no text."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.records import Feedback, HygieneEvent
from bot.register.db import make_engine, write_session
from bot.register.migrate import upgrade
from bot.register.state.hygiene import SqlHygiene
from tests.support.databases import migrated_sqlite
from tests.unit.hygiene.fakes import CARER, ROTA


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("DATABASE_URL", "CAREGUARD_REGISTER_KEY", "CAREGUARD_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CAREGUARD_ENV", "development")
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path))
    migrated_sqlite(tmp_path)
    return tmp_path


def _add_warning(db: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    event = HygieneEvent(
        id=uuid.uuid4().hex,
        place_key=ROTA,
        place_name="Adults – Rota",
        conversation_type="channel",
        team_id=None,
        message_id="m1",
        author_id=CARER.aad_object_id,
        occurred_at=datetime.now(UTC),
        entity_types=("PERSON", "UK_NHS"),
        content_hash="ab" * 32,
    )
    with write_session(engine) as session:
        store = SqlHygiene(session)
        store.record(event)
        store.set_feedback(event.id, Feedback.NOT_CLIENT_DATA, datetime.now(UTC))
    engine.dispose()


def test_report_prints_counts_per_channel(
    var_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_warning(var_dir / "careguard.db")
    assert main(["hygiene", "report", "--weeks", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Name warnings, 2 weeks,")
    assert "Adults – Rota: 1 warning (PERSON 1, UK_NHS 1)" in out
    assert "'not client data' 1" in out


def test_report_as_json(var_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _add_warning(var_dir / "careguard.db")
    assert main(["hygiene", "report", "--weeks", "1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["weeks"]) == 1
    assert data["rows"][0]["by_entity"] == [["PERSON", 1], ["UK_NHS", 1]]
    assert data["rows"][0]["not_client_data"] == 1


def test_bad_weeks_get_one_line(var_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hygiene", "report", "--weeks", "0"]) == 2
    assert capsys.readouterr().err.strip() == (
        "careguard: error: --weeks must be 1 to 520 (ten years), not 0"
    )


def test_a_register_without_the_hygiene_table_gets_one_line(
    var_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = var_dir / "old"
    old.mkdir()
    upgrade(f"sqlite:///{old / 'careguard.db'}", "0003_bot_state")
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(old))
    assert main(["hygiene", "report"]) == 2
    err = capsys.readouterr().err
    assert (
        "careguard: error: the register has no hygiene table yet: run `careguard db upgrade`" in err
    )
    assert "Traceback" not in err
