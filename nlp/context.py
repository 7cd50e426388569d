"""Context words: a recognizer's score rises when one of its context words precedes a match.

Same rule and constants as Presidio's ``LemmaContextAwareEnhancer`` (the five words before
a match; +0.35, at least 0.4, at most 1.0) in its whole-word mode, but over the one shared
spaCy tokenisation and without what makes Presidio's version slow on short messages:
deep-copying every result and building lemmas and keywords for the whole text. Whole words,
because Presidio's default substring mode lets "ni" (National Insurance) match "night".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SIMILARITY_FACTOR = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
PREFIX_WORDS = 5
MAX_SCORE = 1.0


def _phrases(context: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(c.lower().split()) for c in context if c.strip()]


class ContextEnhancer:
    """Raises result scores for the recognizers that declare context words."""

    def __init__(self, recognizers: Sequence[Any]) -> None:
        self._phrases = {r.id: _phrases(r.context) for r in recognizers if r.context}

    def wants(self, result: Any) -> bool:
        """True when context could still change this result's score."""
        return result.score < MAX_SCORE and self._recognizer_id(result) in self._phrases

    def enhance(self, results: Sequence[Any], words: Sequence[tuple[int, str]]) -> None:
        """Raise, in place, the scores of results preceded by a context word.

        Args:
            results: Presidio ``RecognizerResult`` objects.
            words: ``(start offset, lower-case text)`` of each token, in order.
        """
        for result in results:
            if not self.wants(result):
                continue
            before = [w for start, w in words if start < result.start][-PREFIX_WORDS:]
            if any(_contains(before, p) for p in self._phrases[self._recognizer_id(result)]):
                score = max(result.score + SIMILARITY_FACTOR, MIN_SCORE_WITH_CONTEXT)
                result.score = min(score, MAX_SCORE)

    @staticmethod
    def _recognizer_id(result: Any) -> Any:
        return (result.recognition_metadata or {}).get("recognizer_identifier")


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))
