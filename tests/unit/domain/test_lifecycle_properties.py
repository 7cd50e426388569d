"""Any sequence of changes keeps a breach consistent; refused changes change nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.breach import Breach, BreachError, BreachState

from .conftest import in_state
from .test_lifecycle_matrix import OPS


def check_invariants(b: Breach) -> None:
    if b.state is not BreachState.DRAFT:
        assert b.reported_at is not None
        assert b.became_aware_at is not None
    if b.state in {BreachState.ACKNOWLEDGED, BreachState.ASSESSED, BreachState.CLOSED}:
        assert b.acknowledged_by is not None
        assert b.assigned_to is not None
    if b.state in {BreachState.ASSESSED, BreachState.CLOSED}:
        assert b.assessment is not None
    assert (b.state is BreachState.CLOSED) == (b.closure is not None)
    if b.high_risk:
        assert b.ico_deadline is not None
        assert b.became_aware_at is not None
        assert b.ico_deadline > b.became_aware_at
    if b.ico_decision is not None and not b.ico_decision.notified:
        assert b.ico_decision.reason
    if b.closure is not None:
        assert b.ico_decision is not None
        assert b.investigation is not None
        assert not b.high_risk or b.siro_notified_at is not None


@settings(max_examples=150, deadline=None)
@given(
    start=st.sampled_from(list(BreachState)),
    names=st.lists(st.sampled_from(sorted(OPS)), max_size=12),
)
def test_random_sequences_keep_the_breach_consistent(start: BreachState, names: list[str]) -> None:
    breach = in_state(start)
    check_invariants(breach)
    for name in names:
        op, allowed, kind = OPS[name]
        try:
            after, event = op(breach)
        except BreachError:
            continue  # refused: ``breach`` is immutable, nothing to undo
        assert event.kind is kind
        assert breach.state in allowed
        check_invariants(after)
        breach = after
