"""Feedback buttons on the warning and turning a warning into a breach record."""

from __future__ import annotations

import pytest

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent
from bot.domain.values import BreachState, Service, System
from bot.register.state.hygiene import Feedback
from bot.services.hygiene_config import GONE, NOT_AUTHOR, NOT_OFFICER, HygieneError
from bot.services.messages import CardAction, PrivateWarning, Text, Verb
from tests.unit.hygiene.conftest import Harness
from tests.unit.hygiene.fakes import (
    CARER,
    CHILDREN_DPO,
    DPO,
    OTHER_CARER,
    SECRET_FRAGMENTS,
    TEAM,
    message,
)


async def _warn(hy: Harness) -> str:
    deliveries = await hy.service.on_channel_message(message())
    warning = deliveries[0].message
    assert isinstance(warning, PrivateWarning)
    return warning.warning_id


def _click(verb: Verb | str, warning_id: object, actor=CARER) -> CardAction:  # type: ignore[no-untyped-def]
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
async def test_author_feedback_is_recorded(hy: Harness, verb: Verb, feedback: Feedback) -> None:
    warning_id = await _warn(hy)
    hy.clock.advance(minutes=2)
    outcome = await hy.service.on_card_action(_click(verb, warning_id))
    assert outcome is not None
    assert isinstance(outcome.updated, Text)  # the buttons go away
    assert outcome.toast.startswith("Thanks")
    event = hy.store.get(warning_id)
    assert event is not None
    assert (event.feedback, event.feedback_at) == (feedback, hy.clock.now())


async def test_a_later_answer_replaces_an_earlier_one(hy: Harness) -> None:
    warning_id = await _warn(hy)
    await hy.service.on_card_action(_click(Verb.WARNING_EDITED, warning_id))
    await hy.service.on_card_action(_click(Verb.WARNING_NOT_CLIENT_DATA, warning_id))
    event = hy.store.get(warning_id)
    assert event is not None
    assert event.feedback is Feedback.NOT_CLIENT_DATA


async def test_only_the_author_can_answer(hy: Harness) -> None:
    warning_id = await _warn(hy)
    outcome = await hy.service.on_card_action(
        _click(Verb.WARNING_NOT_CLIENT_DATA, warning_id, OTHER_CARER)
    )
    assert outcome is not None
    assert outcome.toast == NOT_AUTHOR
    assert outcome.updated is None
    event = hy.store.get(warning_id)
    assert event is not None
    assert event.feedback is None


@pytest.mark.parametrize("forged", [None, 7, "", "not-an-id", "0" * 32, "A" * 32, ["x"]])
async def test_missing_or_forged_warning_ids_get_a_polite_answer(
    hy: Harness, forged: object
) -> None:
    await _warn(hy)
    for verb in (Verb.WARNING_EDITED, Verb.WARNING_TO_BREACH):
        outcome = await hy.service.on_card_action(_click(verb, forged, DPO))
        assert outcome is not None
        assert outcome.toast == GONE


async def test_other_verbs_are_left_to_the_bot(hy: Harness) -> None:
    assert await hy.service.on_card_action(_click(Verb.ACKNOWLEDGE, "x")) is None
    assert await hy.service.on_card_action(_click("something.else", "x")) is None


async def test_dpo_records_a_warning_as_a_breach(hy: Harness) -> None:
    warning_id = await _warn(hy)
    hy.clock.advance(minutes=5)
    reference = await hy.service.to_breach(DPO, warning_id)
    assert reference == "BR-2026-0001"
    breach = hy.repository.get(reference)
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
    event = hy.store.get(warning_id)
    assert event is not None
    assert event.breach_reference == reference


async def test_recording_twice_gives_the_same_reference(hy: Harness) -> None:
    warning_id = await _warn(hy)
    first = await hy.service.to_breach(DPO, warning_id)
    assert await hy.service.to_breach(CHILDREN_DPO, warning_id) == first
    assert len(hy.repository.list_breaches()) == 1


async def test_the_team_decides_the_service_when_known(hy: Harness) -> None:
    hy.rebuild(service_by_team={TEAM: Service.CHILDREN})
    reference = await hy.service.to_breach(DPO, await _warn(hy))
    breach = hy.repository.get(reference)
    assert breach.service is Service.CHILDREN
    assert breach.assigned_to is not None
    assert breach.assigned_to.upn == "bea@example.org"


async def test_record_as_breach_button(hy: Harness) -> None:
    warning_id = await _warn(hy)
    outcome = await hy.service.on_card_action(_click(Verb.WARNING_TO_BREACH, warning_id, DPO))
    assert outcome is not None
    assert outcome.toast == "Recorded in the breach register as BR-2026-0001."


async def test_non_officers_cannot_record_a_breach(hy: Harness) -> None:
    warning_id = await _warn(hy)
    with pytest.raises(HygieneError, match="Only a DPO"):
        await hy.service.to_breach(CARER, warning_id)
    outcome = await hy.service.on_card_action(_click(Verb.WARNING_TO_BREACH, warning_id, CARER))
    assert outcome is not None
    assert outcome.toast == NOT_OFFICER
    assert hy.repository.list_breaches() == []


async def test_a_failed_recording_can_be_tried_again(
    hy: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    warning_id = await _warn(hy)

    def broken(*_args: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(hy.repository, "add", broken)
    with pytest.raises(RuntimeError):
        await hy.service.to_breach(DPO, warning_id)
    monkeypatch.undo()
    assert await hy.service.to_breach(DPO, warning_id) == "BR-2026-0001"


async def test_without_a_register_recording_is_refused(hy: Harness) -> None:
    hy.repository = None  # type: ignore[assignment]
    hy.rebuild()
    with pytest.raises(HygieneError, match="not available"):
        await hy.service.to_breach(DPO, await _warn(hy))


async def test_breaches_go_through_the_bots_filing_when_connected(hy: Harness) -> None:
    filed: list[tuple[str, int]] = []

    async def file_breach(breach: Breach, events: list[BreachEvent]) -> Breach:
        # The bot's filing adds to the register, posts the alert card and starts the clock.
        filed.append((breach.state.value, len(events)))
        return hy.repository.add(breach, events)

    hy.service.connect_filing(file_breach)
    reference = await hy.service.to_breach(DPO, await _warn(hy))
    assert filed == [("reported", 3)]
    assert hy.repository.get(reference).reference == reference


async def test_filing_alone_is_enough_to_record(hy: Harness) -> None:
    hy.repository = None  # type: ignore[assignment]
    service = hy.rebuild()
    stored: list[Breach] = []

    async def file_breach(breach: Breach, events: list[BreachEvent]) -> Breach:
        stored.append(lifecycle.with_reference(breach, "BR-2026-0042"))
        return stored[-1]

    service.connect_filing(file_breach)
    assert await service.to_breach(DPO, await _warn(hy)) == "BR-2026-0042"
