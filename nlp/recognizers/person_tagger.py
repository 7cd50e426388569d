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
# Lowest probability given to a full name or title + name found by the rules.
PAIR_FLOOR = 0.5
_BLOCK = frozenset({"ord", "cw", "stop", "place", "title", "punct", "digit"})


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
        runs = _merge(runs + self._titled(words, runs) + self._pairs(words))
        out: list[NameSpan] = []
        for a, b in runs:
            b = _trim_case(words, a, b)
            kind = self._kind(words, a, b)
            if kind is None:
                continue
            prob = sum(probs[a:b]) / (b - a)
            if kind != SINGLE:
                prob = max(prob, PAIR_FLOOR)
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

    def _titled(self, words: list[str], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """ "Title + surname" names the model missed ("mr kapoor", "Dr Siddiqui")."""
        covered = {i for a, b in runs for i in range(a, b)}
        return [
            (i, i + 1)
            for i in range(1, len(words))
            if i not in covered
            and self._is_title(words, i - 1)
            and self._could_be_surname(words[i])
        ]

    def _pairs(self, words: list[str]) -> list[tuple[int, int]]:
        """Capitalised given name + family name from the gazetteers ("Gordon Ashworth").

        The model leans on sentence context learnt from social media ("on my way to X" is
        usually a place); a census given name followed by a census family name, both
        capitalised alike and neither an ordinary or place word, is a name in care chat.
        """
        out: list[tuple[int, int]] = []
        for i in range(len(words) - 1):
            a = self._cache.get(words[i], ())
            b = self._cache.get(words[i + 1], ())
            if not a or not b or a[0] != b[0] or a[0] not in ("s=Xx", "s=XX"):
                continue
            if not ({"fn1", "fn2"} & set(a)) or _BLOCK & set(a) - {"ord"}:
                continue
            if {"ln1", "ln2", "ln3"} & set(b) and not _BLOCK & set(b):
                out.append((i, i + 2))
        return out

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
        if b <= a:
            return None
        if self._is_title(words, a - 1):
            return TITLED
        return FULL if b - a > 1 else SINGLE


def _merge(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping token runs, in order."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(runs):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _trim_case(words: list[str], a: int, b: int) -> int:
    """End of the run once a capitalised name meets a lower-case word ("Rose garden")."""
    if words[a][:1].isupper():
        for i in range(a + 1, b):
            if words[i].islower():
                return i
    return b
