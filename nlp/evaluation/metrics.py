"""Precision, recall and F1 for entity spans: at span-overlap and at token level.

* Span overlap: a predicted span is correct when it overlaps a gold span of the same label;
  a gold span is found when some predicted span of that label overlaps it. Lenient about
  boundaries ("Mrs Patterson" vs "Patterson" counts), strict about existence.
* Token level: every whitespace-separated token touched by a span carries the span's label;
  precision and recall count tokens. Penalises partial names ("Edna" of "Edna Barlow").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.evaluation.data import Span

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Counts:
    """Counts behind precision (``pred_ok``/``pred``) and recall (``gold_ok``/``gold``)."""

    pred_ok: int = 0
    pred: int = 0
    gold_ok: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.pred_ok + other.pred_ok,
            self.pred + other.pred,
            self.gold_ok + other.gold_ok,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        """Share of predictions that are right (0 when nothing was predicted)."""
        return self.pred_ok / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        """Share of gold items found (0 when there is no gold item)."""
        return self.gold_ok / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Figures for JSON output."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.pred,
            "gold": self.gold,
        }


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def span_counts(gold: Sequence[Span], pred: Sequence[Span], label: str) -> Counts:
    """Span-overlap counts for one label in one text."""
    g = [s for s in gold if s.label == label]
    p = [s for s in pred if s.label == label]
    pred_ok = sum(any(_overlaps(x, y) for y in g) for x in p)
    gold_ok = sum(any(_overlaps(y, x) for x in p) for y in g)
    return Counts(pred_ok, len(p), gold_ok, len(g))


def _token_labels(text: str, spans: Iterable[Span], label: str) -> list[bool]:
    wanted = [s for s in spans if s.label == label]
    return [
        any(s.start < m.end() and m.start() < s.end for s in wanted) for m in _TOKEN.finditer(text)
    ]


def token_counts(text: str, gold: Sequence[Span], pred: Sequence[Span], label: str) -> Counts:
    """Token-level counts for one label in one text."""
    g = _token_labels(text, gold, label)
    p = _token_labels(text, pred, label)
    both = sum(a and b for a, b in zip(g, p, strict=True))
    return Counts(both, sum(p), both, sum(g))


def is_lower_case_name(text: str, span: Span) -> bool:
    """A gold span written wholly in lower case ("betty kowalski")."""
    value = text[span.start : span.end]
    return value.islower()


def lower_case_recall_counts(text: str, gold: Sequence[Span], pred: Sequence[Span]) -> Counts:
    """Span-overlap recall counts over the lower-case PERSON gold spans only."""
    lower = [s for s in gold if s.label == "PERSON" and is_lower_case_name(text, s)]
    found = sum(any(_overlaps(y, x) for x in pred if x.label == "PERSON") for y in lower)
    return Counts(0, 0, found, len(lower))
