"""``careguard register add`` and ``ack`` at the DPO's desk: the bot's words, the bot's limits,
the organisation file deciding who may act; in a terminal, each answer checked as typed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.clocks import to_london
from tests.integration.cli.terminal import CONFIG, Terminal, clean_env, error_line, run

REPORTER = "sam.carer@citycare.example"


def uk(at: datetime) -> str:
    """``at`` as a DPO types it: UK wall-clock time."""
    return to_london(at).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Development mode, a migrated SQLite register in a private folder, no organisation file."""
    env = clean_env(CAREGUARD_ENV="development", CAREGUARD_VAR_DIR=str(tmp_path / "var"))
    assert run(["db", "upgrade"], env).returncode == 0
    return env


def add_args(**options: str) -> list[str]:
    """``register add`` with a complete report; ``options`` replace or add options."""
    values = {
        "config": str(CONFIG),
        "service": "children",
        "discovered": "40 minutes ago",
        "location": "Minibus",
        "systems": "Paper records, Email",
        "description": "Rota with initials left on the seat",
        "containment": "3",
        "reporter": REPORTER,
        **options,
    }
    args = ["register", "add"]
    for name, value in values.items():
        args += [f"--{name.replace('_', '-')}", value]
    return args


def nothing_logged(env: dict[str, str]) -> bool:
    done = run(["register", "list", "--format", "json", "--config", str(CONFIG)], env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) == []


def test_the_bots_labels_an_other_system_and_containment_are_recorded(
    env: dict[str, str],
) -> None:
    done = run(add_args(systems="Paper records, Email, Other: Nourish", containment="1, 3"), env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "logged BR-2026-0001; with claire.best@citycare.example\n"
    shown = run(["register", "show", "BR-2026-0001"], env).stdout
    assert "Systems:         Email, Paper records, Other (Nourish)\n" in shown
    assert (
        "Containment:     Locked or secured the device; Retrieved or secured the papers\n"
    ) in shown


@pytest.mark.parametrize(
    ("discovered", "says"),
    [
        pytest.param(
            uk(datetime.now(UTC) - timedelta(days=31)),
            "--discovered: that is more than 30 days before the report; check the date",
            id="31-days-ago",
        ),
        pytest.param(
            uk(datetime.now(UTC) + timedelta(hours=2)),
            "--discovered: that time has not happened",
            id="in-2-hours-as-a-time",
        ),
        pytest.param(
            "in 2 hours", "--discovered: that time has not happened yet", id="in-2-hours-in-words"
        ),
    ],
)  # ids without the clock: xdist workers collecting either side of a minute must agree
def test_discovery_times_the_bot_refuses_are_refused(
    env: dict[str, str], discovered: str, says: str
) -> None:
    assert says in error_line(run(add_args(discovered=discovered), env))
    assert nothing_logged(env)


def test_an_unknown_system_is_refused_with_the_list(env: dict[str, str]) -> None:
    line = error_line(run(add_args(systems="Birdie, the blue folder"), env))
    assert line.startswith("careguard: error: --systems: not all of it is a system CareGuard knows")
    assert "7 Email, 8 Paper records, 9 Other" in line
    assert "blue folder" not in line


def test_without_the_organisation_file_add_and_ack_refuse(env: dict[str, str]) -> None:
    no_file = [a for a in add_args() if a != str(CONFIG) and a != "--config"]
    assert error_line(run(no_file, env)) == (
        "careguard: error: register add needs the organisation file to route the breach to "
        "its DPO: give --config FILE or set CAREGUARD_CONFIG"
    )
    assert run(add_args(), env).returncode == 0
    ack = ["register", "ack", "BR-2026-0001", "--by", "anyone@anywhere.example"]
    assert error_line(run(ack, env)) == (
        "careguard: error: register ack needs the organisation file to check who may "
        "acknowledge a breach: give --config FILE or set CAREGUARD_CONFIG"
    )


@pytest.mark.parametrize(
    ("by", "says"),
    [
        ("anyone@anywhere.example", "--by: nobody in the organisation file signs in as that"),
        (
            "support@danscomputerservices.example",
            "--by: the organisation file lists that person as IT support; only a DPO, the "
            "SIRO or a director may",
        ),
    ],
)
def test_by_must_be_an_officer_of_the_file(env: dict[str, str], by: str, says: str) -> None:
    assert says in error_line(run(add_args(by=by), env))
    assert nothing_logged(env)
    assert run(add_args(), env).returncode == 0
    ack = ["register", "ack", "BR-2026-0001", "--by", by, "--config", str(CONFIG)]
    assert says in error_line(run(ack, env))


def test_the_organisation_file_can_come_from_the_environment(env: dict[str, str]) -> None:
    with_file = {**env, "CAREGUARD_CONFIG": str(CONFIG)}
    assert run(add_args(by="claire.best@citycare.example"), with_file).returncode == 0
    ack = ["register", "ack", "BR-2026-0001", "--by", "tony.merrick@citycare.example"]
    done = run(ack, with_file)
    assert done.stdout == "You acknowledged BR-2026-0001. The reporter has been told.\n"
    trail = run(["register", "show", "BR-2026-0001"], with_file).stdout
    assert "claire.best@citycare.example  Reported to the DPO" in trail


@pytest.mark.parametrize(
    "command",
    [
        ["register", "list"],
        ["register", "show", "BR-2026-0001"],
        ["register", "verify"],
        ["register", "export", "--format", "json"],
        ["register", "purge"],
        ["hygiene", "report"],
        ["db", "upgrade"],
    ],
)
def test_every_register_command_takes_config(env: dict[str, str], command: list[str]) -> None:
    assert run(add_args(), env).returncode == 0
    done = run([*command, "--config", str(CONFIG)], env)
    assert done.returncode == 0, done.stderr


def test_in_a_terminal_each_answer_is_checked_as_it_is_typed(env: dict[str, str]) -> None:
    terminal = Terminal(["register", "add", "--config", str(CONFIG)], env)
    try:
        terminal.answer("When was it discovered?", uk(datetime.now(UTC) - timedelta(days=45)))
        terminal.wait_for("That is more than 30 days before the report; check the date.")
        terminal.answer("When was it discovered?", "20 minutes ago")
        terminal.answer("Service (adults/children):", "kids")
        terminal.answer("Where did it happen?", "Minibus")
        terminal.answer("Systems involved", "paperwork and the blue folder")
        terminal.wait_for("Not all of it is a system CareGuard knows")
        terminal.answer("Systems involved", "Paper records, Other")
        terminal.answer("Which other system?", "Nourish")
        terminal.answer("What happened?", "Rota left on the seat")
        terminal.answer("What was done straight away to contain it?", "Rang the driver")
        terminal.answer("Reported by (sign-in name):", "Sam Carer")
        terminal.wait_for("Must be a sign-in name such as jo.bloggs@example.org")
        terminal.answer("Reported by (sign-in name):", REPORTER)
        status, screen = terminal.finish()
    finally:
        terminal.kill()
    assert status == 0, screen
    assert "logged BR-2026-0001; with claire.best@citycare.example" in screen
    assert "Traceback" not in screen
    shown = run(["register", "show", "BR-2026-0001"], env).stdout
    assert "Location:        Minibus\n" in shown
    assert "Systems:         Paper records, Other (Nourish)\n" in shown
    assert "Description:     Rota left on the seat\n" in shown
    assert "Containment:     Rang the driver\n" in shown


def test_in_a_terminal_a_refused_option_is_said_before_any_question(env: dict[str, str]) -> None:
    terminal = Terminal(["register", "add", "--config", str(CONFIG), "--service", "pets"], env)
    try:
        status, screen = terminal.finish()
    finally:
        terminal.kill()
    assert status == 2
    assert "careguard: error: --service: must be adults or children" in screen
    assert "When was it discovered?" not in screen
