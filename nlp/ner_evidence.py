"""A spaCy pipeline's named entities as evidence for the person tagger (issue 12).

The pipeline is asked only where the person tagger is unsure, on a window of text around
the unsure words, and its labels are evidence, never findings of their own:

* a full or titled name the tagger scored inside `NerRule`'s band: a PERSON entity over it
  raises its score by ``support``; an ORG, GPE, LOC, FAC (or similar) entity over it, with
  no PERSON entity there, lowers it by ``against`` ("St Brendan's", "Eastville Park");
* words the rules left undecided: a lone first name next to an initial or another
  capitalised word ("baran k", "A.M. Fitzgerald"), and two capitalised words side by side
  that no rule took ("Grace Hope"). A PERSON entity of two or more words over them, made
  only of those words, initials and capitalised words, becomes a full name scoring
  ``found``.

Single first names alone stay unflagged (the policy allows them); names the tagger is sure
of and the other recognizers' findings (client roster, identifiers) are not touched.
Messages with nothing unsure cost nothing. Figures: ``careguard eval`` (system
``careguard_ner``) and ``benchmarks/detector.py`` ("careguard + NER").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from nlp.errors import DetectorError
from nlp.rewrite import TITLES

Entity = tuple[int, int, str]
"""A named entity: start and end offsets into the text it was found in, and its label."""

Ner = Callable[[str], Sequence[Entity]]
"""Named entities in a text (a spaCy pipeline, or a fake in tests)."""

SUPPORTING = frozenset({"PERSON"})
AGAINST = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"})
KINDS = frozenset({"full_name", "title_name"})
"""Person-tagger kinds whose score the evidence may move (``person_kind`` in metadata)."""
SINGLE = "single_name"
NAME = "NerEvidence"
"""Recognizer name of the full names the evidence completes."""

_TITLES = frozenset(TITLES | {f"{t}." for t in TITLES})
_WORD = re.compile(r"[^\W\d_][^\s,;:!?()\"]*")
_INITIAL = re.compile(r"(?:[^\W\d_]\.?){1,3}")
# The spaCy pipeline components NER does not need (the small English pipelines' NER embeds
# its own tok2vec; a shared one is kept if NER listens to it).
_UNNEEDED = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter", "morphologizer")


@dataclass(frozen=True, slots=True)
class NerRule:
    """Which names are unsure, how far evidence moves them, and the text the NER reads.

    Attributes:
        low: Lowest score of an unsure full or titled name.
        high: Scores at or above this are sure; the NER is not asked about them.
        support: Added to an unsure name's score when NER labels it PERSON.
        against: Taken off when NER labels it a place or an organisation.
        found: Score of a full name completed from undecided words by a PERSON entity.
        window: Characters of context the NER reads either side of the unsure words.
    """

    low: float = 0.45
    high: float = 0.8
    support: float = 0.2
    against: float = 0.3
    found: float = 0.6
    window: int = 60

    def unsure(self, score: float) -> bool:
        """Whether a full or titled name with this score is one the NER is asked about."""
        return self.low <= score < self.high

    def moved(self, score: float, labels: set[str], *, cased: bool = True) -> float:
        """The score after the labels of the entities over the name.

        ``cased``: the name is written in capitalised words, no initials. Only then can a
        place or organisation label argue against it: a small English pipeline reads lower
        case and initials ("reg pollard", "Stanislaw K") as organisations.
        """
        if labels & SUPPORTING:
            return min(1.0, score + self.support)
        if cased and labels & AGAINST:
            return max(0.0, score - self.against)
        return score


def _covers(entity: Entity, start: int, end: int) -> bool:
    """Whether the entity overlaps at least half of ``start:end``."""
    a, b, _ = entity
    overlap = min(b, end) - max(a, start)
    return overlap > 0 and 2 * overlap >= end - start


def _window(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """``start - width : end + width`` within the line, widened by up to 20 characters to
    whole words."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    lo, hi = max(first, start - width), min(last, end + width)
    for _ in range(20):
        if lo > first and not text[lo - 1].isspace():
            lo -= 1
        if hi < last and not text[hi].isspace():
            hi += 1
    return lo, hi


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper() and len(word) > 1


def _initial(word: str) -> bool:
    return bool(_INITIAL.fullmatch(word)) and (len(word) == 1 or "." in word or word.isupper())


def _undecided(text: str, results: list[Any]) -> list[tuple[int, int]]:
    """Word spans the rules left undecided (see the module docstring), in order."""
    persons = [r for r in results if r.entity_type == "PERSON"]
    singles = {(r.start, r.end) for r in persons if _kind(r) == SINGLE}
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    out = []
    for (a, b), (c, d) in pairwise(words):
        if text[b:c] != " ":
            continue
        first, second = text[a:b], text[c:d]
        beside_single = ((a, b) in singles and (_initial(second) or _capitalised(second))) or (
            (c, d) in singles and _initial(first)
        )
        free_pair = (
            _capitalised(first)
            and _capitalised(second)
            and not any(r.start < d and a < r.end for r in persons)
        )
        if beside_single or free_pair:
            out.append((a, d))
    return out


def _kind(result: Any) -> Any:
    return (result.recognition_metadata or {}).get("person_kind")


def _completes(text: str, entity: Entity, spans: list[tuple[int, int]]) -> bool:
    """Whether a PERSON entity is a full name made of undecided words and initials."""
    a, b, label = entity
    inside = [(x, y) for x, y in spans if a <= x and y <= b]
    words = [(m.start() + a, m.group(0)) for m in _WORD.finditer(text[a:b])]
    if label not in SUPPORTING or not inside or len(words) < 2:
        return False
    decided = {i for x, y in inside for i in range(x, y)}
    return all(w in decided or _capitalised(word) or _initial(word) for w, word in words)


class NerEvidence:
    """Moves unsure person-tagger scores by a NER's labels (see the module docstring)."""

    def __init__(self, ner: Ner, rule: NerRule | None = None) -> None:
        self._ner = ner
        self.rule = rule or NerRule()
        self.calls = 0
        """How many times the NER ran (for tests and benchmarks)."""

    def apply(self, text: str, results: list[Any]) -> None:
        """Move unsure names' scores in Presidio ``results`` and add completed full names."""
        unsure = [
            r
            for r in results
            if r.entity_type == "PERSON" and _kind(r) in KINDS and self.rule.unsure(r.score)
        ]
        spans = _undecided(text, results)
        where = [(r.start, r.end) for r in unsure] + spans
        if not where:
            return
        lo, hi = _window(text, min(a for a, _ in where), max(b for _, b in where), self.rule.window)
        self.calls += 1
        entities = [(a + lo, b + lo, label) for a, b, label in self._ner(text[lo:hi])]
        for result in unsure:
            labels = {e[2] for e in entities if _covers(e, result.start, result.end)}
            name = text[result.start : result.end]
            cased = all(_capitalised(w) for w in _WORD.findall(name) if w.casefold() not in _TITLES)
            result.score = self.rule.moved(result.score, labels, cased=cased)
        results.extend(
            _result(e[0], e[1], self.rule.found) for e in entities if _completes(text, e, spans)
        )

    @classmethod
    def from_spacy(cls, model: str, rule: NerRule | None = None) -> NerEvidence:
        """Load an installed spaCy pipeline (a package name or a directory) for its NER.

        Raises:
            DetectorError: ``model`` is not installed or has no ``ner`` component.
        """
        return cls(spacy_ner(model), rule)


def _result(start: int, end: int, score: float) -> Any:
    from presidio_analyzer import RecognizerResult

    return RecognizerResult(
        entity_type="PERSON",
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: NAME,
            "person_kind": "full_name",
        },
    )


def spacy_ner(model: str) -> Ner:
    """The NER of an installed spaCy pipeline, only the components it needs, thread-safe.

    Raises:
        DetectorError: ``model`` is not installed or has no ``ner`` component.
    """
    from pathlib import Path

    import spacy

    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise DetectorError(
            f"spaCy pipeline {model!r} is not installed; install it or leave spacy_model unset"
        )
    nlp = spacy.load(model, exclude=list(_UNNEEDED))
    if "ner" not in nlp.pipe_names:
        raise DetectorError(f"spaCy pipeline {model!r} has no named-entity recognizer")
    if "tok2vec" in nlp.pipe_names and "ner" not in getattr(
        nlp.get_pipe("tok2vec"), "listening_components", ()
    ):
        nlp.disable_pipe("tok2vec")
    lock = threading.Lock()

    def ner(text: str) -> list[Entity]:
        with lock:  # a spaCy pipeline is not documented thread-safe
            doc = nlp(text)
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents]

    return ner
