"""Reporting side: drafts, reports (on time, late, abandoned), acknowledgement, actions."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import clocks as clk
from bot.domain import lifecycle as lc
from bot.domain.breach import (
    SYSTEM_ACTOR,
    ActionKind,
    ActionOwner,
    Actor,
    Breach,
    BreachError,
    BreachState,
    EventKind,
    Service,
    System,
)
from bot.domain.errors import DomainError

from .conftest import DPO, OTHER_DPO, REPORTER, SECRET_TEXT, T0, draft


def test_a_draft_lists_the_fields_still_missing_without_their_values() -> None:
    breach, event = lc.create(reporter=REPORTER, at=T0, service=Service.CHILDREN)
    assert breach.state is BreachState.DRAFT
    assert breach.reference is None
    assert breach.label == "draft"
    assert event.kind is EventKind.CREATED
    with pytest.raises(BreachError) as err:
        lc.report(breach, at=T0)
    assert str(err.value) == "the report is missing: discovered_at, description"


def test_report_within_the_hour_is_on_time() -> None:
    breach, event = lc.report(draft(), at=T0, assign_to=DPO)
    assert breach.state is BreachState.REPORTED
    assert breach.report_minutes_late == 0
    assert breach.assigned_to == DPO
    assert breach.became_aware_at == T0 - timedelta(minutes=20)
    assert event.actor == REPORTER
    assert event.data["minutes_late"] == 0
    assert event.data["assigned_to"] == DPO.upn


def test_late_report_is_accepted_and_records_minutes_late() -> None:
    breach = draft(T0)  # discovered at T0 - 20 min
    late = lc.report(breach, at=T0 + timedelta(minutes=41, seconds=1)).breach
    assert late.state is BreachState.REPORTED
    assert late.report_minutes_late == 2  # 61 min 1 s after discovery: rounded up


def test_free_text_goes_in_the_private_part_of_the_event_only() -> None:
    event = lc.report(draft(), at=T0).event
    assert event.private["description"] == SECRET_TEXT
    assert SECRET_TEXT not in repr(event.data)


def test_discovery_after_the_report_time_is_refused() -> None:
    with pytest.raises(BreachError, match="discovery time"):
        lc.report(draft(T0), at=T0 - timedelta(minutes=30))


def test_abandoned_draft_is_filed_as_incomplete_by_careguard() -> None:
    breach, _ = lc.create(reporter=REPORTER, at=T0, service=Service.ADULTS)
    breach, event = lc.abandon(breach, at=T0 + timedelta(minutes=10), assign_to=DPO)
    assert breach.state is BreachState.REPORTED
    assert breach.incomplete is True
    assert breach.report_minutes_late is None  # unknown without a discovery time
    assert breach.became_aware_at == T0 + timedelta(minutes=10)
    assert event.kind is EventKind.ABANDONED
    assert event.actor == SYSTEM_ACTOR
    assert event.data["missing"] == ["discovered_at", "location", "systems", "description"]


def test_update_draft_keeps_fields_not_given_and_dedupes_systems() -> None:
    breach = draft()
    updated, event = lc.update_draft(
        breach, by=REPORTER, at=T0, systems=(System.TEAMS, System.TEAMS, System.EMAIL)
    )
    assert updated.systems == (System.TEAMS, System.EMAIL)
    assert updated.description == SECRET_TEXT
    assert event.data["fields"] == ["systems"]


def test_acknowledging_makes_the_acknowledger_responsible(reported: Breach) -> None:
    breach, event = lc.acknowledge(reported, by=OTHER_DPO, at=T0 + timedelta(minutes=7))
    assert breach.acknowledged_by == OTHER_DPO
    assert breach.assigned_to == OTHER_DPO
    assert event.data == {"previous_assignee": DPO.upn, "minutes_to_acknowledge": 7}
    with pytest.raises(BreachError, match="cannot acknowledge a breach that is acknowledged"):
        lc.acknowledge(breach, by=DPO, at=T0)


def test_hand_over_to_the_same_person_is_refused(acknowledged: Breach) -> None:
    with pytest.raises(BreachError, match="already with that person"):
        lc.hand_over(acknowledged, to=DPO, by=DPO, at=T0)
    moved, event = lc.hand_over(
        acknowledged, to=OTHER_DPO, by=SYSTEM_ACTOR, at=T0, reason=lc.HandoverReason.AWAY
    )
    assert moved.assigned_to == OTHER_DPO
    assert event.data == {"from": DPO.upn, "to": OTHER_DPO.upn, "reason": "away"}


def test_actions_are_recorded_then_completed_once(acknowledged: Breach) -> None:
    breach, event = lc.record_action(
        acknowledged, kind=ActionKind.CONTAINMENT, text=" Changed password ", by=DPO, at=T0
    )
    assert breach.actions[0].text == "Changed password"
    assert [a.is_open for a in breach.open_actions] == [True]
    assert event.private == {"text": "Changed password"}
    done, _ = lc.complete_action(breach, index=0, by=DPO, at=T0 + timedelta(hours=1))
    assert done.open_actions == ()
    assert done.actions[0].completed_at == T0 + timedelta(hours=1)
    with pytest.raises(BreachError, match="already done"):
        lc.complete_action(done, index=0, by=DPO, at=T0)
    with pytest.raises(BreachError, match="no action with that number"):
        lc.complete_action(done, index=5, by=DPO, at=T0)


def test_an_action_has_an_owner_and_records_who_did_it(acknowledged: Breach) -> None:
    it_support = Actor("ivy.it@example.org", "Ivy It")
    breach, event = lc.record_action(
        acknowledged,
        kind=ActionKind.CONTAINMENT,
        text="Reset the tablet",
        by=DPO,
        at=T0,
        owner=ActionOwner.IT,
    )
    assert breach.actions[0].owner is ActionOwner.IT
    assert event.data == {"kind": "containment", "index": 0, "done": False, "owner": "it"}
    done, event = lc.complete_action(
        breach, index=0, by=it_support, at=T0 + timedelta(hours=1), note=" Wiped remotely "
    )
    assert done.actions[0].completed_by == it_support
    assert done.actions[0].note == "Wiped remotely"
    assert event.private == {"note": "Wiped remotely"}
    assert (
        lc.record_action(acknowledged, kind=ActionKind.REMEDIATION, text="Patched", by=DPO, at=T0)
        .breach.actions[0]
        .owner
        is ActionOwner.DPO
    )
    already = lc.record_action(
        acknowledged, kind=ActionKind.REMEDIATION, text="Patched", by=DPO, at=T0, done=True
    ).breach
    assert already.actions[0].completed_by == DPO


def test_action_needs_a_description(acknowledged: Breach) -> None:
    with pytest.raises(BreachError, match="description of the action"):
        lc.record_action(acknowledged, kind=ActionKind.REMEDIATION, text="  ", by=DPO, at=T0)


def test_action_already_done_is_not_open(acknowledged: Breach) -> None:
    breach = lc.record_action(
        acknowledged, kind=ActionKind.REMEDIATION, text="Patched", by=DPO, at=T0, done=True
    ).breach
    assert breach.open_actions == ()


def test_reference_is_normalised_and_never_changes(reported: Breach) -> None:
    breach = lc.with_reference(reported, " br-2026-0042 ")
    assert breach.reference == "BR-2026-0042"
    assert lc.with_reference(breach, "BR-2026-0042") == breach
    with pytest.raises(BreachError, match="cannot be changed"):
        lc.with_reference(breach, "BR-2026-0043")


def test_naive_times_are_refused() -> None:
    with pytest.raises(DomainError, match="timezone-aware"):
        lc.create(reporter=REPORTER, at=datetime(2026, 1, 1, 9, 0))


def test_times_are_stored_in_utc() -> None:
    plus_one = datetime(2026, 7, 1, 10, 0, tzinfo=clk.london())
    breach = lc.create(reporter=REPORTER, at=plus_one).breach
    assert breach.created_at.tzinfo is UTC
    assert breach.created_at.hour == 9


def test_breach_and_actor_are_immutable(reported: Breach) -> None:
    with pytest.raises(FrozenInstanceError):
        reported.state = BreachState.CLOSED  # type: ignore[misc]
    with pytest.raises(BreachError, match="UPN"):
        Actor(" ", "Nobody")


def test_system_names_parse_case_insensitively() -> None:
    assert System.parse(" clearcare ") is System.CLEARCARE
    assert System.parse("WHATSAPP") is System.WHATSAPP
    with pytest.raises(BreachError, match="unknown system"):
        System.parse("Fax")


def test_a_dpo_can_file_a_report_phoned_in_by_a_carer() -> None:
    breach, event = lc.report(draft(), at=T0, assign_to=DPO, by=DPO)
    assert breach.reporter == REPORTER
    assert event.actor == DPO
    assert event.data["reporter"] == REPORTER.upn


def test_event_free_text_order_is_stable() -> None:
    breach = lc.update_draft(draft(), by=REPORTER, at=T0, containment_notes="Locked it").breach
    event = lc.report(breach, at=T0).event
    assert list(event.private) == ["location", "description", "containment_notes"]


def test_blank_answers_do_not_fill_a_field() -> None:
    breach = lc.create(reporter=REPORTER, at=T0, service=Service.ADULTS).breach
    breach = lc.update_draft(breach, by=REPORTER, at=T0, location="   ", description=" x ").breach
    assert breach.location is None
    assert breach.description == "x"
    assert "location" in lc.missing_fields(breach)
