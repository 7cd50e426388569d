"""Evaluation metrics and readers on tiny hand-made examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.errors import DetectorError
from nlp.evaluation.data import Span, conll_to_example, read_care_chat, read_conll
from nlp.evaluation.metrics import (
    Counts,
    lower_case_recall_counts,
    span_counts,
    token_counts,
)

TEXT = "Mrs Edna Barlow rang Tom"
GOLD = (Span("PERSON", 4, 15), Span("PERSON", 21, 24))  # "Edna Barlow", "Tom"


def test_span_overlap_accepts_partial_boundaries_but_token_level_does_not() -> None:
    pred = [Span("PERSON", 0, 8)]  # "Mrs Edna": overlaps gold "Edna Barlow"
    spans = span_counts(GOLD, pred, "PERSON")
    assert (spans.precision, spans.recall) == (1.0, 0.5)
    tokens = token_counts(TEXT, GOLD, pred, "PERSON")
    # Tokens: Mrs Edna Barlow rang Tom; gold = Edna Barlow Tom; predicted = Mrs Edna.
    assert (tokens.pred_ok, tokens.pred, tokens.gold) == (1, 2, 3)
    assert tokens.precision == 0.5
    assert tokens.recall == pytest.approx(1 / 3)


def test_labels_are_scored_separately() -> None:
    pred = [Span("PHONE_NUMBER", 4, 15)]
    assert span_counts(GOLD, pred, "PERSON") == Counts(0, 0, 0, 2)
    assert span_counts(GOLD, pred, "PHONE_NUMBER") == Counts(0, 1, 0, 0)


def test_f1_and_empty_cases() -> None:
    assert Counts(1, 2, 1, 2).f1 == 0.5
    assert Counts().precision == Counts().recall == Counts().f1 == 0.0
    assert (Counts(1, 1, 0, 1) + Counts(0, 1, 1, 1)) == Counts(1, 2, 1, 2)


def test_lower_case_recall_only_counts_lower_case_gold() -> None:
    text = "saw betty kowalczyk and Tom"
    gold = (Span("PERSON", 4, 19), Span("PERSON", 24, 27))
    found = lower_case_recall_counts(text, gold, [Span("PERSON", 24, 27)])
    assert (found.gold_ok, found.gold) == (0, 1)
    found = lower_case_recall_counts(text, gold, [Span("PERSON", 4, 9)])
    assert (found.gold_ok, found.gold) == (1, 1)


def test_conll_reader_and_spans(tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text(
        "saw\tO\nEdna\tB-person\nBarlow\tI-person\nin\tO\nBath\tB-location\n\t\n"
        "Tom\tB-person\nMay\tB-person\n",
        encoding="utf-8",
    )
    sentences = read_conll(path)
    assert len(sentences) == 2
    ex = conll_to_example(sentences[0], {"person": "PERSON"})
    assert ex.text == "saw Edna Barlow in Bath"
    assert [ex.text[s.start : s.end] for s in ex.spans] == ["Edna Barlow"]
    two = conll_to_example(sentences[1], {"person": "PERSON"})
    assert [two.text[s.start : s.end] for s in two.spans] == ["Tom", "May"]


def test_care_chat_reader_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    path.write_text('{"id": 1, "text": "hi", "should_flag": false, "category": "x"}\n{oops\n')
    with pytest.raises(DetectorError, match="line 2"):
        read_care_chat(path)


def test_shipped_care_chat_set_is_large_and_balanced() -> None:
    from nlp.evaluation.scoring import care_chat_path

    messages = read_care_chat(care_chat_path())
    must = sum(m.should_flag for m in messages)
    assert len(messages) >= 150
    assert must == len(messages) - must
    assert len({m.id for m in messages}) == len(messages)
