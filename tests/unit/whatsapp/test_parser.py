"""The export parser on every layout WhatsApp writes (invented-name fixtures)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.whatsapp.model import ChatFormatError, DateOrder, Layout, MessageKind, ParsedChat
from bot.whatsapp.parser import parse_chat
from tests.unit.whatsapp.fakes import FIXTURES


def _parse(name: str) -> ParsedChat:
    return parse_chat((FIXTURES / name).read_text(encoding="utf-8"))


def _people(chat: ParsedChat) -> list[tuple[datetime, str | None, str]]:
    return [(m.timestamp, m.sender, m.text) for m in chat.messages if m.sender is not None]


def test_android_24h_messages_system_lines_media_deleted_and_edited() -> None:
    chat = _parse("android-24h.txt")
    kinds = [m.kind for m in chat.messages]
    assert chat.layout is Layout.ANDROID
    assert kinds.count(MessageKind.SYSTEM) == 6  # encryption, created, added, subject, join, left
    assert kinds.count(MessageKind.MEDIA) == 2
    assert kinds.count(MessageKind.DELETED) == 1
    handover = chat.messages[5]
    assert handover.sender == "Priya Okafor"
    assert handover.timestamp == datetime(2026, 11, 23, 9, 40)
    assert handover.text.splitlines() == [
        "Handover for today:",
        "- JB needs meds at 10",
        "- call the office if the key safe sticks",
        "",
        "Thanks",
    ]
    edited = chat.messages[8]
    assert (edited.text, edited.edited) == ("Running ten minutes late", True)
    # The caption of an attached photo is kept for scanning; the phone's file name is not.
    assert chat.messages[10].text == "Photo of the rota"


def test_subject_with_a_colon_is_a_system_line_not_a_sender() -> None:
    chat = _parse("android-24h.txt")
    assert chat.messages[3].kind is MessageKind.SYSTEM
    assert {m.sender for m in chat.messages} == {None, "Tom Ellery", "Priya Okafor", "Dev Marsh"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "android-12h.txt",
            [
                datetime(2026, 12, 1, 9, 5),
                datetime(2026, 12, 1, 12, 0),
                datetime(2026, 12, 1, 0, 30),
                datetime(2026, 12, 13, 23, 59),
            ],
        ),
        (
            "android-12h-dotted.txt",
            [
                datetime(2026, 12, 2, 9, 5),
                datetime(2026, 12, 2, 12, 15),
                datetime(2026, 12, 2, 0, 45),
                datetime(2026, 12, 14, 19, 30),
            ],
        ),
        (
            "ios-12h.txt",
            [
                datetime(2026, 12, 1, 9, 5, 1),
                datetime(2026, 12, 1, 12, 0, 2),
                datetime(2026, 12, 1, 0, 30, 3),
                datetime(2026, 12, 15, 23, 59, 4),
            ],
        ),
    ],
)
def test_twelve_hour_clocks_with_narrow_space_and_dotted_am_pm(
    name: str, expected: list[datetime]
) -> None:
    stamps = [stamp for stamp, _, _ in _people(_parse(name))]
    assert stamps == expected


def test_ios_system_lines_look_like_messages_from_the_group_but_are_not() -> None:
    chat = _parse("ios-24h.txt")
    assert chat.layout is Layout.IOS
    senders = {m.sender for m in chat.messages if m.kind is not MessageKind.SYSTEM}
    assert "Northside carers" not in senders
    assert [m.kind for m in chat.messages].count(MessageKind.SYSTEM) == 4


def test_ios_invisible_characters_media_deleted_and_edited() -> None:
    msgs = _parse("ios-24h.txt").messages
    phone = msgs[4]
    assert (phone.sender, phone.kind, phone.text) == ("+44 7700 900123", MessageKind.MEDIA, "")
    assert msgs[5].kind is MessageKind.MEDIA
    assert msgs[5].text == ""  # the phone's generated file name is not content
    assert "Rota for next week.pdf" in msgs[6].text  # a document name is, and gets scanned
    assert [msgs[7].kind, msgs[8].kind] == [MessageKind.DELETED, MessageKind.DELETED]
    assert msgs[9].sender == "~ Dev Marsh"
    assert (msgs[9].text, msgs[9].edited) == ("Key safe code changed, ask the office", True)
    assert msgs[10].text == "Line one\nline two"
    for m in msgs:
        for ch in "\u200e\u202a\u202c\u202f\u2068\u2069":
            assert ch not in m.text
            assert ch not in (m.sender or "")


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("android-dotted-2digit.txt", datetime(2026, 11, 23, 14, 5)),
        ("ios-dashed-2digit.txt", datetime(2026, 11, 23, 14, 5, 9)),
        ("android-year-first.txt", datetime(2026, 11, 23, 14, 5)),
    ],
)
def test_dotted_dashed_and_year_first_dates(name: str, first: datetime) -> None:
    people = _people(_parse(name))
    assert people[0][0] == first
    assert len(people) == 2


def test_month_first_export_is_detected_and_reported() -> None:
    chat = _parse("android-month-first.txt")
    assert (chat.date_order, chat.date_order_detected) == (DateOrder.MONTH_FIRST, True)
    assert [s for s, _, _ in _people(chat)][-1] == datetime(2026, 12, 1, 10, 0)


def test_ambiguous_dates_default_to_uk_day_first_and_say_so() -> None:
    chat = _parse("android-ambiguous.txt")
    assert (chat.date_order, chat.date_order_detected) == (DateOrder.DAY_FIRST, False)
    assert chat.messages[0].timestamp == datetime(2026, 2, 1, 14, 5)


def test_windows_line_endings_and_byte_order_mark() -> None:
    text = (
        "\ufeff23/11/2026, 14:05 - Priya Okafor: one\r\ntwo\r\n"
        "24/11/2026, 09:00 - Tom Ellery: x\r\n"
    )
    chat = parse_chat(text)
    assert [m.text for m in chat.messages] == ["one\ntwo", "x"]


def test_a_line_that_only_looks_like_a_header_stays_in_its_message() -> None:
    text = "23/11/2026, 14:05 - Priya Okafor: see below\n31/31/2026, 10:00 - not a date\n"
    chat = parse_chat(text)
    assert len(chat.messages) == 1
    assert "not a date" in chat.messages[0].text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("\n  \n", "empty"),
        ("Dear team,\nplease see the rota.\n", "does not look like a WhatsApp chat export"),
        ("name,date\nx,2026-01-01\n", "does not look like a WhatsApp chat export"),
    ],
)
def test_not_an_export_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ChatFormatError, match=message):
        parse_chat(text)


def test_ios_line_starting_with_a_direction_mark_and_dotted_time() -> None:
    text = (
        "\u200e[23/11/2026, 14:05:09] Priya Okafor: \u200eimage omitted\n"
        "[23.11.26, 14.06.10] Tom Ellery: Dotted time\n"
    )
    first, second = parse_chat(text).messages
    assert (first.kind, first.sender) == (MessageKind.MEDIA, "Priya Okafor")
    assert second.timestamp == datetime(2026, 11, 23, 14, 6, 10)


def test_a_user_message_with_system_words_stays_a_message() -> None:
    text = (
        "23/11/2026, 14:05 - Priya Okafor: I left the keys and added a note\n"
        "[23/11/2026, 14:06:00] Tom Ellery: Key safe code changed\n"
    )
    msgs = parse_chat(text).messages
    assert [m.kind for m in msgs] == [MessageKind.TEXT, MessageKind.TEXT]
    assert msgs[0].text == "I left the keys and added a note"


def test_message_with_empty_first_line() -> None:
    chat = parse_chat("23/11/2026, 14:05 - Priya Okafor:\nthe list is below\n- item\n")
    (msg,) = chat.messages
    assert (msg.sender, msg.text) == ("Priya Okafor", "the list is below\n- item")


@pytest.mark.parametrize(
    "marker",
    [
        "This message was deleted",
        "This message was deleted.",
        "You deleted this message",
        "\u200eYou deleted this message.",
        "This message was deleted by admin Priya Okafor",
        "You deleted this message as admin",
    ],
)
def test_deleted_markers(marker: str) -> None:
    (msg,) = parse_chat(f"23/11/2026, 14:05 - Tom Ellery: {marker}\n").messages
    assert (msg.kind, msg.text) == (MessageKind.DELETED, "")
