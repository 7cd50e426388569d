"""Masked excerpts never contain the identifier, however the spans fall."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.whatsapp.masking import ELLIPSIS, excerpt, mask_spans


def test_each_span_becomes_its_type() -> None:
    text = "Edna Vosper, NHS 943 476 5919"
    assert mask_spans(text, [(0, 11, "PERSON"), (17, 29, "UK_NHS")]) == "[PERSON], NHS [UK_NHS]"


def test_overlapping_spans_become_one_mask() -> None:
    text = "see Edna Vosper today"
    assert mask_spans(text, [(4, 15, "PERSON"), (9, 15, "LOCATION")]) == "see [PERSON] today"


def test_out_of_range_and_empty_spans_are_harmless() -> None:
    assert mask_spans("abc", [(2, 99, "X"), (1, 1, "Y")]) == "ab[X]"


def test_long_messages_are_cut_around_the_first_mask() -> None:
    text = "x" * 500 + " Edna Vosper " + "y" * 500
    out = excerpt(text, [(501, 512, "PERSON")], width=100)
    assert "[PERSON]" in out
    assert out.startswith(ELLIPSIS)
    assert out.endswith(ELLIPSIS)
    assert len(out) <= 102


@given(
    prefix=st.text(alphabet="ab .", max_size=300),
    suffix=st.text(alphabet="ab .", max_size=300),
    width=st.integers(min_value=20, max_value=400),
)
def test_the_identifier_never_survives(prefix: str, suffix: str, width: int) -> None:
    secret = "Zoltan Quigg"
    text = prefix + secret + suffix
    start = len(prefix)
    out = excerpt(text, [(start, start + len(secret), "PERSON")], width=width)
    assert "Zoltan" not in out
    assert "Quigg" not in out
