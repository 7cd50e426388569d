"""The /breach conversation as a reporter experiences it, question by question."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.conversation import (
    Cancelled,
    Step,
    Submitted,
    Turn,
    dispatch,
    handle,
    is_entry,
    state_from_dict,
    submitted_reply,
)
from tests.unit.conversation.conftest import (
    BST_NOW,
    GMT_NOW,
    HAPPY_ANSWERS,
    KEY,
    context,
    only_reply,
    started,
)

# The step each question is on after n of HAPPY_ANSWERS, n = 0..6.
STEPS_IN_ORDER = (
    Step.DISCOVERED,
    Step.SERVICE,
    Step.LOCATION,
    Step.SYSTEMS,
    Step.DESCRIPTION,
    Step.CONTAINMENT,
    Step.SUMMARY,
)


def test_happy_path_gmt() -> None:
    chat = started()
    assert chat.last.state.step is Step.DISCOVERED
    assert "Question 1 of 6" in chat.text
    assert "When did you discover" in chat.text

    chat.say("10 minutes ago")  # at 09:54 → 09:44
    assert "I've recorded 09:44 today — 10 minutes ago." in chat.text
    assert "Is this for the Adults service?" in chat.text
    assert "Time left in the 1-hour reporting window: 50 minutes." in chat.text

    for answer in HAPPY_ANSWERS[1:]:
        chat.say(answer)
    summary = only_reply(chat.last)
    assert chat.last.state.step is Step.SUMMARY
    assert summary.card == "summary"
    for expected in (
        "Discovered: 09:44 today",
        "Service: Adults",
        "Where: in the office",
        "Systems: Birdie, WhatsApp",
        "What happened: Rota with initials sent to the wrong WhatsApp group",
        "Done so far: Changed a password",
    ):
        assert expected in summary.text

    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    assert result.replies == ()  # the register allocates the reference first
    assert result.state.finished
    report = result.outcome.report
    assert report.discovered_at == datetime(2026, 11, 23, 9, 44, tzinfo=UTC)
    assert report.reported_at == chat.now
    assert report.service == "adults"
    assert report.location == "in the office"
    assert report.systems == ("Birdie", "WhatsApp")
    assert report.description == "Rota with initials sent to the wrong WhatsApp group"
    assert report.containment == ("changed_password",)
    assert report.reporter.upn == "sam.carer@example.org"
    assert report.within_window
    assert report.minutes_late == 0

    final = submitted_reply("BR-2026-0042", report, chat.now)
    assert "Your reference is BR-2026-0042." in final.text
    assert "Thank you, Sam." in final.text
    assert "within the 1-hour window" in final.text
    assert final.data["reference"] == "BR-2026-0042"


def test_happy_path_bst_with_buttons_and_card_inputs() -> None:
    chat = started(BST_NOW, ctx=context(default=None))
    chat.say("today at 9:15")  # BST_NOW + 1 min = 09:54 BST
    assert "I've recorded 09:15 today — 39 minutes ago." in chat.text
    assert "Which service is it for — Adults or Children?" in chat.text
    chat.say(value="children")
    chat.say("Oak House lounge")
    chat.say(values=("ClearCare", "paper", "other"), text="Nourish")
    chat.say("Care plan for J.S. left on the lounge table")
    result = chat.say(values=("retrieved_papers",), text="Asked the visitor not to share it")
    assert "Retrieved or secured the papers; Asked the visitor not to share it" in chat.text
    assert "Systems: ClearCare, Paper records, Other (Nourish)" in chat.text
    result = chat.say(value="yes")
    assert isinstance(result.outcome, Submitted)
    report = result.outcome.report
    assert report.discovered_at == datetime(2026, 7, 15, 8, 15, tzinfo=UTC)
    assert report.service == "children"
    assert report.systems == ("ClearCare", "paper", "other")
    assert report.other_system == "Nourish"
    assert report.containment == ("retrieved_papers",)
    assert report.containment_notes == "Asked the visitor not to share it"


@pytest.mark.parametrize("answered", range(1, 7))
def test_every_question_after_the_first_shows_the_window(answered: int) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    assert chat.last.state.step is STEPS_IN_ORDER[answered]
    assert "1-hour reporting window" in chat.text
    assert chat.last.replies[0].data["minutes_left"] == 50 - answered + 1


def test_the_first_question_has_no_window_yet() -> None:
    chat = started()
    assert "window" not in chat.last.replies[-1].text.split("Question 1")[1]
    assert chat.last.replies[0].data["minutes_left"] is None


@pytest.mark.parametrize("answered", range(1, 7))
def test_back_goes_to_the_previous_question_and_keeps_the_answer(answered: int) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    before = chat.last.state.answers
    chat.say("back")
    previous = STEPS_IN_ORDER[answered - 1]
    assert chat.last.state.step is previous
    assert chat.last.state.answers == before  # nothing lost
    if previous is not Step.SERVICE:
        assert "Your answer so far:" in chat.text
    chat.say("keep")
    assert chat.last.state.step is STEPS_IN_ORDER[answered]
    assert chat.last.state.answers == before


def test_back_at_the_first_question_stays_there() -> None:
    chat = started()
    chat.say("back")
    assert chat.last.state.step is Step.DISCOVERED
    assert "This is the first question." in chat.text


def test_a_new_answer_after_back_replaces_the_old_one() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say("back")
    chat.say("at a client's home")
    assert chat.last.state.answers.location == "at a client's home"
    assert chat.last.state.step is Step.SYSTEMS


@pytest.mark.parametrize(
    ("answered", "cleared"),
    [(2, "location"), (3, "systems"), (5, "containment")],
)
def test_skip_leaves_out_an_optional_question(answered: int, cleared: str) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    chat.say("skip")
    assert chat.last.state.step is STEPS_IN_ORDER[answered + 1]
    assert not getattr(chat.last.state.answers, cleared)
    assert "Skipped." in chat.text


@pytest.mark.parametrize("answered", [0, 1, 4])
def test_skip_is_refused_for_required_questions(answered: int) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    chat.say("skip")
    assert chat.last.state.step is STEPS_IN_ORDER[answered]
    assert "I need this one" in chat.text


def test_skipped_questions_show_as_not_given_and_still_submit() -> None:
    chat = started(answers=["just now", "yes", "skip", "skip", "Lost a client folder", "skip"])
    assert "Where: not given" in chat.text
    assert "Systems: not given" in chat.text
    assert "Done so far: not given" in chat.text
    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    assert result.outcome.report.location is None
    assert result.outcome.report.systems == ()


@pytest.mark.parametrize("answered", range(7))
def test_help_explains_the_question_and_the_commands(answered: int) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    chat.say("help")
    assert chat.last.state.step is STEPS_IN_ORDER[answered]
    assert "back (previous question)" in chat.text
    assert "cancel (stop — nothing is sent)" in chat.text


@pytest.mark.parametrize("answered", range(7))
def test_cancel_at_any_question_sends_nothing(answered: int) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    result = chat.say("cancel")
    assert result.outcome == Cancelled(dpo_had_partial=False)
    assert result.state.finished
    assert "Nothing has been sent to the DPO." in chat.text
    # After a cancel, ordinary chat is not the conversation's any more.
    assert dispatch(chat.stored, KEY, Turn(text="hello"), chat.ctx, chat.now) is None


@pytest.mark.parametrize("answered", range(6))
def test_empty_input_re_asks_the_same_question(answered: int) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    chat.say("   ")
    assert chat.last.state.step is STEPS_IN_ORDER[answered]
    assert "I didn't get an answer there." in chat.text


@pytest.mark.parametrize(
    ("answered", "nonsense", "hint"),
    [
        (0, "banana", 'Try something like "10 minutes ago"'),
        (0, "in 10 minutes", "hasn't happened yet"),
        (0, "this morning", "Roughly what time"),
        (1, "the office", "Please answer Adults or Children"),
        (2, "ok", "for example"),
        (3, "my phone", 'for example "1, 6"'),
        (4, "?!", "for example"),
        (5, "7", "Please pick from the list"),
        (6, "maybe", "Please answer yes to send it"),
    ],
)
def test_unusable_answers_are_re_asked_with_an_example(
    answered: int, nonsense: str, hint: str
) -> None:
    chat = started(answers=HAPPY_ANSWERS[:answered])
    before = chat.last.state.answers
    chat.say(nonsense)
    assert chat.last.state.step is STEPS_IN_ORDER[answered]
    assert chat.last.state.answers == before
    assert hint in chat.text


def test_re_asks_never_repeat_what_was_typed() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say("Mrs Zebedee Quill")  # not a system: may be a client's name
    assert "Zebedee" not in chat.text


def test_service_default_can_be_confirmed_or_switched() -> None:
    chat = started(answers=["just now"], ctx=context(default="children"))
    assert "Is this for the Children service?" in chat.text
    chat.say("no")
    assert chat.last.state.answers.service == "adults"
    chat.say("back")
    chat.say("y")
    assert chat.last.state.answers.service == "adults"  # the earlier answer, confirmed


def test_late_report_is_taken_and_marked_late_kindly() -> None:
    chat = started(answers=["2 hours ago"])
    assert "The 1-hour reporting window has passed" in chat.text
    assert "late report is still taken" in chat.text
    chat.say_all(HAPPY_ANSWERS[1:])
    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    report = result.outcome.report
    assert not report.within_window
    assert report.minutes_late == 66  # discovered 07:54, reported 10:00
    final = submitted_reply("BR-2026-0043", report, chat.now).text
    assert "1 hour 6 minutes past the 1-hour window" in final
    assert "thank you" in final.casefold()


def test_change_from_the_summary_comes_back_to_the_summary() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    chat.say("no")
    assert chat.last.state.step is Step.CHANGE
    chat.say("3")
    assert chat.last.state.step is Step.LOCATION
    chat.say("at a client's home")
    assert chat.last.state.step is Step.SUMMARY
    assert "Where: at a client's home" in chat.text
    chat.say("no")
    chat.say("systems")
    chat.say("other")
    assert chat.last.state.step is Step.OTHER_SYSTEM
    chat.say("Nourish")
    assert chat.last.state.step is Step.SUMMARY
    assert "Systems: Other (Nourish)" in chat.text


def test_back_while_changing_returns_to_the_summary() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    chat.say_all(["no", "5", "back"])
    assert chat.last.state.step is Step.SUMMARY
    assert not chat.last.state.editing


def test_numbers_answer_the_summary() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    assert chat.say("2").state.step is Step.CHANGE
    chat.say("back")
    assert isinstance(chat.say("1").outcome, Submitted)


def test_unrecognised_extra_system_asks_for_its_name() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say("Birdie and Nourish")
    assert chat.last.state.step is Step.OTHER_SYSTEM
    assert "Was another system involved" in chat.text
    chat.say("no")
    assert chat.last.state.answers.systems == ("Birdie",)
    assert chat.last.state.step is Step.DESCRIPTION


def test_other_system_can_be_skipped_and_other_stays() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say("9")
    assert "Which other system was it?" in chat.text
    chat.say("skip")
    assert chat.last.state.answers.systems == ("other",)
    assert chat.last.state.step is Step.DESCRIPTION


def test_containment_in_own_words_is_kept_verbatim() -> None:
    chat = started(answers=HAPPY_ANSWERS[:5])
    chat.say("Asked the family to delete the photo")
    assert chat.last.state.answers.containment == ()
    assert chat.last.state.answers.containment_notes == "Asked the family to delete the photo"


def test_breach_again_mid_report_carries_on_instead_of_restarting() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say("/breach")
    assert chat.last.state.step is Step.SYSTEMS
    assert chat.last.state.answers.location == "in the office"
    assert "You have a report in progress" in chat.text


def test_messages_outside_a_report_are_not_taken() -> None:
    assert dispatch(None, KEY, Turn(text="hello"), context(), GMT_NOW) is None
    assert dispatch(None, KEY, Turn(text="report a breach"), context(), GMT_NOW) is not None


def test_a_new_breach_can_start_after_a_submitted_one() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    chat.say("yes")
    chat.say("/breach")
    assert chat.last.state.step is Step.DISCOVERED
    assert chat.last.state.answers.description is None


def test_submit_with_a_required_answer_missing_asks_for_it() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    state = state_from_dict(chat.stored or {})
    broken = replace(state, answers=replace(state.answers, description=None))
    result = handle(broken, Turn(text="yes"), GMT_NOW + timedelta(minutes=10))
    assert result.outcome is None
    assert result.state.step is Step.DESCRIPTION


def test_free_text_never_appears_in_reprs() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    for thing in (result.state, result.outcome.report, Turn(text="Rota for Zebedee Quill")):
        shown = repr(thing)
        assert "Rota" not in shown
        assert "office" not in shown


@pytest.mark.parametrize("text", ["none", "no", "nothing"])
def test_no_systems_is_an_answer(text: str) -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say(text)
    assert chat.last.state.step is Step.DESCRIPTION
    assert chat.last.state.answers.systems == ()


def test_a_card_with_only_its_free_text_field_filled_is_an_answer() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say(values=(), text="Nourish")
    assert chat.last.state.answers.systems == ("other",)
    assert chat.last.state.answers.other_system == "Nourish"
    chat.say("lost phone")
    chat.say(values=(), text="Reported it to the bus company")
    assert chat.last.state.answers.containment_notes == "Reported it to the bus company"
    assert chat.last.state.step is Step.SUMMARY


def test_an_empty_card_is_re_asked() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    chat.say(values=())
    assert chat.last.state.step is Step.SYSTEMS
    assert "I didn't get an answer there." in chat.text


@pytest.mark.parametrize(
    ("text", "entry"),
    [("/breach", True), ("Breach", True), ("report a breach", True), ("/breach status", False),
     ("breach status", False), ("hello", False), ("I think there was a breach", False)],
)  # fmt: skip
def test_entry_phrases(text: str, entry: bool) -> None:
    assert is_entry(text) is entry
    assert (dispatch(None, KEY, Turn(text=text), context(), GMT_NOW) is not None) is entry


def test_a_finished_report_answers_politely_if_handled_directly() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    done = chat.say("yes").state
    result = handle(done, Turn(text="hello"), chat.now)
    assert result.state == done
    assert "Type /breach to start a new one." in result.replies[0].text
