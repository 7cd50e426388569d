"""Stored state: JSON-safe, versioned, and continued by a restarted or second instance."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.domain.conversation import (
    STATE_VERSION,
    NameCheck,
    StateFormatError,
    StateVersionError,
    Step,
    Submitted,
    Turn,
    dispatch,
    state_from_dict,
    state_to_dict,
)
from tests.unit.conversation.conftest import (
    BST_NOW,
    GMT_NOW,
    HAPPY_ANSWERS,
    KEY,
    context,
    started,
)

SECRET = "Rota for Zebedee Quill sent to the wrong group"

# A walk through every step, including the follow-up, an edit and a back.
WALK = (
    "yesterday 14:00",
    "back",
    "keep",
    "2",
    "Oak House",
    "birdie and nourish",
    "Nourish",
    SECRET,
    "1, 2",
    "no",
    "1",
    "25 minutes ago",
)


@pytest.mark.parametrize("now", [GMT_NOW, BST_NOW])
def test_every_step_survives_a_json_round_trip(now: Any) -> None:
    chat = started(now)
    steps_seen = {chat.last.state.step}
    for text in WALK:
        chat.say(text)
        stored = json.loads(json.dumps(chat.stored))  # proves it is JSON-safe
        assert stored["version"] == STATE_VERSION
        assert state_from_dict(stored) == chat.last.state
        steps_seen.add(chat.last.state.step)
    assert steps_seen >= {Step.DISCOVERED, Step.SERVICE, Step.LOCATION, Step.SYSTEMS,
                          Step.OTHER_SYSTEM, Step.DESCRIPTION, Step.CONTAINMENT,
                          Step.SUMMARY, Step.CHANGE}  # fmt: skip


@pytest.mark.parametrize("answered", range(7))
def test_a_second_instance_continues_from_the_stored_dict(answered: int) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    stored = json.loads(json.dumps(chat.stored))
    rest = [*HAPPY_ANSWERS[answered:], "yes"]
    other = chat.now
    result = None
    for text in rest:  # a fresh "instance": only the stored dict is shared
        other += timedelta(minutes=1)
        result = dispatch(stored, KEY, Turn(text=text), context(), other)
        assert result is not None
        stored = json.loads(json.dumps(state_to_dict(result.state)))
    assert result is not None
    assert isinstance(result.outcome, Submitted)
    assert result.outcome.report.description == HAPPY_ANSWERS[4]


def test_a_state_from_another_version_restarts_with_an_apology() -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    old = dict(chat.stored or {})
    old["version"] = STATE_VERSION + 1
    result = dispatch(old, KEY, Turn(text="lost phone"), context(), chat.now)
    assert result is not None
    assert result.state.step is Step.DISCOVERED
    assert result.state.answers.description is None
    assert result.replies[0].text.startswith("Sorry")
    assert "Question 1 of 6" in result.replies[0].text
    assert result.discarded == old  # handed back so nothing is lost


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("step"),
        lambda d: d.update(step="teleport"),
        lambda d: d.update(answers="nope"),
        lambda d: d["answers"].update(systems="Birdie"),
        lambda d: d["answers"].update(service="elderly"),
        lambda d: d.update(started_at="2026-11-23T09:53:00"),  # naive
        lambda d: d.update(updated_at=12),
        lambda d: d.update(editing="yes"),
        lambda d: d["key"].pop("user_id"),
    ],
)
def test_damaged_state_is_refused_without_repeating_its_content(damage: Any) -> None:
    chat = started(answers=[*HAPPY_ANSWERS[:4], SECRET])
    stored = json.loads(json.dumps(chat.stored))
    damage(stored)
    with pytest.raises(StateFormatError) as caught:
        state_from_dict(stored)
    assert "Zebedee" not in str(caught.value)
    result = dispatch(stored, KEY, Turn(text="hello"), context(), chat.now)
    assert result is not None
    assert result.state.step is Step.DISCOVERED
    assert result.discarded is stored


@pytest.mark.parametrize("version", [None, 0, "1", True, STATE_VERSION + 1])
def test_missing_or_wrong_version_is_a_version_error(version: object) -> None:
    stored = state_to_dict(started().last.state)
    stored["version"] = version
    with pytest.raises(StateVersionError):
        state_from_dict(stored)


def test_times_are_stored_with_their_offset() -> None:
    chat = started(answers=["10 minutes ago"])
    stored = chat.stored or {}
    assert stored["answers"]["discovered_at"].endswith("+00:00")
    assert stored["started_at"].endswith("+00:00")


# Stored by the previous release (version 1, before the follow-ups), copied verbatim.
VERSION_1 = {
    "version": 1,
    "key": {"channel": "msteams", "conversation_id": "1:1", "user_id": "29:user-1"},
    "reporter": {"upn": "sam.carer@example.org", "name": "Sam Carer"},
    "step": "description",
    "answers": {
        "discovered_at": "2026-11-23T09:44:00+00:00",
        "service": "adults",
        "location": "in the office",
        "systems": ["Birdie", "WhatsApp"],
        "other_system": None,
        "description": None,
        "containment": [],
        "containment_notes": None,
    },
    "started_at": "2026-11-23T09:53:00+00:00",
    "updated_at": "2026-11-23T09:57:00+00:00",
    "default_service": "adults",
    "timezone": "Europe/London",
    "editing": False,
    "abandoned_at": None,
    "partial_sent": False,
}


def test_a_conversation_saved_by_the_previous_release_loads_and_carries_on() -> None:
    state = state_from_dict(VERSION_1)
    assert state.step is Step.DESCRIPTION
    assert state.answers.location == "in the office"
    assert (state.time_alternative, state.rewrite_offer) == (None, None)
    assert not state.names_reminded
    assert not state.continuing
    key = state.key
    result = dispatch(VERSION_1, key, Turn(text="Lost a folder"), context(), GMT_NOW)
    assert result is not None
    assert result.discarded is None  # no apology, no restart
    assert result.state.step is Step.CONTAINMENT
    assert state_to_dict(result.state)["version"] == STATE_VERSION


def test_the_follow_ups_survive_a_round_trip() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    chat.say("Zebedee Quill's flat", names=NameCheck(True, "Z.Q.'s flat"))
    stored = json.loads(json.dumps(chat.stored))
    assert stored["names_reminded"] is True
    assert stored["rewrite_offer"] == {"step": "location", "start": 0, "text": "Z.Q.'s flat"}
    assert state_from_dict(stored) == chat.last.state
    evening = started(GMT_NOW.replace(hour=18, minute=53))
    evening.say("half 5")
    assert evening.stored is not None
    assert evening.stored["time_alternative"] == "2026-11-23T05:30:00+00:00"
    evening_long = started(answers=HAPPY_ANSWERS[:4])
    evening_long.say("word " * 700)
    assert (evening_long.stored or {})["continuing"] is True


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(rewrite_offer="Z.Q."),
        lambda d: d.update(rewrite_offer={"step": "summary", "start": 0, "text": "Z.Q."}),
        lambda d: d.update(rewrite_offer={"step": "location", "start": -1, "text": "Z.Q."}),
        lambda d: d.update(rewrite_offer={"step": "location", "start": 0}),
        lambda d: d.update(time_alternative="yesterday"),
        lambda d: d.update(continuing=1),
        lambda d: d.update(names_reminded="no"),
    ],
)
def test_damaged_follow_ups_are_refused(damage: Any) -> None:
    stored = json.loads(json.dumps(state_to_dict(started(answers=HAPPY_ANSWERS[:2]).last.state)))
    damage(stored)
    with pytest.raises(StateFormatError):
        state_from_dict(stored)
