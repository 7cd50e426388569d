"""Replies render as plain text for text-only channels; keys make one database key each."""

from __future__ import annotations

from bot.domain.conversation import Choice, ConversationKey, Reply
from tests.unit.conversation.conftest import HAPPY_ANSWERS, started


def test_plain_text_numbers_the_choices_and_lists_the_commands() -> None:
    reply = Reply(
        "Which service?",
        choices=(Choice("Adults", "adults"), Choice("Children", "children")),
        actions=(Choice("Back", "back"), Choice("Cancel", "cancel")),
    )
    assert reply.as_plain_text() == (
        "Which service?\n\n1. Adults\n2. Children\n\nOr type: back · cancel"
    )


def test_multi_select_questions_say_several_may_be_picked() -> None:
    chat = started(answers=HAPPY_ANSWERS[:3])
    reply = chat.last.replies[0]
    assert reply.multi_select
    text = reply.as_plain_text()
    assert "1. Birdie" in text
    assert "9. Other" in text
    assert "(You can pick more than one, e.g. 1, 3)" in text


def test_required_questions_offer_no_skip_and_optional_ones_do() -> None:
    required = started().last.replies[0]
    optional = started(answers=HAPPY_ANSWERS[:2]).last.replies[0]
    assert "skip" not in [a.value for a in required.actions]
    assert "back" not in [a.value for a in required.actions]  # first question
    assert "skip" in [a.value for a in optional.actions]
    assert optional.data["optional"] is True
    assert required.data["optional"] is False


def test_key_text_is_unambiguous_even_with_separators_in_ids() -> None:
    a = ConversationKey("msteams", "a|b", "c")
    b = ConversationKey("msteams", "a", "b|c")
    assert a.as_text() != b.as_text()
    assert ConversationKey("whatsapp", "447700900123", "447700900123").as_text() == (
        "whatsapp|447700900123|447700900123"
    )
