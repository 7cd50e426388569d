"""``careguard register report`` on a real register (SQLite file): what a DPO gets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.cli import main
from bot.domain import lifecycle as lc
from bot.domain.breach import SYSTEM_ACTOR, Actor, Breach, Transition
from bot.register.breaches.crypto import FieldCipher
from bot.register.service import open_register
from bot.settings import load_settings
from tests.unit.report import builders as b

MINUTE = timedelta(minutes=1)


@pytest.fixture
def register_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'register.db'}")
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    monkeypatch.delenv("CAREGUARD_CONFIG", raising=False)
    assert main(["db", "upgrade"]) == 0
    return tmp_path


def _log_march(other_dpo: Actor) -> None:
    """Three March reports: one escalated then acknowledged, one acknowledged, one open."""
    register = open_register(load_settings())
    try:
        repo = register.repository
        for n, (day, minutes_late) in enumerate([(2, 20), (9, 75), (16, 30)], start=1):
            at = datetime(2026, 3, day, 10, tzinfo=UTC)
            stored = repo.add(b.reported(None, at, minutes_after_discovery=minutes_late))
            assert stored.reference == f"BR-2026-{n:04d}"

        def escalate(x: Breach) -> Transition:
            return lc.hand_over(
                x,
                to=other_dpo,
                by=SYSTEM_ACTOR,
                at=x.reported_at + 15 * MINUTE,
                reason=lc.HandoverReason.NO_ACKNOWLEDGEMENT,
            )

        repo.apply("BR-2026-0001", escalate)
        repo.apply(
            "BR-2026-0001",
            lambda x: lc.acknowledge(x, by=other_dpo, at=x.reported_at + 18 * MINUTE),
        )
        repo.apply(
            "BR-2026-0002", lambda x: lc.acknowledge(x, by=b.DPO, at=x.reported_at + 6 * MINUTE)
        )
    finally:
        register.close()


def test_report_from_the_register(
    register_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _log_march(Actor("ola.dpo@example.org", "Ola Dpo"))
    out_dir = register_env / "out"
    decrypted: list[str] = []
    real_decrypt = FieldCipher.decrypt

    def counting(cipher: FieldCipher, token: str) -> str:
        decrypted.append(token)
        return real_decrypt(cipher, token)

    monkeypatch.setattr(FieldCipher, "decrypt", counting)
    assert main(["register", "report", "--month", "2026-03", "--out", str(out_dir)]) == 0
    assert decrypted == []  # the figures come from plain columns
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {out_dir / 'breach-report-2026-03.md'}",
        f"wrote {out_dir / 'breach-report-2026-03.png'}",
    ]
    text = (out_dir / "breach-report-2026-03.md").read_text(encoding="utf-8")
    assert "| Breaches reported | 3 |" in text
    assert "| Reported within the hour | 67% (2 of 3 with a known discovery time) |" in text
    assert (
        "| Median time to acknowledge | 12 min (2 acknowledged, 1 not yet acknowledged) |" in text
    )
    assert "| Escalated for no acknowledgement | 1 |" in text
    assert "Zebedee" not in text
    assert (out_dir / "breach-report-2026-03.png").stat().st_size > 5000
    # April is empty; the register was not changed by reporting on March.
    assert main(["register", "report", "--month", "2026-04", "--out", str(out_dir)]) == 0
    april = (out_dir / "breach-report-2026-04.md").read_text(encoding="utf-8")
    assert "| Breaches reported | 0 |" in april
    assert "| Open breaches at the end of the period | 3 |" in april


def test_unmigrated_register_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    monkeypatch.setenv("CAREGUARD_REGISTER_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    assert main(["register", "report", "--month", "2026-03", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("careguard: error: the register database")
    assert "Traceback" not in err
