"""Feedback buttons on the warning and turning a warning into a breach record."""

from __future__ import annotations

import pytest

from bot.domain.deadlines import TimerKind
from bot.domain.records import Feedback
from bot.domain.values import BreachState, Service, System
from bot.services.hygiene_config import GONE, NOT_AUTHOR, NOT_OFFICER, HygieneError
from bot.services.messages import Actor, BreachAlert, CardAction, Text, Verb
from tests.support import fake_uow
from tests.unit.hygiene.conftest import Hygiene
from tests.unit.hygiene.fakes import (
    CARER,
    CHILDREN_DPO,
    DPO,
    OTHER_CARER,
    SECRET_FRAGMENTS,
    TEAM,
    message,
)

ADULTS_ALERTS = "19:adults@thread.tacv2"


async def _warn(hy: Hygiene) -> str:
    return (await hy.warn(message())).warning_id


def _click(verb: Verb | str, warning_id: object, actor: Actor = CARER) -> CardAction:
    return CardAction(
        actor=actor, verb=str(verb), data={"warning": warning_id}, conversation_id="a:1"
    )


@pytest.mark.parametrize(
    ("verb", "feedback"),
    [
        (Verb.WARNING_EDITED, Feedback.EDITED),
        (Verb.WARNING_NOT_CLIENT_DATA, Feedback.NOT_CLIENT_DATA),
    ],
)
async def test_author_feedback_is_recorded(hy: Hygiene, verb: Verb, feedback: Feedback) -> None:
    warning_id = await _warn(hy)
    hy.clock.advance(minutes=2)
    outcome = await hy.click(_click(verb, warning_id))
    assert isinstance(outcome.updated, Text)  # the buttons go away
    assert outcome.toast.startswith("Thanks")
    event = hy.event(warning_id)
    assert (event.feedback, event.feedback_at) == (feedback, hy.clock.now())


async def test_a_later_answer_replaces_an_earlier_one(hy: Hygiene) -> None:
    warning_id = await _warn(hy)
    await hy.click(_click(Verb.WARNING_EDITED, warning_id))
    await hy.click(_click(Verb.WARNING_NOT_CLIENT_DATA, warning_id))
    assert hy.event(warning_id).feedback is Feedback.NOT_CLIENT_DATA


async def test_only_the_author_can_answer(hy: Hygiene) -> None:
    warning_id = await _warn(hy)
    outcome = await hy.click(_click(Verb.WARNING_NOT_CLIENT_DATA, warning_id, OTHER_CARER))
    assert outcome.toast == NOT_AUTHOR
    assert outcome.updated is None
    assert hy.event(warning_id).feedback is None


@pytest.mark.parametrize("forged", [None, 7, "", "not-an-id", "0" * 32, "A" * 32, ["x"]])
async def test_missing_or_forged_warning_ids_get_a_polite_answer(
    hy: Hygiene, forged: object
) -> None:
    await _warn(hy)
    for verb in (Verb.WARNING_EDITED, Verb.WARNING_TO_BREACH):
        outcome = await hy.click(_click(verb, forged, DPO))
        assert outcome.toast == GONE
    assert hy.breaches() == []


async def test_other_verbs_are_left_to_the_bot(hy: Hygiene) -> None:
    for verb in (Verb.ACKNOWLEDGE, "something.else"):
        action = _click(verb, "x")
        assert await hy.uow.read(lambda tx, a=action: hy.service.on_card_action(tx, a)) is None


async def test_dpo_records_a_warning_as_a_breach(hy: Hygiene) -> None:
    warning_id = await _warn(hy)
    hy.clock.advance(minutes=5)
    reference = await hy.to_breach(DPO, warning_id)
    assert reference == "BR-2026-0001"
    breach = hy.breach(reference)
    assert breach.state is BreachState.REPORTED
    assert breach.service is Service.ADULTS
    assert breach.systems == (System.TEAMS,)
    assert breach.location == "Teams: Adults – Rota"
    assert breach.reporter.upn == "ada@example.org"
    assert breach.assigned_to is not None
    assert breach.assigned_to.upn == "ada@example.org"
    assert breach.discovered_at == hy.clock.now().replace(minute=30)
    assert breach.description is not None
    assert "PERSON" in breach.description
    assert "UK_NHS" in breach.description
    for fragment in SECRET_FRAGMENTS:
        assert fragment not in breach.description
    assert hy.event(warning_id).breach_reference == reference


async def test_a_recorded_warning_is_alerted_and_escalated_like_any_report(hy: Hygiene) -> None:
    reference = await hy.to_breach(DPO, await _warn(hy))
    [card] = hy.h.notifier.to(ADULTS_ALERTS, "channel")
    assert isinstance(card.message, BreachAlert)
    assert card.message.reference == reference
    timers = await hy.uow.read(lambda tx: tx.timers.pending(f"{reference}:"))
    assert [t.kind for t in timers] == [TimerKind.ESCALATION.value]


async def test_recording_twice_gives_the_same_reference(hy: Hygiene) -> None:
    warning_id = await _warn(hy)
    first = await hy.to_breach(DPO, warning_id)
    assert await hy.to_breach(CHILDREN_DPO, warning_id) == first
    assert len(hy.breaches()) == 1


async def test_the_team_decides_the_service_when_known(hy: Hygiene) -> None:
    hy.rebuild(service_by_team={TEAM: Service.CHILDREN})
    reference = await hy.to_breach(DPO, await _warn(hy))
    breach = hy.breach(reference)
    assert breach.service is Service.CHILDREN
    assert breach.assigned_to is not None
    assert breach.assigned_to.upn == "bea@example.org"


async def test_record_as_breach_button(hy: Hygiene) -> None:
    warning_id = await _warn(hy)
    outcome = await hy.click(_click(Verb.WARNING_TO_BREACH, warning_id, DPO))
    assert outcome.toast == "Recorded in the breach register as BR-2026-0001."


async def test_non_officers_cannot_record_a_breach(hy: Hygiene) -> None:
    warning_id = await _warn(hy)
    with pytest.raises(HygieneError, match=NOT_OFFICER):
        await hy.to_breach(CARER, warning_id)
    outcome = await hy.click(_click(Verb.WARNING_TO_BREACH, warning_id, CARER))
    assert "only the DPOs, the SIRO and directors" in outcome.toast
    assert hy.breaches() == []
    assert [r[2] for r in hy.uow.state.refusals] == [Verb.WARNING_TO_BREACH.value]  # audited


async def test_a_failed_recording_rolls_back_and_can_be_tried_again(
    hy: Hygiene, monkeypatch: pytest.MonkeyPatch
) -> None:
    warning_id = await _warn(hy)

    def broken(*_args: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(fake_uow._Breaches, "add", broken)
    outcome = await hy.click(_click(Verb.WARNING_TO_BREACH, warning_id, DPO))
    assert "incident" in outcome.toast
    assert hy.event(warning_id).breach_reference is None  # nothing of the step was kept
    monkeypatch.undo()
    assert await hy.to_breach(DPO, warning_id) == "BR-2026-0001"
