"""Cross-cutting behaviour: roles and audit, de-duplication, the error shield, restarts."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from bot.domain.values import BreachState
from bot.register.state.store import REFUSED_KIND
from bot.services.messages import CardAction, Delivery, Incoming, Verb
from tests.unit.services.conftest import CARER, OTHER_CARER, Harness, texts


async def test_non_officer_cannot_acknowledge_and_is_audited(h: Harness) -> None:
    reference = await h.report(CARER)
    h.notifier.clear()

    outcome = await h.click(OTHER_CARER, Verb.ACKNOWLEDGE, reference)

    assert outcome.updated is None
    assert "only the DPOs, the SIRO and directors" in outcome.toast
    assert h.repo.get(reference).state is BreachState.REPORTED
    refused = [e for e in h.repo.events(reference) if e.kind == REFUSED_KIND]
    assert [(e.actor, e.body["verb"]) for e in refused] == [  # type: ignore[index]
        ("kit.worker@citycare.example", Verb.ACKNOWLEDGE.value)
    ]
    assert h.notifier.sent == []  # nobody told, no card changed


async def test_it_support_is_not_an_officer(h: Harness) -> None:
    reference = await h.report(CARER)
    outcome = await h.click(h.actor("dans-it"), Verb.HAND_OVER, reference)
    assert "only the DPOs" in outcome.toast
    assert h.repo.get(reference).assigned_to.upn.startswith("rhiannon")  # type: ignore[union-attr]


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
    for text in ["/breach", "10 minutes ago", "adults", "skip", "skip", "Lost a paper rota", "5"]:
        await h.say(CARER, text)
    replies = [await h.say(CARER, "yes", activity_id="act-42") for _ in range(3)]

    assert [len(r) for r in replies][1:] == [0, 0]
    assert "BR-2026-0001" in texts(replies[0])[-1]
    assert len(h.repo.list_breaches()) == 1
    assert len([s for s in h.notifier.sent if s.how == "channel"]) == 1


async def test_repeated_answer_is_not_taken_twice(h: Harness) -> None:
    await h.say(CARER, "/breach", activity_id="a1")
    await h.say(CARER, "10 minutes ago", activity_id="a2")
    assert await h.say(CARER, "10 minutes ago", activity_id="a2") == []
    out = texts(await h.say(CARER, "adults", activity_id="a3"))
    assert any("Question 3 of 6" in t for t in out)


async def test_unexpected_error_gives_incident_id_without_personal_data(
    h: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise ValueError("Edna Pumphrey")

    monkeypatch.setattr(h.bot.commands, "help", broken)
    with caplog.at_level(logging.ERROR):
        [reply] = texts(await h.say(CARER, "/help"))
    assert "something went wrong" in reply
    assert "incident" in reply
    assert "Edna" not in reply
    incident = reply.rsplit("incident ", 1)[1].rstrip(").")
    assert incident in caplog.text
    assert "ValueError" in caplog.text
    assert "Edna" not in caplog.text


async def test_restart_mid_conversation_loses_nothing(harness_factory: object) -> None:
    first: Harness = harness_factory()  # type: ignore[operator]
    for text in ["/breach", "10 minutes ago", "adults", "in the office"]:
        await first.say(CARER, text)

    second: Harness = harness_factory()  # type: ignore[operator]  # a new process, same DB
    out = texts(await second.say(CARER, "1, 6"))
    assert any("Question 5 of 6" in t for t in out)
    for text in ["Lost a paper rota", "5"]:
        await second.say(CARER, text)
    final = texts(await second.say(CARER, "yes"))[-1]
    assert "BR-2026-0001" in final
    breach = second.repo.get("BR-2026-0001")
    assert breach.location == "in the office"
    assert [s.value for s in breach.systems] == ["Birdie", "WhatsApp"]


async def test_unreadable_saved_report_goes_to_a_dpo_and_restarts(h: Harness) -> None:
    from bot.domain.conversation import ConversationKey

    key = ConversationKey("msteams", "1:1", CARER.aad_object_id.casefold()).as_text()
    damaged = {"version": 99, "location": "at the client's flat"}
    h.bot.deps.state.save_conversation(key, CARER.aad_object_id, damaged, expected_version=None)

    out = texts(await h.say(CARER, "yes"))

    assert any("When did you discover" in t for t in out)
    [kept] = h.notifier.to("rhiannon.williams@citycare.example")
    assert "at the client's flat" in kept.text


async def test_same_message_id_in_two_conversations_is_not_a_repeat(h: Harness) -> None:
    # Teams channel message ids are millisecond timestamps: unique per conversation only.
    first = await h.say(CARER, "/help", activity_id="1700000000000")
    other = await h.say(OTHER_CARER, "/help", activity_id="1700000000000")
    assert first
    assert other


async def test_crash_after_registering_does_not_file_twice(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ["/breach", "10 minutes ago", "adults", "skip", "skip", "Lost a paper rota", "5"]:
        await h.say(CARER, text)
    state = h.bot.deps.state
    real_delete = state.delete_conversation
    calls = {"n": 0}

    def crash_once(*args: object, **kwargs: object) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("database went away")
        return real_delete(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(state, "delete_conversation", crash_once)
    first = texts(await h.say(CARER, "yes"))
    assert "incident" in first[-1]
    second = texts(await h.say(CARER, "yes"))  # the reporter tries again
    assert "Your reference is BR-2026-0001" in second[-1]
    assert len(h.repo.list_breaches()) == 1
    assert len([s for s in h.notifier.sent if s.how == "channel"]) == 1


async def test_abandoned_handler_run_twice_files_once(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ["/breach", "10 minutes ago", "adults"]:
        await h.say(CARER, text)
    h.clock.advance(minutes=10)
    state = h.bot.deps.state
    real_save = state.save_conversation
    calls = {"n": 0}

    def crash_once(*args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("database went away")
        return real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(state, "save_conversation", crash_once)
    await h.run_due()  # files the partial, then dies before marking the conversation
    h.clock.advance(minutes=2)  # the item's retry is due after the backoff
    await h.run_due()

    assert calls["n"] == 2
    assert len(h.repo.list_breaches()) == 1
    assert len([s for s in h.notifier.sent if s.how == "channel"]) == 1
    assert len(h.notifier.to("sam.carer@citycare.example")) == 1


async def test_edits_of_one_message_are_each_handled_once(h: Harness) -> None:
    seen: list[str] = []

    class Recorder:
        async def on_channel_message(self, incoming: Incoming) -> list[Delivery]:
            seen.append(incoming.text)
            return []

    h.bot.deps = replace(h.bot.deps, hygiene=Recorder())  # type: ignore[arg-type]
    for text, edited in [("first", False), ("second", True), ("second", True), ("third", True)]:
        incoming = Incoming(
            "msteams", "chan-1", "channel", OTHER_CARER, text, activity_id="170000", edited=edited
        )
        await h.bot.on_message(incoming)
    assert seen == ["first", "second", "third"]
