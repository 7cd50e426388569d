"""A wrong or rotated-away register key stops start-up and makes /readyz fail (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.cli import main
from bot.register.breaches.crypto import FieldCipher
from bot.register.db import make_engine
from bot.register.keycheck import key_problem

ROOT = Path(__file__).resolve().parents[3]
CONFIG = str(ROOT / "examples" / "citycare.toml")
ADD = (
    "register", "add", "--service", "adults", "--discovered", "30 minutes ago",
    "--location", "Office", "--systems", "Email",
    "--description", "Quillfeather notes sent to the wrong group",
    "--containment", "1", "--reporter", "sam.carer@citycare.example",
)  # fmt: skip


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, bytes]:
    """A register with one breach, written under key A; returns its URL and key A."""
    url = f"sqlite:///{tmp_path / 'careguard.db'}"
    key = Fernet.generate_key()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", key.decode())
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CAREGUARD_CONFIG", CONFIG)
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert main(list(ADD)) == 0
    return url, key


def test_the_right_key_and_a_rotation_list_open_the_register(written: tuple[str, bytes]) -> None:
    url, key = written
    engine = make_engine(url)
    assert key_problem(engine, FieldCipher([key])) is None
    assert key_problem(engine, FieldCipher([Fernet.generate_key(), key])) is None  # rotating
    engine.dispose()


def test_a_wrong_or_rotated_away_key_is_named(written: tuple[str, bytes]) -> None:
    url, _key = written
    engine = make_engine(url)
    problem = key_problem(engine, FieldCipher([Fernet.generate_key()]))
    engine.dispose()
    assert problem is not None
    assert "cannot read this register" in problem
    assert "BR-2026-" in problem
    assert "Quillfeather" not in problem  # nothing of the breach itself


def test_the_server_does_not_start_under_a_wrong_key(
    written: tuple[str, bytes], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.app import prepare
    from bot.cli.util import CommandError
    from bot.settings import load_settings

    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    settings = load_settings(dev=True)
    with pytest.raises(CommandError, match="cannot read this register"):
        prepare(settings, scanner=object())  # type: ignore[arg-type]


def test_desk_writes_under_a_wrong_key_are_refused(
    written: tuple[str, bytes], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    capsys.readouterr()
    assert main(list(ADD)) == 2
    assert (
        main(["register", "ack", "BR-2026-0001", "--by", "rhiannon.williams@citycare.example"]) == 2
    )
    err = capsys.readouterr().err
    assert err.count("cannot read this register") == 2
    assert "Traceback" not in err


def test_an_older_register_is_told_to_upgrade_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.register.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0008_place_names")  # before the keyed chain
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("CAREGUARD_CONFIG", CONFIG)
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    capsys.readouterr()
    assert main(list(ADD)) == 2
    err = capsys.readouterr().err
    assert "run `careguard db upgrade` first" in err
    assert "Traceback" not in err
