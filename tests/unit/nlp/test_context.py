"""Context words raise scores only as whole words, in the five words before a match."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from nlp.context import ContextEnhancer


def recognizer(context: list[str]) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity="X", patterns=[Pattern("x", r"X\d+", 0.5)], context=context, name="x"
    )


def scored(text: str, context: list[str]) -> float:
    rec = recognizer(context)
    (result,) = rec.analyze(text, ["X"])
    words = [(m.start(), m.group().lower()) for m in re.finditer(r"\w+", text)]
    ContextEnhancer([rec]).enhance([result], words)
    return float(result.score)


def test_context_word_before_the_match_raises_the_score() -> None:
    assert scored("her ni is X123", ["ni"]) == 0.85


def test_context_must_be_a_whole_word() -> None:
    assert scored("last night X123", ["ni"]) == 0.5


def test_multiword_context() -> None:
    assert scored("national insurance X123", ["national insurance"]) == 0.85
    assert scored("national health and insurance X123", ["national insurance"]) == 0.5


def test_context_only_counts_in_the_five_words_before() -> None:
    assert scored("ni one two three four five X123", ["ni"]) == 0.5
    assert scored("X123 is her ni", ["ni"]) == 0.5


def test_full_scores_are_left_alone() -> None:
    rec = recognizer(["ni"])
    result = RecognizerResult(
        "X", 7, 11, 1.0, recognition_metadata={"recognizer_identifier": rec.id}
    )
    enhancer = ContextEnhancer([rec])
    assert not enhancer.wants(result)
    enhancer.enhance([result], [(0, "ni")])
    assert result.score == 1.0
