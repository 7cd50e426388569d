"""Cross-cutting behaviour: roles and audit, de-duplication, the error shield, restarts."""

from __future__ import annotations

import logging

import pytest

from bot.domain.conversation import ConversationKey
from bot.domain.values import BreachState
from bot.services.hygiene import Inspection
from bot.services.messages import CardAction, Delivery, Incoming, Verb
from bot.services.uow import Tx
from tests.support import fake_uow
from tests.support.fake_uow import FakeUnitOfWork
from tests.unit.services.conftest import (
    CARER,
    OTHER_CARER,
    RHIANNON,
    SAM,
    Harness,
    HarnessFactory,
    breach,
    breaches,
)

SHORT_REPORT = ("/breach", "10 minutes ago", "adults", "skip", "skip", "Lost a paper rota", "5")


def refusals(h: Harness) -> list[tuple[str | None, str, str, str]]:
    assert isinstance(h.uow, FakeUnitOfWork)
    return list(h.uow.state.refusals)


def channel_posts(h: Harness) -> int:
    return len([s for s in h.notifier.sent if s.how == "channel"])


async def test_non_officer_cannot_acknowledge_and_is_audited(h: Harness) -> None:
    reference = await h.report(CARER)
    h.notifier.clear()

    outcome = await h.click(OTHER_CARER, Verb.ACKNOWLEDGE, reference)

    assert outcome.updated is None
    assert "only the DPOs, the SIRO and directors" in outcome.toast
    assert breach(h, reference).state is BreachState.REPORTED
    assert [(r[0], r[1], r[2]) for r in refusals(h)] == [
        (reference, "kit.worker@citycare.example", Verb.ACKNOWLEDGE.value)
    ]
    assert h.notifier.sent == []  # nobody told, no card changed


async def test_other_services_dpo_is_refused_until_the_breach_reaches_them(h: Harness) -> None:
    reference = await h.report(CARER)  # an adults breach; Claire is the children's DPO
    outcome = await h.click(h.actor("claire"), Verb.ACKNOWLEDGE, reference)
    assert "belongs to the adults service" in outcome.toast
    assert [(r[1], r[2]) for r in refusals(h)] == [("claire.best@citycare.example", "acknowledge")]

    h.clock.advance(minutes=12)
    await h.run_due()  # escalated to Claire: now she may
    outcome = await h.click(h.actor("claire"), Verb.ACKNOWLEDGE, reference)
    assert "You acknowledged" in outcome.toast


async def test_it_support_is_not_an_officer(h: Harness) -> None:
    reference = await h.report(CARER)
    outcome = await h.click(h.actor("dans-it"), Verb.HAND_OVER, reference)
    assert "only the DPOs" in outcome.toast
    assert breach(h, reference).assigned_to.upn == RHIANNON  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "data",
    [{}, {"reference": 42}, {"reference": "DROP TABLE breaches"}, {"reference": "BR-2026-9999"}],
)
async def test_forged_card_data_changes_nothing(h: Harness, data: dict[str, object]) -> None:
    action = CardAction(h.actor("rhiannon"), Verb.ACKNOWLEDGE, data, "c", "m")
    outcome = await h.bot.on_card_action(action)
    assert outcome.updated is None
    assert "nothing was changed" in outcome.toast


async def test_unknown_verb_is_answered_politely(h: Harness) -> None:
    action = CardAction(h.actor("rhiannon"), "breach.delete", {"reference": "BR-2026-0001"}, "c")
    assert "nothing was changed" in (await h.bot.on_card_action(action)).toast


async def test_activity_delivered_three_times_changes_register_once(h: Harness) -> None:
    for text in SHORT_REPORT:
        await h.say(CARER, text)
    replies = [await h.say(CARER, "yes", activity_id="act-42") for _ in range(3)]

    assert [len(r) for r in replies][1:] == [0, 0]
    assert any("BR-2026-0001" in s.text for s in replies[0])
    assert len(breaches(h)) == 1
    assert channel_posts(h) == 1


async def test_repeated_answer_is_not_taken_twice(h: Harness) -> None:
    await h.say(CARER, "/breach", activity_id="a1")
    await h.say(CARER, "10 minutes ago", activity_id="a2")
    assert await h.say(CARER, "10 minutes ago", activity_id="a2") == []
    out = await h.replies(CARER, "adults", activity_id="a3")
    assert any("Question 3 of 6" in t for t in out)


async def test_unexpected_error_gives_incident_id_without_personal_data(
    h: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise ValueError("Edna Pumphrey")

    monkeypatch.setattr(h.bot.commands, "help", broken)
    with caplog.at_level(logging.ERROR):
        [reply] = await h.replies(CARER, "/help")
    assert "something went wrong" in reply
    assert "incident" in reply
    assert "Edna" not in reply
    incident = reply.rsplit("incident ", 1)[1].rstrip(").")
    assert incident in caplog.text
    assert "ValueError" in caplog.text
    assert "Edna" not in caplog.text


async def test_restart_mid_conversation_loses_nothing(harness_factory: HarnessFactory) -> None:
    first = harness_factory()
    for text in ["/breach", "10 minutes ago", "adults", "in the office"]:
        await first.say(CARER, text)

    second = harness_factory()  # a new process, same database
    out = await second.replies(CARER, "1, 6")
    assert any("Question 5 of 6" in t for t in out)
    for text in ["Lost a paper rota", "5"]:
        await second.say(CARER, text)
    final = (await second.replies(CARER, "yes"))[-1]
    assert "BR-2026-0001" in final
    stored = breach(second, "BR-2026-0001")
    assert stored.location == "in the office"
    assert [s.value for s in stored.systems] == ["Birdie", "WhatsApp"]


async def test_unreadable_saved_report_goes_to_a_dpo_and_restarts(h: Harness) -> None:
    key = ConversationKey("msteams", "1:1", CARER.aad_object_id.casefold()).as_text()
    damaged = {"version": 99, "location": "at the client's flat"}
    assert isinstance(h.uow, FakeUnitOfWork)
    h.uow.run_now(
        lambda tx: tx.conversations.save(key, CARER.aad_object_id, damaged, expected_version=None)
    )

    out = await h.replies(CARER, "yes")

    assert any("When did you discover" in t for t in out)
    [kept] = h.notifier.to(RHIANNON)
    assert "at the client's flat" in kept.text


async def test_same_message_id_in_two_conversations_is_not_a_repeat(h: Harness) -> None:
    # Teams channel message ids are millisecond timestamps: unique per conversation only.
    first = await h.say(CARER, "/help", activity_id="1700000000000")
    other = await h.say(OTHER_CARER, "/help", activity_id="1700000000000")
    assert first
    assert other


async def test_a_submit_that_fails_half_way_files_nothing_and_sends_nothing(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in SHORT_REPORT:
        await h.say(CARER, text)
    real_delete = fake_uow._Conversations.delete
    calls = {"n": 0}

    def crash_once(self: fake_uow._Conversations, key: str) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:  # after the breach, its alert and its card were written
            raise ConnectionError("database went away")
        return real_delete(self, key)

    monkeypatch.setattr(fake_uow._Conversations, "delete", crash_once)
    first = await h.replies(CARER, "yes")
    assert "incident" in first[-1]
    assert breaches(h) == []  # rolled back as one
    assert channel_posts(h) == 0  # nothing sent for a change that rolled back
    second = await h.replies(CARER, "yes")  # the reporter tries again
    assert "Your reference is BR-2026-0001" in second[-1]
    assert len(breaches(h)) == 1
    assert channel_posts(h) == 1


async def test_abandon_timer_that_fails_is_retried_and_files_once(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ["/breach", "10 minutes ago", "adults"]:
        await h.say(CARER, text)
    h.clock.advance(minutes=10)
    real_save = fake_uow._Conversations.save
    calls = {"n": 0}

    def crash_once(self: fake_uow._Conversations, *args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("database went away")
        return real_save(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fake_uow._Conversations, "save", crash_once)
    h.notifier.clear()
    await h.run_due()  # files the partial, then dies before marking the conversation
    assert breaches(h) == []
    assert h.notifier.sent == []  # rolled back: nothing was sent
    h.clock.advance(seconds=30)  # the timer's retry is due after the backoff
    await h.run_due()

    assert calls["n"] == 2
    assert len(breaches(h)) == 1
    assert channel_posts(h) == 1
    assert len(h.notifier.to(SAM)) == 1


async def test_edits_of_one_message_are_each_handled_once(h: Harness) -> None:
    seen: list[str] = []

    class Recorder:
        async def inspect(self, incoming: Incoming) -> Inspection:
            return Inspection(incoming.text, ("PERSON",), "")

        def warn(self, tx: Tx, incoming: Incoming, found: Inspection) -> list[Delivery]:
            seen.append(incoming.text)
            return []

    h.bot.hygiene = Recorder()  # type: ignore[assignment]
    for text, edited in [("first", False), ("second", True), ("second", True), ("third", True)]:
        incoming = Incoming(
            "msteams", "chan-1", "channel", OTHER_CARER, text, activity_id="170000", edited=edited
        )
        await h.bot.on_message(incoming)
    assert seen == ["first", "second", "third"]
