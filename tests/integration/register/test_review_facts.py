"""The reviews' facts: kept in plain columns on every write, read without decrypting anything,
and filled in by migration 0010 for a register the previous version wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import Engine, inspect, text

from bot.domain import lifecycle as lc
from bot.domain import review as rv
from bot.domain.assessment import AffectedCount, Assessment, DataType
from bot.domain.breach import SYSTEM_ACTOR, ActionKind, Actor, Breach, System, Transition
from bot.domain.facts import breach_facts
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.repository import BreachRepository
from bot.register.migrate import alembic_config, upgrade
from bot.services.reports.monthly import ClockOutcome, Month, MonthlyReport, build_monthly_report
from tests.integration.register.factory import close_steps
from tests.unit.report import builders as b

MARCH = Month(2026, 3)
NOW = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
COVER = Actor("ola.cover@example.org", "Ola Cover")


class RefusingCipher(FieldCipher):
    """Encrypts like the register's cipher but refuses to decrypt anything."""

    def decrypt(self, token: str) -> str:
        raise AssertionError("a review decrypted something")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _log_march(repo: BreachRepository) -> None:
    """Three March breaches: one escalated with actions, one high risk told the ICO, one closed."""
    for day in (2, 9, 16):
        repo.add(b.reported(None, at(day)))

    def escalate(x: Breach) -> Transition:
        return lc.hand_over(
            x, to=COVER, by=SYSTEM_ACTOR, at=at(2) + 15 * MINUTE,
            reason=lc.HandoverReason.NO_ACKNOWLEDGEMENT,
        )  # fmt: skip

    high_risk = Assessment(
        data_types=frozenset({DataType.SPECIAL_CATEGORY, DataType.CHILDREN}),
        individuals=AffectedCount(2),
        likely_impact=b.SECRET,
        high_risk=True,
        rationale=b.SECRET,
        by=b.DPO,
        at=at(9, 12),
    )
    steps = {
        "BR-2026-0001": [
            escalate,
            lambda x: lc.acknowledge(x, by=COVER, at=at(2) + 18 * MINUTE),
            lambda x: lc.record_action(
                x, kind=ActionKind.CONTAINMENT, text=b.SECRET, by=COVER, at=at(3)
            ),
            lambda x: lc.record_action(
                x, kind=ActionKind.REMEDIATION, text=b.SECRET, by=COVER, at=at(4)
            ),
            lambda x: lc.complete_action(x, index=1, by=COVER, at=at(20)),
        ],
        "BR-2026-0002": [
            lambda x: lc.acknowledge(x, by=b.DPO, at=at(9) + 6 * MINUTE),
            lambda x: rv.assess(x, high_risk),
            lambda x: rv.record_ico_decision(x, notified=True, by=b.DPO, at=at(10)),
        ],
        "BR-2026-0003": close_steps(at(16)),
    }
    for reference, changes in steps.items():
        for change in changes:
            repo.apply(reference, change)  # type: ignore[arg-type]


def _from_snapshots(repo: BreachRepository) -> MonthlyReport:
    """The review as the previous version made it: every breach and its trail decrypted."""
    facts = [breach_facts(x, repo.history(str(x.reference))) for x in repo.list_breaches()]
    return build_monthly_report(MARCH, facts, now=NOW)


def test_the_facts_are_the_projection_of_each_breach(repo: BreachRepository) -> None:
    _log_march(repo)
    expected = [breach_facts(x, repo.history(str(x.reference))) for x in repo.list_breaches()]
    assert repo.facts() == expected
    first = expected[0]
    assert first.systems == frozenset({System.PAPER})
    assert [(a.kind, a.completed_at) for a in first.actions] == [
        (ActionKind.CONTAINMENT, None),
        (ActionKind.REMEDIATION, at(20)),
    ]
    assert first.escalated_at == (at(2) + 15 * MINUTE,)


def test_the_review_decrypts_nothing(engine: Engine, repo: BreachRepository) -> None:
    _log_march(repo)
    refusing = BreachRepository(engine, RefusingCipher([Fernet.generate_key()]))
    report = build_monthly_report(MARCH, refusing.facts(), now=NOW)
    assert report == _from_snapshots(repo)
    assert report.reported == 3
    assert report.escalations == 1
    assert report.acknowledge_minutes == (18.0, 6.0, 60.0)
    assert [(c.reference, c.outcome) for c in report.ico_clocks] == [
        ("BR-2026-0002", ClockOutcome.MET)
    ]
    assert [(a.reference, a.containment, a.remediation) for a in report.open_actions] == [
        ("BR-2026-0001", 1, 0)
    ]
    assert report.by_system[System.PAPER] == 3
    assert report.days_to_close == (5 / 24,)
    assert report.open_breaches == 2
    assert report.services[0].by_data_type[DataType.CHILDREN] == 1


def test_upgrade_from_0009_fills_in_the_facts(
    db_url: str, engine: Engine, cipher: FieldCipher, repo: BreachRepository
) -> None:
    _log_march(repo)
    before = _from_snapshots(repo)
    engine.dispose()
    command.downgrade(alembic_config(db_url), "0009_keyed_chain")
    assert not {"breach_actions", "breach_escalations"} & set(inspect(engine).get_table_names())
    assert "systems" not in {c["name"] for c in inspect(engine).get_columns("breaches")}
    upgrade(db_url, cipher=cipher)
    assert build_monthly_report(MARCH, repo.facts(), now=NOW) == before
    assert before.escalations == 1
    assert before.open_actions


def test_upgrade_from_0009_needs_the_key_only_for_a_register_with_breaches(
    db_url: str, engine: Engine, repo: BreachRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CAREGUARD_REGISTER_KEY", raising=False)
    monkeypatch.delenv("CAREGUARD_ENV", raising=False)
    command.downgrade(alembic_config(db_url), "0009_keyed_chain")
    upgrade(db_url)  # empty: no key needed
    repo.add(b.reported(None, at(2)))
    engine.dispose()
    command.downgrade(alembic_config(db_url), "0009_keyed_chain")
    with pytest.raises(RuntimeError, match="needs the key: CAREGUARD_REGISTER_KEY is not set"):
        upgrade(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            "0009_keyed_chain"
        )
