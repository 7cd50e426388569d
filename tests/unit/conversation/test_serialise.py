"""Stored state: JSON-safe, versioned, and continued by a restarted or second instance."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.domain.conversation import (
    STATE_VERSION,
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


@pytest.mark.parametrize("version", [None, 0, "1", 2])
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
