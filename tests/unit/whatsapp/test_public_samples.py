"""The parser on a public sample export (MIT, vendored in tests/data/whatsapp)."""

from __future__ import annotations

from pathlib import Path

from bot.whatsapp.model import DateOrder, Layout, MessageKind, ParsedChat
from bot.whatsapp.parser import parse_chat

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "whatsapp"


def _sample(name: str) -> ParsedChat:
    return parse_chat((SAMPLES / name).read_text(encoding="utf-8"))


def test_pustur_short_chat() -> None:
    chat = _sample("pustur-short-chat.android-24h.txt")
    assert chat.layout is Layout.ANDROID
    kinds = [m.kind for m in chat.messages]
    assert kinds[:2] == [MessageKind.SYSTEM, MessageKind.SYSTEM]
    people = [m for m in chat.messages if m.sender]
    assert [m.sender for m in people] == ["Sample User", "TestBot", "+410123456789"]
    assert people[-1].text == "How are you?\n\nIs everything alright?"
    assert (chat.date_order, chat.date_order_detected) == (DateOrder.DAY_FIRST, False)
