"""Answers in the carer's own words: long ones are kept whole, full names get one reminder."""

from __future__ import annotations

import pytest

from bot.domain.conversation import NameCheck, Step, Submitted, state_to_dict, wants_name_check
from bot.domain.conversation.freetext import MAX_ANSWER, MAX_MESSAGE, keep_first, take
from tests.unit.conversation.conftest import HAPPY_ANSWERS, started

SENTENCE = "The folder was left on the bus and a passenger picked it up. "
LONG = (SENTENCE * 60).strip()  # 3,659 characters: more than one message may be
REST = "Then the driver handed it back to me at the depot."
FULL_NAME = NameCheck(full_name=True, rewrite="Care plan for Z.Q. left on the bus")


# --- A long answer is kept ------------------------------------------------------------


def test_a_long_answer_keeps_its_first_part_and_asks_for_the_rest() -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say(LONG)
    kept = chat.last.state.answers.description or ""
    assert len(kept) <= MAX_MESSAGE
    assert LONG.startswith(kept)
    assert f"I've kept the first {len(kept):,} characters of the 3,659 you sent" in chat.text
    assert "Please send the rest in your next message and I'll add it to this answer." in (
        chat.text
    )
    assert chat.last.state.step is Step.DESCRIPTION
    assert chat.last.state.continuing
    assert "Question 5 of 6: (continued) Please send the rest" in chat.text


def test_the_next_message_is_added_to_the_same_answer() -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say(LONG)
    chat.say(LONG[len(chat.last.state.answers.description or "") :].strip())
    assert chat.last.state.answers.description == LONG  # nothing retyped, nothing lost
    assert "Added." in chat.text
    assert chat.last.state.step is Step.CONTAINMENT
    assert not chat.last.state.continuing


@pytest.mark.parametrize("enough", ["done", "That's everything", "skip", "keep", "no"])
def test_done_moves_on_with_what_was_sent(enough: str) -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say(LONG)
    kept = chat.last.state.answers.description
    chat.say(enough)
    assert chat.last.state.step is Step.CONTAINMENT
    assert chat.last.state.answers.description == kept


def test_back_while_continuing_keeps_the_part_sent() -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say(LONG)
    kept = chat.last.state.answers.description
    chat.say("back")
    assert chat.last.state.step is Step.SYSTEMS
    assert not chat.last.state.continuing
    assert chat.last.state.answers.description == kept


def test_a_long_answer_reaches_the_summary_shortened_and_the_report_whole() -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say(LONG)
    kept = chat.last.state.answers.description
    chat.say(REST)
    chat.say("2")
    assert "characters in all)" in chat.text
    assert REST not in chat.text  # the summary shows the start of a long answer
    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    assert result.outcome.report.description == f"{kept} {REST}"
    assert len(result.outcome.report.description) > MAX_MESSAGE


def test_long_where_and_containment_are_kept_too() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    chat.say(LONG)
    assert chat.last.state.step is Step.LOCATION
    assert chat.last.state.continuing
    chat.say_all(["done", "skip", "lost folder", LONG])
    assert chat.last.state.step is Step.CONTAINMENT
    assert (chat.last.state.answers.containment_notes or "").startswith(SENTENCE.strip())


def test_a_long_card_note_is_kept_too() -> None:
    chat = started(answers=HAPPY_ANSWERS[:5])
    chat.say(values=("locked_device",), text=LONG)
    assert chat.last.state.answers.containment == ("locked_device",)
    assert chat.last.state.continuing
    chat.say(REST)
    assert (chat.last.state.answers.containment_notes or "").endswith(REST)
    assert chat.last.state.step is Step.SUMMARY


def test_an_answer_stops_growing_at_its_limit() -> None:
    taken = take("x" * (MAX_ANSWER - 10), "y " * 100)
    assert len(taken.text) <= MAX_ANSWER
    assert taken.full
    assert taken.dropped > 0


@pytest.mark.parametrize(
    ("text", "limit", "kept"),
    [("short", 10, "short"), ("one two three", 9, "one two"), ("abcdefghij", 4, "abcd")],
)
def test_keep_first_ends_at_a_space_when_one_is_near(text: str, limit: int, kept: str) -> None:
    assert keep_first(text, limit) == kept


def test_a_long_other_system_name_is_asked_again_not_cut() -> None:
    chat = started(answers=[*HAPPY_ANSWERS[:3], "other"])
    chat.say("x" * 201)
    assert chat.last.state.step is Step.OTHER_SYSTEM
    assert "just the system's name" in chat.text


# --- Full names: one reminder, the rewrite offered, the answer still taken -----------


def test_a_full_name_in_what_happened_is_taken_with_a_reminder_and_the_rewrite() -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say("Care plan for Zebedee Quill left on the bus", names=FULL_NAME)
    assert chat.last.state.answers.description == "Care plan for Zebedee Quill left on the bus"
    assert chat.last.state.step is Step.CONTAINMENT
    assert "A reminder: that seems to include a client's full name." in chat.text
    assert 'With initials it reads: "Care plan for Z.Q. left on the bus"' in chat.text
    assert 'reply "initials" to use that instead' in chat.text
    assert chat.last.state.names_reminded
    chat.say("initials")
    assert chat.last.state.answers.description == "Care plan for Z.Q. left on the bus"
    assert 'Changed to initials: "Care plan for Z.Q. left on the bus".' in chat.text
    assert chat.last.state.step is Step.CONTAINMENT


def test_the_rewrite_is_a_button_too() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    chat.say("Zebedee Quill's flat", names=NameCheck(True, "Z.Q.'s flat"))
    actions = {a.label: a.value for a in chat.last.replies[0].actions}
    chat.say(value=actions["Use initials"])
    assert chat.last.state.answers.location == "Z.Q.'s flat"


def test_the_reminder_is_given_once_per_report() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    chat.say("Zebedee Quill's flat", names=NameCheck(True, "Z.Q.'s flat"))
    chat.say("birdie")  # moving on: the offer lapses, the answer stays as typed
    assert chat.last.state.answers.location == "Zebedee Quill's flat"
    assert chat.last.state.rewrite_offer is None
    assert not wants_name_check(chat.stored)  # reminded: no need to scan again
    chat.say("Rota for Zebedee Quill sent to the wrong group", names=FULL_NAME)
    assert "A reminder" not in chat.text
    assert chat.last.state.answers.description == "Rota for Zebedee Quill sent to the wrong group"


def test_no_reminder_without_a_full_name_or_outside_where_and_what() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    chat.say("in the office", names=NameCheck(False))
    assert "A reminder" not in chat.text
    chat.say("Birdie", names=FULL_NAME)  # systems are not checked
    assert "A reminder" not in chat.text
    assert not chat.last.state.names_reminded


def test_a_reminder_without_a_rewrite_still_reminds() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    chat.say("Zebedee Quill's flat", names=NameCheck(True))
    assert "Please use initials for clients" in chat.text
    assert "With initials" not in chat.text
    assert chat.last.state.rewrite_offer is None


def test_the_rewrite_of_the_rest_of_a_long_answer_replaces_only_that_part() -> None:
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say(LONG)
    first = chat.last.state.answers.description
    chat.say("Zebedee Quill saw it.", names=NameCheck(True, "Z.Q. saw it."))
    chat.say("initials")
    assert chat.last.state.answers.description == f"{first} Z.Q. saw it."


@pytest.mark.parametrize(
    ("answered", "wanted"), [(0, False), (1, False), (2, True), (3, False), (4, True), (5, False)]
)
def test_wants_name_check_only_before_where_and_what_happened(answered: int, wanted: bool) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    assert wants_name_check(chat.stored) is wanted
    assert wants_name_check(None) is False
    assert wants_name_check({"version": 99}) is False


def test_the_name_check_and_the_rewrite_stay_out_of_reprs() -> None:
    assert "Z.Q." not in repr(FULL_NAME)
    chat = started(answers=HAPPY_ANSWERS[:4])
    chat.say("Care plan for Zebedee Quill left on the bus", names=FULL_NAME)
    assert "Z.Q." not in repr(chat.last.state)
    assert state_to_dict(chat.last.state)["rewrite_offer"]["text"] == FULL_NAME.rewrite
