"""Who may see and act on which breach (``permissions.may``), from the organisation file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain import lifecycle as lc
from bot.domain.breach import ActionKind, ActionOwner, Breach, Service, System
from bot.domain.organisation import Organisation
from bot.domain.records import AlertRecord, AlertStatus
from bot.services.permissions import Act, may
from bot.settings import load_organisation

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[3]
ORG: Organisation = load_organisation(ROOT / "examples" / "citycare.toml")
ADULTS_DPO, CHILDREN_DPO = ORG.person("rhiannon"), ORG.person("claire")
SIRO, DIRECTOR, IT = ORG.person("tony"), ORG.person("director-a"), ORG.person("dans-it")


def breach(service: Service | None = Service.ADULTS, *, high_risk: bool = False) -> Breach:
    """An acknowledged breach of ``service`` (``None``: filed before the service was asked)."""
    b, _ = lc.create(reporter=ORG.person("tony").actor, at=T0 - timedelta(minutes=5))
    b, _ = lc.update_draft(
        b,
        by=b.reporter,
        at=T0,
        service=service or Service.ADULTS,
        discovered_at=T0 - timedelta(minutes=20),
        location="Office",
        systems=(System.EMAIL,),
        description="Rota sent to the wrong address",
    )
    owner = ORG.person(ORG.setup(service or Service.ADULTS).dpo)
    b = lc.report(b, at=T0, assign_to=owner.actor).breach
    b = lc.with_reference(b, "BR-2026-0001")
    b = lc.acknowledge(b, by=owner.actor, at=T0).breach
    for owner_of, text in ((ActionOwner.IT, "Recall the email"), (ActionOwner.DPO, "Call")):
        b = lc.record_action(
            b, kind=ActionKind.CONTAINMENT, text=text, by=owner.actor, at=T0, owner=owner_of
        ).breach
    return replace(b, service=service, high_risk=high_risk or None)


def alert(*tried: str) -> AlertRecord:
    return AlertRecord("BR-2026-0001", "aad", None, "msteams", AlertStatus.ESCALATED, tried=tried)


def check(
    person: object,
    act: Act,
    b: Breach,
    *,
    away: dict[str, datetime] | None = None,
    record: AlertRecord | None = None,
    index: int | None = None,
) -> str | None:
    return may(ORG, person, act, b, record, away or {}, T0, action_index=index)  # type: ignore[arg-type]


@pytest.mark.parametrize("act", [Act.VIEW, Act.ACT, Act.REOPEN, Act.ACTION_DONE])
def test_a_dpo_acts_on_their_own_service(act: Act) -> None:
    assert check(ADULTS_DPO, act, breach(Service.ADULTS)) is None
    assert check(CHILDREN_DPO, act, breach(Service.CHILDREN)) is None


@pytest.mark.parametrize("act", [Act.VIEW, Act.ACT, Act.REOPEN])
def test_a_dpo_is_refused_the_other_service_unless_covering(act: Act) -> None:
    why = check(CHILDREN_DPO, act, breach(Service.ADULTS))
    assert why is not None
    assert why.startswith("that breach belongs to the adults service")
    away = {"rhiannon": T0 + timedelta(days=2)}
    assert check(CHILDREN_DPO, act, breach(Service.ADULTS), away=away) is None
    back = {"rhiannon": T0 - timedelta(minutes=1)}  # the absence is over
    assert check(CHILDREN_DPO, act, breach(Service.ADULTS), away=back) is not None


def test_a_dpo_acts_on_a_breach_escalated_or_handed_to_them() -> None:
    b = breach(Service.ADULTS)
    assert check(CHILDREN_DPO, Act.ACT, b, record=alert("rhiannon", "claire")) is None
    handed = lc.hand_over(b, to=CHILDREN_DPO.actor, by=ADULTS_DPO.actor, at=T0).breach
    assert check(CHILDREN_DPO, Act.ACT, handed) is None


def test_a_breach_without_a_service_is_every_dpos() -> None:
    assert check(CHILDREN_DPO, Act.ACT, breach(None)) is None


@pytest.mark.parametrize("act", [Act.VIEW, Act.ACT, Act.REOPEN, Act.APPROVE])
def test_the_siro_may_do_everything(act: Act) -> None:
    for service in Service:
        assert check(SIRO, act, breach(service)) is None


@pytest.mark.parametrize("person", [ADULTS_DPO, DIRECTOR, IT])
def test_only_the_siro_approves(person: object) -> None:
    assert check(person, Act.APPROVE, breach()) == "only the SIRO approves post-breach reports"


def test_directors_see_all_and_act_on_high_risk_or_escalated_breaches() -> None:
    assert check(DIRECTOR, Act.VIEW, breach()) is None
    assert check(DIRECTOR, Act.ACT, breach()) == (
        "directors act on breaches that are high risk or were escalated to them"
    )
    assert check(DIRECTOR, Act.ACT, breach(high_risk=True)) is None
    tried = alert("rhiannon", "claire", "tony", "director-a")
    assert check(DIRECTOR, Act.ACT, breach(), record=tried) is None
    assert check(DIRECTOR, Act.REOPEN, breach(high_risk=True)) == (
        "only a DPO or the SIRO reopens a breach"
    )


def test_it_support_marks_done_only_the_actions_given_to_it() -> None:
    b = breach()
    assert check(IT, Act.ACTION_DONE, b, index=0) is None
    assert check(IT, Act.ACTION_DONE, b, index=1) == "that action is not IT support's"
    assert check(IT, Act.ACTION_DONE, b, index=7) == "IT support can only mark IT actions done"
    assert check(IT, Act.ACT, b) == "only the DPOs, the SIRO and directors can act on breach alerts"
    assert check(IT, Act.VIEW, b) is not None


def test_someone_not_in_the_organisation_file_is_refused() -> None:
    assert (
        check(None, Act.VIEW, breach())
        == "only people in the organisation file can act on breaches"
    )
