"""Person-name spans from the CRF tagger plus title and place rules (no Presidio here).

Decoding uses per-token marginal probabilities rather than the single best tag path, so the
recall/precision balance is a threshold chosen on WNUT-17 dev. Lower-case tokens get a lower
threshold: the training data has few lower-case names, so the model is under-confident on
exactly the "betty kowalski" spellings chat is full of.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from nlp.errors import DetectorError
from nlp.names import Gazetteer, fold, load_gazetteer
from nlp.recognizers.person_features import PLACE_WORDS, TITLES, sentence_features, tokenize

FULL, TITLED, SINGLE = "full_name", "title_name", "single_name"


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A person name found in text.

    Attributes:
        start: Offset of the first character of the name (a title is not included).
        end: Offset just past the name (a possessive ``'s`` is not included).
        probability: Mean model probability of the name's tokens (0-1).
        kind: ``full_name`` (two or more name words), ``title_name`` ("Mrs Patterson")
            or ``single_name`` (one word, e.g. a first name alone).
    """

    start: int
    end: int
    probability: float
    kind: str


def default_model_path() -> Path:
    """The shipped model file."""
    return Path(str(resources.files("nlp.models").joinpath("person_crf.bin")))


class PersonTagger:
    """Finds person names with a CRF over token features and gazetteers.

    Not safe for concurrent use of one instance from several threads without the
    internal lock, which :meth:`find` takes.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        threshold: float = 0.25,
        lower_threshold: float = 0.1,
    ) -> None:
        """Load the gazetteers and the model.

        Raises:
            DetectorError: The model file is missing or unreadable.
        """
        import pycrfsuite  # type: ignore[import-untyped]

        path = model_path or default_model_path()
        if not path.is_file():
            raise DetectorError(f"person model file not found: {path.name}")
        self._tagger: Any = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise DetectorError(f"person model file unreadable: {path.name}") from exc
        self.gazetteer: Gazetteer = load_gazetteer()
        self.threshold = threshold
        self.lower_threshold = lower_threshold
        self._cache: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def find(self, text: str) -> list[NameSpan]:
        """Person-name spans in ``text``, in order."""
        tokens = tokenize(text)
        if not tokens:
            return []
        words = [t[0] for t in tokens]
        probs, begins = self._marginals(words)
        runs = self._runs(words, probs, begins)
        runs = self._add_titled(words, runs)
        out: list[NameSpan] = []
        for a, b in runs:
            kind = self._kind(words, a, b)
            if kind is None:
                continue
            prob = sum(probs[a:b]) / (b - a)
            out.append(NameSpan(tokens[a][1], tokens[b - 1][2], prob, kind))
        return out

    def _marginals(self, words: list[str]) -> tuple[list[float], list[float]]:
        feats = sentence_features(words, self.gazetteer, self._cache)
        with self._lock:
            self._tagger.set(feats)
            begins = [self._tagger.marginal("B", i) for i in range(len(words))]
            probs = [b + self._tagger.marginal("I", i) for i, b in enumerate(begins)]
        return probs, begins

    def _runs(
        self, words: list[str], probs: list[float], begins: list[float]
    ) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        start = -1
        for i, word in enumerate(words):
            limit = self.lower_threshold if word.islower() else self.threshold
            inside = probs[i] >= limit and word[0].isalpha()
            # A new name starts where "begins a name" outweighs "continues one".
            if start >= 0 and (not inside or begins[i] > probs[i] - begins[i]):
                runs.append((start, i))
                start = -1
            if inside and start < 0:
                start = i
        if start >= 0:
            runs.append((start, len(words)))
        return runs

    def _is_title(self, words: list[str], i: int) -> bool:
        if i >= 0 and words[i] == ".":
            i -= 1
        return i >= 0 and fold(words[i]).rstrip(".") in TITLES

    def _add_titled(self, words: list[str], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Add "title + surname" names the model missed ("mr kapoor", "Dr Siddiqui")."""
        covered = {i for a, b in runs for i in range(a, b)}
        extra: list[tuple[int, int]] = []
        for i in range(1, len(words)):
            if i in covered or not self._is_title(words, i - 1):
                continue
            if self._could_be_surname(words[i]):
                extra.append((i, i + 1))
        return sorted(runs + extra)

    def _could_be_surname(self, word: str) -> bool:
        key = fold(word)
        gaz = self.gazetteer
        if not word[0].isalpha() or key in PLACE_WORDS or key in gaz.ordinary:
            return False
        if word[0].isupper():
            return True
        return (key in gaz.last or key in gaz.first) and key not in gaz.common

    def _kind(self, words: list[str], a: int, b: int) -> str | None:
        """Classify a candidate run, or None when it is a place or organisation."""
        last = fold(words[b - 1])
        following = fold(words[b]) if b < len(words) else ""
        if following in PLACE_WORDS or (b - a > 1 and last in PLACE_WORDS):
            return None
        if self._is_title(words, a - 1):
            return TITLED
        return FULL if b - a > 1 else SINGLE
