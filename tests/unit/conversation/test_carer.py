"""Issue 13, the carer: what a carer on a phone says, and what the conversation makes of it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.conversation import (
    NOT_GIVEN,
    Step,
    Submitted,
    abandoned_summary,
    systems_words,
)
from tests.unit.conversation.conftest import HAPPY_ANSWERS, only_reply, started

EVENING = datetime(2026, 11, 23, 18, 53, tzinfo=UTC)  # the first turn comes at 18:54 GMT

# The step each question is on after n of HAPPY_ANSWERS, n = 0..6.
STEPS = (Step.DISCOVERED, Step.SERVICE, Step.LOCATION, Step.SYSTEMS, Step.DESCRIPTION,
         Step.CONTAINMENT, Step.SUMMARY)  # fmt: skip


# --- Times as people say them -------------------------------------------------------


def test_at_about_6_at_1854_is_1800_and_the_other_reading_is_one_word_away() -> None:
    chat = started(EVENING)
    chat.say("at about 6")
    assert chat.last.state.answers.discovered_at == datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    assert (
        'I took that as 18:00 today — 54 minutes ago. Reply "morning" if you meant 06:00 today.'
        in chat.text
    )
    assert chat.last.state.step is Step.SERVICE
    chat.say("morning")
    assert chat.last.state.answers.discovered_at == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    assert "Changed: I've recorded 06:00 today — 12 hours 55 minutes ago." in chat.text
    assert chat.last.state.step is Step.SERVICE  # the same question again, nothing skipped
    assert "The 1-hour reporting window has passed" in chat.text


def test_the_other_reading_is_also_a_button() -> None:
    chat = started(EVENING)
    chat.say("half 5")
    button = next(a for a in only_reply(chat.last).actions if a.label == "I meant 05:30")
    chat.say(value=button.value)
    assert chat.last.state.answers.discovered_at == datetime(2026, 11, 23, 5, 30, tzinfo=UTC)


def test_an_answer_after_the_time_closes_the_correction() -> None:
    chat = started(EVENING)
    chat.say("half 5")
    chat.say("yes")  # the service: the carer moved on
    assert chat.last.state.time_alternative is None
    assert chat.last.state.answers.discovered_at == datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
    chat.say("morning")  # now just an answer to "Where?"
    assert chat.last.state.answers.location == "morning"


def test_a_time_that_fits_once_is_said_back_without_a_choice() -> None:
    chat = started(EVENING)
    chat.say("around 10 minutes ago")
    assert "I've recorded 18:44 today — 10 minutes ago." in chat.text
    assert "Reply" not in chat.text
    assert chat.last.state.time_alternative is None


def test_earlier_this_morning_asks_for_the_time() -> None:
    chat = started(EVENING)
    chat.say("earlier this morning")
    assert chat.last.state.step is Step.DISCOVERED
    assert "Roughly what time was that?" in chat.text


# --- The confirmation accepts its own labels --------------------------------------


@pytest.mark.parametrize(
    "typed", ["Yes, send it", "yes send it", "YES SEND IT!", "send it now", "yes", "1"]
)
def test_the_summary_sends_on_its_own_yes_label(typed: str) -> None:
    chat = started(answers=HAPPY_ANSWERS)
    assert isinstance(chat.say(typed).outcome, Submitted)


@pytest.mark.parametrize(
    "typed", ["No, change something", "no change something", "change", "no", "Change something"]
)
def test_the_summary_changes_on_its_own_no_label(typed: str) -> None:
    chat = started(answers=HAPPY_ANSWERS)
    assert chat.say(typed).state.step is Step.CHANGE


@pytest.mark.parametrize(("typed", "step"), [("Where", Step.LOCATION), ("systems", Step.SYSTEMS)])
def test_the_change_list_takes_its_labels(typed: str, step: Step) -> None:
    chat = started(answers=[*HAPPY_ANSWERS, "no"])
    assert chat.say(typed).state.step is step


# --- A mistyped command is not saved as an answer ---------------------------------

TYPOS = [("cancle", "cancel"), ("hlep", "help"), ("bakc", "back"), ("skp", "skip"),
         ("Cancell", "cancel"), ("kep", "keep")]  # fmt: skip


@pytest.mark.parametrize("answered", range(7))
@pytest.mark.parametrize(("typo", "meant"), TYPOS)
def test_a_mistyped_command_gets_did_you_mean_at_every_question(
    answered: int, typo: str, meant: str
) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    before = chat.last.state
    chat.say(typo)
    assert chat.text.startswith(f"Did you mean {meant}? If so, type {meant}")
    assert "Noted" not in chat.text
    assert chat.last.state.answers == before.answers
    assert chat.last.state.step is before.step


@pytest.mark.parametrize(
    ("answered", "answer"),
    [(2, "bank"), (2, "shop"), (2, "park"), (2, "jeep"), (2, "bus"), (4, "hack"),
     (4, "slip"), (4, "Lost"), (5, "kept"), (2, "Help desk")],
)  # fmt: skip
def test_short_real_answers_are_still_taken(answered: int, answer: str) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    chat.say(answer)
    assert "Did you mean" not in chat.text
    assert chat.last.state.step is STEPS[answered + 1]


def test_a_slash_word_mid_report_is_never_an_answer() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    chat.say("/braech")
    assert chat.last.state.answers.location is None
    assert "not one I know during a report" in chat.text
    chat.say("/cancle")
    assert chat.text.startswith("Did you mean cancel?")


# --- Services as carers name them ---------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "service"),
    [("children's home", "children"), ("childrens home", "children"), ("kids home", "children"),
     ("young people", "children"), ("YP", "children"), ("adult", "adults"),
     ("home care", "adults"), ("domiciliary", "adults")],
)  # fmt: skip
def test_services_in_carers_words(typed: str, service: str) -> None:
    chat = started(answers=HAPPY_ANSWERS[:1])
    chat.say(typed)
    assert chat.last.state.answers.service == service
    assert f"Service: {service.capitalize()}." in chat.text


# --- A skipped systems question stays "not given" -----------------------------------


def test_skipped_systems_are_not_given_in_summary_report_and_partial() -> None:
    chat = started(answers=[*HAPPY_ANSWERS[:3], "skip", HAPPY_ANSWERS[4]])
    assert chat.last.state.answers.systems == ()
    assert abandoned_summary(chat.last.state).systems == ()
    chat.say("2")
    assert "• Systems: not given" in chat.text
    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    report = result.outcome.report
    assert report.systems == ()
    assert "other" not in report.systems
    assert systems_words(report.systems, report.other_system) == NOT_GIVEN


def test_systems_in_words() -> None:
    assert systems_words(("Birdie", "paper", "other"), "Nourish") == (
        "Birdie, Paper records, Other (Nourish)"
    )
    assert systems_words((), None) == "not given"
