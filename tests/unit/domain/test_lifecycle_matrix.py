"""Every transition is allowed in exactly the states the lifecycle names, and refused elsewhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.domain import lifecycle as lc
from bot.domain import review as rv
from bot.domain.breach import ActionKind, Breach, BreachError, BreachState, EventKind, Transition

from .conftest import DPO, OTHER_DPO, REPORTER, SECRET_TEXT, T0, assessment, in_state, investigation

T1 = T0 + timedelta(days=3)
S = BreachState
OPEN = {S.REPORTED, S.ACKNOWLEDGED, S.ASSESSED}
ACTIVE = {S.ACKNOWLEDGED, S.ASSESSED}

Op = Callable[[Breach], Transition]
OPS: dict[str, tuple[Op, set[BreachState], EventKind]] = {
    "update_draft": (
        lambda b: lc.update_draft(b, by=REPORTER, at=T1, location="Kitchen"),
        {S.DRAFT},
        EventKind.DRAFT_UPDATED,
    ),
    "report": (lambda b: lc.report(b, at=T1, assign_to=DPO), {S.DRAFT}, EventKind.REPORTED),
    "abandon": (lambda b: lc.abandon(b, at=T1), {S.DRAFT}, EventKind.ABANDONED),
    "acknowledge": (
        lambda b: lc.acknowledge(b, by=DPO, at=T1),
        {S.REPORTED},
        EventKind.ACKNOWLEDGED,
    ),
    "hand_over": (
        lambda b: lc.hand_over(b, to=OTHER_DPO, by=DPO, at=T1),
        OPEN,
        EventKind.HANDED_OVER,
    ),
    "record_action": (
        lambda b: lc.record_action(
            b, kind=ActionKind.CONTAINMENT, text="Locked the cabinet", by=DPO, at=T1
        ),
        OPEN,
        EventKind.ACTION_RECORDED,
    ),
    "mark_high_risk": (
        lambda b: rv.mark_high_risk(b, by=DPO, at=T1, rationale="Health data"),
        ACTIVE,
        EventKind.MARKED_HIGH_RISK,
    ),
    "notify_siro": (lambda b: rv.notify_siro(b, by=DPO, at=T1), OPEN, EventKind.SIRO_NOTIFIED),
    "record_ico_decision": (
        lambda b: rv.record_ico_decision(b, notified=True, by=DPO, at=T1),
        {S.ASSESSED},
        EventKind.ICO_DECISION,
    ),
    "inform_individuals": (
        lambda b: rv.inform_individuals(b, by=DPO, at=T1, how="Phoned"),
        ACTIVE,
        EventKind.INDIVIDUALS_INFORMED,
    ),
    "assess": (lambda b: rv.assess(b, assessment(at=T1)), ACTIVE, EventKind.ASSESSED),
    "record_investigation": (
        lambda b: rv.record_investigation(b, investigation(T1)),
        {S.ASSESSED},
        EventKind.INVESTIGATED,
    ),
    "close": (
        lambda b: rv.close(b, by=DPO, at=T1, outcome="Done"),
        {S.ASSESSED},
        EventKind.CLOSED,
    ),
    "reopen": (
        lambda b: rv.reopen(b, by=DPO, at=T1, reason="New facts"),
        {S.CLOSED},
        EventKind.REOPENED,
    ),
}

PREREQUISITES: dict[tuple[str, BreachState], str] = {
    ("record_ico_decision", S.ACKNOWLEDGED): "record the assessment first",
}
"""Refusals in a working state that name the missing step instead of the state."""

CASES = [(name, state) for name in OPS for state in BreachState]


@pytest.mark.parametrize(("name", "state"), CASES)
def test_transition_allowed_only_in_its_states(name: str, state: BreachState) -> None:
    op, allowed, kind = OPS[name]
    before = in_state(state)
    if state in allowed:
        _after, event = op(before)
        assert event.kind is kind
        assert event.at == T1
        assert before.state is state  # the input is never changed
        json.dumps(event.to_dict())  # every event is JSON-safe
    elif (name, state) in PREREQUISITES:
        with pytest.raises(BreachError, match=PREREQUISITES[name, state]) as err:
            op(before)
        assert SECRET_TEXT not in str(err.value)
    else:
        with pytest.raises(BreachError, match="cannot") as err:
            op(before)
        assert SECRET_TEXT not in str(err.value)
        assert state.value in str(err.value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report", S.REPORTED),
        ("abandon", S.REPORTED),
        ("acknowledge", S.ACKNOWLEDGED),
        ("assess", S.ASSESSED),
        ("close", S.CLOSED),
        ("reopen", S.ASSESSED),
    ],
)
def test_state_changing_transitions_move_to_the_next_state(name: str, expected: S) -> None:
    op, allowed, _ = OPS[name]
    source = min(allowed, key=list(BreachState).index)
    assert op(in_state(source)).breach.state is expected


def test_a_refusal_names_the_step_that_comes_first() -> None:
    with pytest.raises(BreachError, match=r"is reported; acknowledge and assess it first$"):
        rv.close(in_state(S.REPORTED), by=DPO, at=T1, outcome="Done")
    with pytest.raises(BreachError, match=r"is acknowledged; record the assessment first$"):
        rv.record_investigation(in_state(S.ACKNOWLEDGED), investigation(T1))


def test_refusal_before_acknowledgement_says_to_acknowledge_first() -> None:
    with pytest.raises(BreachError, match="acknowledge it first"):
        rv.mark_high_risk(in_state(S.REPORTED), by=DPO, at=T1, rationale="x")
