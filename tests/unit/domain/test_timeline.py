"""Every kind of event reads as a plain sentence, free text only on request."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.breach import SYSTEM_ACTOR, BreachEvent, EventKind
from bot.domain.timeline import describe, timeline

from .conftest import DPO, T0


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_event_kind_has_a_sentence(kind: EventKind) -> None:
    text = describe(BreachEvent(kind, DPO, T0, {}, {}))
    assert text
    assert text[0].isupper()


def test_escalation_reads_plainly() -> None:
    event = BreachEvent(
        EventKind.HANDED_OVER,
        SYSTEM_ACTOR,
        T0,
        {"from": "a@example.org", "to": "b@example.org", "reason": "no_acknowledgement"},
    )
    assert describe(event) == "Handed over to b@example.org (not acknowledged in time)"


def test_timeline_is_oldest_first_in_uk_time() -> None:
    later = BreachEvent(EventKind.CLOSED, DPO, T0 + timedelta(days=1), {}, {"outcome": "Fine"})
    first = BreachEvent(EventKind.CREATED, DPO, T0, {}, {})
    lines = timeline([later, first], with_text=True)
    assert [e.text for e in lines] == ["Report started", "Closed: Fine"]
    assert lines[0].shown == "Mon 04 May 2026 10:00 BST"
    assert lines[0].actor == "Dee Dpo"
