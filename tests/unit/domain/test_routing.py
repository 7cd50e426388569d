"""Routing: the service's DPO, then the other DPO or SIRO, then directors; away and silence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import routing
from bot.domain.errors import DomainError
from bot.domain.organisation import Organisation, Person, Role, ServiceSetup
from bot.domain.values import Service
from tests.support.organisations import person, two_dpo_organisation

NOW = datetime(2026, 8, 3, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=2)


def org() -> Organisation:
    return two_dpo_organisation(
        person("ada", Role.DPO, 1),
        person("bea", Role.DPO, 2),
        person("cy", Role.SIRO, 3),
        person("dot", Role.DIRECTOR, 4),
        person("eve", Role.DIRECTOR, 5),
        person("fix", Role.IT_SUPPORT, 6),
    )


def keys(people: tuple[Person, ...]) -> list[str]:
    return [p.key for p in people]


def test_each_service_goes_to_its_own_dpo_and_channel() -> None:
    adults = routing.route(org(), Service.ADULTS, now=NOW)
    children = routing.route(org(), Service.CHILDREN, now=NOW)
    assert adults.responsible.key == "ada"
    assert adults.alert_channel == "19:adults@thread.tacv2"
    assert children.responsible.key == "bea"
    assert children.alert_channel == "19:children@thread.tacv2"
    assert adults.skipped == ()


def test_chain_is_dpo_other_dpo_siro_then_directors() -> None:
    assert keys(routing.escalation_chain(org(), Service.ADULTS)) == [
        "ada",
        "bea",
        "cy",
        "dot",
        "eve",
    ]
    assert keys(routing.escalation_chain(org(), None)) == ["ada", "bea", "cy", "dot", "eve"]


def test_away_dpo_is_covered_by_the_other_dpo() -> None:
    result = routing.route(org(), Service.ADULTS, now=NOW, away={"ada": LATER})
    assert result.responsible.key == "bea"
    assert keys(result.skipped) == ["ada"]


def test_both_dpos_away_goes_to_the_siro_then_directors() -> None:
    away = {"ada": LATER, "bea": LATER}
    assert routing.route(org(), Service.CHILDREN, now=NOW, away=away).responsible.key == "cy"
    away["cy"] = LATER
    assert routing.route(org(), Service.CHILDREN, now=NOW, away=away).responsible.key == "dot"


def test_someone_back_from_leave_is_available_again() -> None:
    back = {"ada": NOW - timedelta(minutes=1)}
    assert routing.route(org(), Service.ADULTS, now=NOW, away=back).responsible.key == "ada"
    exactly = {"ada": NOW}
    assert routing.route(org(), Service.ADULTS, now=NOW, away=exactly).responsible.key == "ada"


def test_everyone_away_still_leaves_the_dpo_responsible() -> None:
    away = dict.fromkeys(("ada", "bea", "cy", "dot", "eve"), LATER)
    result = routing.route(org(), Service.ADULTS, now=NOW, away=away)
    assert result.everyone_away
    assert result.responsible.key == "ada"


def test_no_acknowledgement_moves_along_the_chain() -> None:
    o = org()
    assert routing.next_responsible(o, Service.ADULTS, tried={"ada"}, now=NOW).key == "bea"  # type: ignore[union-attr]
    nxt = routing.next_responsible(o, Service.ADULTS, tried={"ada"}, now=NOW, away={"bea": LATER})
    assert nxt is not None
    assert nxt.key == "cy"
    tried = {"ada", "bea", "cy"}
    assert routing.next_responsible(o, Service.ADULTS, tried=tried, now=NOW).key == "dot"  # type: ignore[union-attr]
    everyone = {"ada", "bea", "cy", "dot", "eve"}
    assert routing.next_responsible(o, Service.ADULTS, tried=everyone, now=NOW) is None


def test_unknown_service_chain_starts_with_every_dpo() -> None:
    result = routing.route(org(), None, now=NOW, away={"ada": LATER})
    assert result.responsible.key == "bea"
    assert result.alert_channel is None


@pytest.mark.parametrize(
    ("upn", "allowed"),
    [
        ("ada@example.org", True),
        ("CY@EXAMPLE.ORG", True),
        ("dot@example.org", True),
        ("fix@example.org", False),
        ("carer@example.org", False),
    ],
)
def test_only_dpos_siro_and_directors_may_act_on_alerts(upn: str, allowed: bool) -> None:
    assert routing.may_act(org(), upn=upn) is allowed


def test_may_act_by_entra_object_id() -> None:
    assert routing.may_act(org(), aad_object_id="00000000-0000-4000-8000-000000000002")
    assert not routing.may_act(org(), aad_object_id="00000000-0000-4000-8000-000000000006")


def test_organisation_lookups() -> None:
    o = org()
    assert o.siro is not None
    assert o.siro.key == "cy"
    assert keys(o.directors) == ["dot", "eve"]
    assert keys(o.it_support) == ["fix"]
    assert keys(routing.high_risk_contacts(o)) == ["cy", "dot", "eve"]
    assert keys(routing.dpos(o)) == ["ada", "bea"]
    assert o.person("ada").actor.upn == "ada@example.org"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("dup_key", "duplicate person key"),
        ("unknown_fallback", "unknown person key 'zed'"),
        ("not_dpo", "'cy' is not a DPO"),
    ],
)
def test_inconsistent_organisation_is_refused(change: str, message: str) -> None:
    base = org()
    people = base.people
    services = base.services
    if change == "dup_key":
        people = (*people, person("ada", Role.DIRECTOR, 9))
    elif change == "unknown_fallback":
        services = (ServiceSetup(Service.ADULTS, "ada", ("zed",), "c"),)
    else:
        services = (ServiceSetup(Service.ADULTS, "cy", (), "c"),)
    with pytest.raises(DomainError, match=message):
        Organisation("X", people, services)


def test_service_not_covered_is_reported() -> None:
    o = Organisation("X", org().people, org().services[:1])
    with pytest.raises(DomainError, match="does not cover the children service"):
        routing.route(o, Service.CHILDREN, now=NOW)


@given(
    away=st.sets(st.sampled_from(["ada", "bea", "cy", "dot", "eve", "fix"])),
    tried=st.sets(st.sampled_from(["ada", "bea", "cy", "dot", "eve"])),
    service=st.sampled_from([Service.ADULTS, Service.CHILDREN, None]),
)
def test_routing_never_picks_someone_away_or_already_asked(
    away: set[str], tried: set[str], service: Service | None
) -> None:
    o = org()
    away_map = dict.fromkeys(away, LATER)
    result = routing.route(o, service, now=NOW, away=away_map)
    chain = keys(routing.escalation_chain(o, service))
    assert result.everyone_away == (set(chain) <= away)
    if not result.everyone_away:
        assert result.responsible.key not in away
        assert keys(result.skipped) == chain[: chain.index(result.responsible.key)]
    nxt = routing.next_responsible(o, service, tried=tried, now=NOW, away=away_map)
    if nxt is None:
        assert set(chain) <= tried | away
    else:
        assert nxt.key not in tried | away
        assert nxt.role is not Role.IT_SUPPORT
