"""Dialogs and workflow buttons through the real bot over the in-memory unit of work.

Open a form, send it with a bad field (the form comes back with the error and every
value kept, nothing recorded), send it right (recorded, the alert card updated for
everyone), a step refused as out of order (the form again, with the reason on top),
someone not allowed (refused and audited), IT support's Done and the SIRO's approval
answered with their own cards.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain.clock import ManualClock
from bot.domain.organisation import Role
from bot.services.forms import Form
from bot.services.messages import (
    ActionOutcome,
    ActionRequest,
    Actor,
    BreachAlert,
    CardAction,
    plain_text,
)
from tests.support.bot_harness import Harness
from tests.support.fake_uow import FakeUnitOfWork
from tests.support.organisations import person, two_dpo_organisation

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
GOOD_ASSESS = {
    "data_types": "personal,special_category",
    "affected": "12",
    "estimate": "true",
    "impact": "Distress",
    "high_risk": "yes",
    "rationale": "Health data",
}


@pytest.fixture
def h() -> Harness:
    org = two_dpo_organisation(
        person("ada", Role.DPO, 1),
        person("bea", Role.DPO, 2),
        person("cy", Role.SIRO, 3),
        person("ivan", Role.IT_SUPPORT, 4),
    )
    clock = ManualClock(T0)
    return Harness(FakeUnitOfWork(clock), org, clock)


CARER = Actor("carer-aad", "sam@example.org", "Sam")


async def dialog(
    h: Harness, who: Actor, name: str, reference: str, values: dict[str, Any] | None = None
) -> Form | ActionOutcome:
    data = {"form": name, "reference": reference, **(values or {})}
    action = CardAction(who, "task/submit" if values is not None else "task/fetch", data, "chan")
    result = await h.bot.on_dialog(action, submitted=values is not None)
    await h.runtime.outbox.drain()
    return result


def card_updates(h: Harness) -> list[BreachAlert]:
    return [s.message for s in h.notifier.sent if isinstance(s.message, BreachAlert)]


async def test_assess_in_a_dialog_bad_then_good(h: Harness) -> None:
    reference = await h.report(CARER)
    ada = h.actor("ada")
    opened = await dialog(h, ada, "assess", reference)
    assert isinstance(opened, Form)
    assert [f.key for f in opened.fields][:2] == ["data_types", "affected"]

    before = len(h.notifier.sent)
    bad = await dialog(
        h, ada, "assess", reference, {**GOOD_ASSESS, "affected": "lots", "high_risk": ""}
    )
    assert isinstance(bad, Form)
    errors = {f.key: f.error for f in bad.fields if f.error}
    assert set(errors) == {"affected", "high_risk"}
    kept = {f.key: f.value for f in bad.fields}
    assert kept["affected"] == "lots"
    assert kept["impact"] == "Distress"
    assert kept["data_types"] == "personal,special_category"
    assert h.uow.state.breaches[reference].assessment is None  # type: ignore[attr-defined]
    assert len(h.notifier.sent) == before  # nothing sent, nothing updated

    good = await dialog(h, ada, "assess", reference, GOOD_ASSESS)
    assert isinstance(good, ActionOutcome)
    assert "high risk" in good.toast
    breach = h.uow.state.breaches[reference]  # type: ignore[attr-defined]
    assert breach.assessment is not None
    assert breach.high_risk
    latest = card_updates(h)[-1]
    assert latest.stage is not None
    assert latest.stage.name == "ICO decision"
    assert "h left" in dict(latest.stage.clocks)["ICO (72 h)"]
    siro = h.person("cy").upn
    assert any(s.to == siro and reference in s.text for s in h.notifier.sent)


async def test_close_too_early_comes_back_with_the_reason_and_the_summary_kept(h: Harness) -> None:
    reference = await h.report(CARER)
    ada = h.actor("ada")
    await dialog(h, ada, "assess", reference, {**GOOD_ASSESS, "high_risk": "no"})
    again = await dialog(h, ada, "close", reference, {"summary": "All sorted"})
    assert isinstance(again, Form)
    assert "cannot close yet" in again.problem
    assert again.fields[0].value == "All sorted"
    assert h.uow.state.breaches[reference].closure is None  # type: ignore[attr-defined]


async def test_someone_not_allowed_is_refused_and_audited(h: Harness) -> None:
    reference = await h.report(CARER)
    refused = await dialog(h, CARER, "assess", reference)
    assert isinstance(refused, ActionOutcome)
    assert "noted" in refused.toast
    refusals = h.uow.state.refusals  # type: ignore[attr-defined]
    assert refusals[-1][:3] == (reference, "sam@example.org", "form:assess")


async def test_it_done_is_answered_with_the_action_card_brought_up_to_date(h: Harness) -> None:
    reference = await h.report(CARER)
    ada = h.actor("ada")
    added = await dialog(
        h,
        ada,
        "action",
        reference,
        {"text": "Wipe the phone", "owner": "it", "kind": "containment"},
    )
    assert isinstance(added, ActionOutcome)
    ivan = h.person("ivan")
    requests = [s for s in h.notifier.sent if isinstance(s.message, ActionRequest)]
    assert [r.to for r in requests] == [ivan.upn]
    data = {"reference": reference, "action": "1", "card": "action"}
    outcome = await h.click(h.actor("ivan"), "breach.action_done", reference, data=data)
    assert isinstance(outcome.updated, ActionRequest)
    assert outcome.updated.done
    assert not h.uow.state.breaches[reference].actions[0].is_open  # type: ignore[attr-defined]


async def test_the_text_alert_names_the_stage_and_clocks(h: Harness) -> None:
    """Text-only front-ends (the console chat) see the stage too."""
    reference = await h.report(CARER)
    await dialog(h, h.actor("ada"), "assess", reference, GOOD_ASSESS)
    text = plain_text(card_updates(h)[-1])
    assert "Stage: ICO decision; next: tell the ICO and record it (due " in text
    assert "ICO (72 h): due " in text
