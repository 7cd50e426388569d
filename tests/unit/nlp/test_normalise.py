"""Normalisation undoes evasion tricks and maps every offset back to the original text."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalise import normalise


@pytest.mark.parametrize(
    ("original", "normalised"),
    [
        ("943\u200b476\u200b5919", "9434765919"),  # zero-width spaces
        ("943\u202e476\u202c5919", "9434765919"),  # bidi override and pop
        ("Mrs\u2066 Patterson\u2069", "Mrs Patterson"),  # bidi isolates
        ("９４３ ４７６ ５９１９", "943 476 5919"),  # fullwidth digits
        ("ＢＳ７ ８ＡＡ", "BS7 8AA"),  # fullwidth letters
        ("Mrs Раttеrsоn", "Mrs Patterson"),  # Cyrillic а, е, о
        ("ΑΒ123456С", "AB123456C"),  # Greek Α Β, Cyrillic С
        ("9 4 3 4 7 6 5 9 1 9", "9434765919"),  # spaced out
        ("943.476.5919", "9434765919"),  # dotted
        ("0 7 7 0 0 - 9 0 0 1 2 3", "07700900123"),
        ("Zoe\u0301", "Zoé"),  # combining accent composed
    ],
)
def test_evasion_is_undone(original: str, normalised: str) -> None:
    assert normalise(original).text == normalised


@pytest.mark.parametrize(
    "text",
    [
        "DOB 12.03.1941",  # a dotted date keeps its dots
        "visit at 10.30 today",
        "943 476 5919",  # ordinary grouping is left for the recognizers
        "Room 4 and 5",
        "plain ascii message",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert normalise(text).text == text


def test_offsets_map_back_to_the_original_span() -> None:
    original = "NHS: 9\u200b4 3 4 7 6 5 9 1 9 thanks"
    norm = normalise(original)
    start = norm.text.index("9434765919")
    a, b = norm.to_original(start, start + 10)
    assert original[a:b] == "9\u200b4 3 4 7 6 5 9 1 9"
    assert original[:a] == "NHS: "


def test_fullwidth_offsets_are_per_character() -> None:
    original = "call ０７７００ ９００１２３ pls"
    norm = normalise(original)
    s = norm.text.index("07700")
    a, b = norm.to_original(s, s + len("07700 900123"))
    assert original[a:b] == "０７７００ ９００１２３"


_ALPHABET = (
    string.ascii_letters
    + string.digits
    + " .-/"
    + "\u200b\u200d\u202e\u2066\ufeff\u00ad"
    + "０９ＡＺ"
    + "аеорсΑΒο"
    + "\u0301\u0308é"
    + "ﬁ①"
)


def _strip(text: str) -> str:
    return "".join(c for c in text if c not in " .-/_")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.data())
def test_mapped_offsets_always_slice_the_original(text: str, data: st.DataObject) -> None:
    norm = normalise(text)
    n = len(norm.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    a, b = norm.to_original(start, end)
    assert 0 <= a <= b <= len(text)
    if start < end:
        assert a < b
        # The original slice, normalised again, holds the same characters (separators
        # inside collapsed digit runs aside).
        assert _strip(norm.text[start:end]) in _strip(normalise(text[a:b]).text)
