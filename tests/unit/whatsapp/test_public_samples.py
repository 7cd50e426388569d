"""The parser on the public sample exports kept next to the repository (skipped if absent).

The whatstk samples are GPL-3.0, so they are read in place and never copied here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.whatsapp.model import DateOrder, Layout, MessageKind, ParsedChat
from bot.whatsapp.parser import parse_chat

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "whatsapp"


def _sample(name: str) -> ParsedChat:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"public sample {name} not present")
    return parse_chat(path.read_text(encoding="utf-8"))


def test_pustur_short_chat() -> None:
    chat = _sample("pustur-short-chat.android-24h.txt")
    assert chat.layout is Layout.ANDROID
    kinds = [m.kind for m in chat.messages]
    assert kinds[:2] == [MessageKind.SYSTEM, MessageKind.SYSTEM]
    people = [m for m in chat.messages if m.sender]
    assert [m.sender for m in people] == ["Sample User", "TestBot", "+410123456789"]
    assert people[-1].text == "How are you?\n\nIs everything alright?"
    assert (chat.date_order, chat.date_order_detected) == (DateOrder.DAY_FIRST, False)


def test_whatstk_pokemon_dotted_dates_and_group_encryption_line() -> None:
    chat = _sample("whatstk-pokemon.android-24h.txt")
    assert chat.messages[0].kind is MessageKind.SYSTEM  # "Pokemon Chat: Messages and calls …"
    assert chat.messages[1].kind is MessageKind.SYSTEM
    people = [m for m in chat.messages if m.sender]
    assert len(people) == 18
    assert people[-1].timestamp == datetime(2016, 10, 31, 12, 23)
    assert "Pokemon Chat" not in {m.sender for m in people}


@pytest.mark.parametrize(
    "name",
    ["whatstk-example-12h.android-12h.txt", "whatstk-example-12h-2.android-12h-dotted.txt"],
)
def test_whatstk_twelve_hour_year_first(name: str) -> None:
    chat = _sample(name)
    assert chat.date_order is DateOrder.YEAR_FIRST
    people = [m for m in chat.messages if m.sender]
    assert len(people) == 18
    assert people[0].timestamp == datetime(2016, 8, 6, 13, 23)
    assert people[-1].timestamp == datetime(2016, 10, 31, 14, 23)


def test_whatstk_lorem_ios_two_digit_years() -> None:
    chat = _sample("whatstk-lorem.ios-24h.txt")
    assert chat.layout is Layout.IOS
    assert (chat.date_order, chat.date_order_detected) == (DateOrder.DAY_FIRST, True)
    assert len(chat.messages) == 500
    assert chat.messages[0].timestamp == datetime(2020, 1, 15, 2, 22, 56)
    assert chat.messages[-1].timestamp == datetime(2020, 5, 11, 22, 32, 48)
    assert {m.sender for m in chat.messages} >= {"Mary", "John", "+1 123 456 789"}
