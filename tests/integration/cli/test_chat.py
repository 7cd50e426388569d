"""``careguard chat``: a console conversation over the same bot and a real (SQLite) register."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.cli.chat import run_chat
from bot.domain.clock import ManualClock
from bot.domain.organisation import Organisation
from bot.domain.values import BreachState
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.db import make_engine
from bot.register.service import Register
from bot.settings import load_organisation
from tests.integration.cli.terminal import CONFIG, clean_env, error_line, run
from tests.support.bot_harness import START, FakeScanner
from tests.support.databases import migrated_sqlite

REPORT = "\n".join(
    [
        "/breach",
        "10 minutes ago",
        "adults",
        "in the office",
        "1, 6",
        "Rota naming Edna Pumphrey sent to the wrong group",
        "2",
        "yes",
        "/breach status",
        "/quit",
    ]
)


@pytest.fixture(scope="module")
def organisation() -> Organisation:
    return load_organisation(CONFIG)


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Register]:
    """A migrated SQLite register shared by the sessions of one test."""
    engine = make_engine(migrated_sqlite(tmp_path))
    cipher = FieldCipher([Fernet.generate_key()])
    reg = Register(engine, cipher, BreachRepository(engine, cipher, ManualClock(START)))
    yield reg
    reg.close()


async def _chat(org: Organisation, register: Register, lines: str, role: str = "carer") -> str:
    out = io.StringIO()
    status = await run_chat(
        org,
        register,
        FakeScanner(),
        io.StringIO(lines + "\n"),
        out,
        role=role,
        clock=ManualClock(START),
        poll_interval=0.01,
    )
    assert status == 0
    return out.getvalue()


async def test_carer_reports_and_dpo_acknowledges_in_the_terminal(
    register: Register, organisation: Organisation
) -> None:
    carer = await _chat(organisation, register, REPORT)

    assert "Your reference is BR-2026-0001" in carer
    assert "── posted in the Adults DPO alert channel ──" in carer
    assert "Summary: Rota naming [PERSON] sent to the wrong group" in carer
    assert "BR-2026-0001 — reported 09:00 today, within the hour" in carer

    dpo = await _chat(organisation, register, "/ack BR-2026-0001\n/register", role="dpo")
    assert "CareGuard: You acknowledged BR-2026-0001" in dpo
    assert "── card updated in the Adults DPO alert channel ──" in dpo
    assert "── private message to " in dpo  # the reporter is told
    assert "BR-2026-0001 — Adults — acknowledged" in dpo
    assert register.repository.get("BR-2026-0001").state is BreachState.ACKNOWLEDGED


async def test_carer_cannot_use_card_commands(
    register: Register, organisation: Organisation
) -> None:
    await _chat(organisation, register, REPORT)
    out = await _chat(organisation, register, "/ack BR-2026-0001")
    assert "only for the DPOs, the SIRO and directors" in out
    assert register.repository.get("BR-2026-0001").state is BreachState.REPORTED


async def test_breach_in_a_channel_goes_private(
    register: Register, organisation: Organisation
) -> None:
    out = await _chat(organisation, register, "/channel /breach")
    assert "CareGuard (privately): Let's report a data breach" in out
    assert "CareGuard (in the channel):" in out


def test_chat_without_organisation_file_is_one_clear_line(tmp_path: Path) -> None:
    done = run(["--dev", "chat"], clean_env(CAREGUARD_VAR_DIR=str(tmp_path)), timeout=60)
    assert done.returncode == 2
    assert error_line(done).startswith("careguard: error: ")
    assert "CAREGUARD_CONFIG" in done.stderr


class WaitingInput(io.StringIO):
    """Holds the next line back until ``out`` shows ``expected`` (at most 15 s), as a
    person would wait for the bot, so the background workers have run."""

    def __init__(self, text: str, out: io.StringIO, expected: str) -> None:
        super().__init__(text)
        self._out = out
        self._expected = expected

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        deadline = time.monotonic() + 15
        while self._expected not in self._out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        return super().readline()


async def test_timers_run_in_the_background_of_the_session(
    register: Register, organisation: Organisation
) -> None:
    await _chat(organisation, register, REPORT)  # reported at 09:00
    out = io.StringIO()
    later = ManualClock(START + timedelta(minutes=13))  # nobody acknowledged
    await run_chat(
        organisation,
        register,
        FakeScanner(),
        WaitingInput("/help\n", out, "Escalated to you"),
        out,
        role="dpo",
        clock=later,
        poll_interval=0.05,
    )
    assert "── private message to Claire Best ──" in out.getvalue()
    assert "Escalated to you (DPO Children)" in out.getvalue()
