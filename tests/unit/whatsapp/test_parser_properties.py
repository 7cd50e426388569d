"""Whatever staff write, the parser gives back exactly their messages: nothing lost."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.whatsapp.model import MessageKind
from bot.whatsapp.parser import parse_chat

# Letters, digits, punctuation, emoji, newlines; no characters WhatsApp strips.
_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "Zs", "So"),
    exclude_characters="\u00a0\u202f\u2028\u2029\x85\x1c\x1d\x1e",
)
_LINE = st.text(alphabet=_ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
_TEXT = st.lists(_LINE, min_size=1, max_size=4).map("\n".join)
_SENDERS = st.sampled_from(["Priya Okafor", "Tom Ellery", "+44 7700 900123", "Kit"])


def _looks_special(text: str) -> bool:
    """Texts the parser rightly reads as markers or as a new message."""
    lowered = text.lower()
    return (
        any(
            marker in lowered
            for marker in (
                "omitted",
                "<attached: ",
                "(file attached)",
                "this message was",
                "deleted",
            )
        )
        or "messages and calls" in lowered
        or "security code" in lowered
        or "/" in text
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_SENDERS, _TEXT), min_size=1, max_size=8),
    st.sampled_from(["android", "ios"]),
    st.booleans(),
)
def test_round_trip(messages: list[tuple[str, str]], layout: str, twelve_hour: bool) -> None:
    start = datetime(2026, 11, 13, 7, 0)
    lines = []
    for i, (sender, text) in enumerate(messages):
        when = start + timedelta(minutes=37 * i)
        clock = when.strftime("%I:%M\u202f%p").lstrip("0") if twelve_hour else f"{when:%H:%M}"
        if layout == "ios":
            lines.append(f"[{when:%d/%m/%Y}, {clock}] {sender}: {text}")
        else:
            lines.append(f"{when:%d/%m/%Y}, {clock} - {sender}: {text}")
    assume(not any(_looks_special(t) for _, t in messages))
    chat = parse_chat("\n".join(lines) + "\n")
    got = [(m.sender, m.text) for m in chat.messages]
    assert got == [(s, t) for s, t in messages]
    assert all(m.kind is MessageKind.TEXT for m in chat.messages)
    assert chat.messages[-1].timestamp == start + timedelta(minutes=37 * (len(messages) - 1))
