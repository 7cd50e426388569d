"""Silent reporters: the DPO gets what was captured, and the reporter can pick up again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.conversation import (
    DEFAULT_TIMEOUT,
    Cancelled,
    Step,
    Submitted,
    abandoned_notice,
    abandoned_summary,
    is_abandoned,
    mark_abandoned,
    state_to_dict,
    submitted_reply,
)
from tests.unit.conversation.conftest import HAPPY_ANSWERS, Chat, started


def go_silent(chat: Chat, minutes: int = 10) -> None:
    """Let the scheduler find the silence and store the marked state, as the register would."""
    state = chat.last.state
    later = chat.now + timedelta(minutes=minutes)
    assert is_abandoned(state, later)
    chat.stored = state_to_dict(mark_abandoned(state, later))
    chat.now = later


def test_abandoned_only_after_the_timeout() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    state = chat.last.state
    assert not is_abandoned(state, chat.now + timedelta(minutes=9, seconds=59))
    assert is_abandoned(state, chat.now + timedelta(minutes=10))
    assert is_abandoned(state, chat.now + timedelta(minutes=3), timeout=timedelta(minutes=3))
    assert timedelta(minutes=10) == DEFAULT_TIMEOUT


def test_abandoned_once_per_silence_and_never_when_finished() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    later = chat.now + timedelta(minutes=30)
    marked = mark_abandoned(chat.last.state, later)
    assert not is_abandoned(marked, later + timedelta(hours=1))
    cancelled = chat.say("cancel").state
    assert not is_abandoned(cancelled, later)


def test_abandoned_summary_has_what_was_captured_marked_incomplete() -> None:
    chat = started(answers=HAPPY_ANSWERS[:5])
    partial = abandoned_summary(chat.last.state)
    assert partial.incomplete
    assert partial.discovered_at is not None
    assert partial.service == "adults"
    assert partial.location == "in the office"
    assert partial.systems == ("Birdie", "WhatsApp")
    assert partial.description == HAPPY_ANSWERS[4]
    assert partial.waiting_for is Step.CONTAINMENT
    assert partial.unanswered == (Step.CONTAINMENT,)
    assert partial.reporter.upn == "sam.carer@example.org"
    assert "office" not in repr(partial)


def test_abandoned_at_the_first_question_lists_everything_as_unanswered() -> None:
    partial = abandoned_summary(started().last.state)
    assert partial.discovered_at is None
    assert partial.service == "adults"  # the default the DPO would route on
    assert len(partial.unanswered) == 6


def test_the_reporter_is_told_the_dpo_has_the_partial_report() -> None:
    notice = abandoned_notice(started().last.state).text
    assert "10 minutes" in notice
    assert "marked incomplete" in notice
    assert "carry on" in notice


@pytest.mark.parametrize("comeback", ["/breach", "resume"])
def test_coming_back_continues_where_they_left_off(comeback: str) -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    go_silent(chat)
    chat.say(comeback)
    assert chat.last.state.step is Step.SYSTEMS
    assert "Welcome back. The DPO already has the partial report I sent at 10:06" in chat.text
    assert "Question 4 of 6" in chat.text
    assert chat.last.state.abandoned_at is None
    chat.say_all(HAPPY_ANSWERS[3:])
    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    assert result.outcome.report.resumed_after_alert
    assert result.outcome.report.location == "in the office"  # nothing lost


def test_an_answer_typed_on_return_is_taken_and_the_notice_still_shown() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    go_silent(chat)
    chat.say("Birdie")
    assert chat.last.state.step is Step.DESCRIPTION
    assert chat.last.state.answers.systems == ("Birdie",)
    assert chat.text.startswith("Welcome back.")


def test_a_second_silence_alerts_again_with_more() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    go_silent(chat)
    chat.say("in the office")
    go_silent(chat, minutes=12)
    assert abandoned_summary(chat.last.state).location == "in the office"


def test_cancel_after_a_partial_report_tells_the_dpo() -> None:
    chat = started(answers=HAPPY_ANSWERS[:2])
    go_silent(chat)
    result = chat.say("cancel")
    assert result.outcome == Cancelled(dpo_had_partial=True)
    assert "The DPO already has the partial report" in chat.text


def test_submitted_reply_names_the_service_and_reference() -> None:
    chat = started(answers=HAPPY_ANSWERS)
    result = chat.say("yes")
    assert isinstance(result.outcome, Submitted)
    reply = submitted_reply("BR-2026-0007", result.outcome.report, chat.now)
    assert reply.card == "submitted"
    assert "Adults DPO at 10:00 today" in reply.text
    assert reply.data == {
        "reference": "BR-2026-0007",
        "service": "adults",
        "within_window": True,
        "minutes_late": 0,
    }
