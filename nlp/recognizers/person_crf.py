"""Linear-chain CRF inference in plain Python for the person tagger.

The model is trained with python-crfsuite (``nlp.training.train_person``) and exported as
JSON weights. Scoring here, rather than through crfsuite at run time, lets the weights of
a word's own features and of its features as a neighbour be summed once per distinct word
and cached: a chat message then costs a few dictionary lookups per token plus a
forward-backward pass over three labels, instead of building ~50 feature strings per token.
The features must match `nlp.recognizers.person_features.sentence_features` exactly; a unit
test checks the marginals against crfsuite's.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Sequence
from pathlib import Path

from nlp.errors import DetectorError
from nlp.names import Gazetteer
from nlp.recognizers.person_features import PERSON_VERBS, token_traits

Vector = tuple[float, float, float]
_ZERO: Vector = (0.0, 0.0, 0.0)
_OFFSETS = (-2, -1, 1, 2)
LABELS = ("O", "B", "I")
_CACHE_LIMIT = 20_000  # distinct words; bounds memory (~1 KB each) on long-running bots


class WordScores:
    """Cached weight sums for one distinct word."""

    __slots__ = ("near", "own", "shape", "trait_set", "traits", "verb")

    def __init__(
        self, traits: tuple[str, ...], own: Vector, near: dict[int, Vector], verb: bool = False
    ) -> None:
        self.traits = traits
        self.verb = verb  # a verb that often follows a name ("said", "lives")
        self.trait_set = frozenset(traits)
        self.shape = traits[0]  # token_traits always starts with the shape
        self.own = own
        self.near = near


class CrfModel:
    """State and transition weights of a three-label (O/B/I) linear-chain CRF."""

    def __init__(self, state: dict[str, Vector], transitions: list[list[float]]) -> None:
        self.state = state
        self.trans_exp = [[math.exp(w) for w in row] for row in transitions]
        self._words: dict[str, WordScores] = {}
        self._pairs: dict[tuple[str, ...], Vector] = {}

    @classmethod
    def load(cls, path: Path) -> CrfModel:
        """Read exported weights (``{"labels", "state", "transitions"}``, gzip JSON).

        Raises:
            DetectorError: The file is missing or not a model export.
        """
        if not path.is_file():
            raise DetectorError(f"person model file not found: {path.name}")
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            if tuple(data["labels"]) != LABELS:
                raise ValueError("labels")
            state = {attr: (w[0], w[1], w[2]) for attr, w in data["state"].items()}
            trans = [[float(x) for x in row] for row in data["transitions"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise DetectorError(f"person model file unreadable: {path.name}") from exc
        return cls(state, trans)

    def _sum(self, attrs: Sequence[str]) -> Vector:
        o = b = i = 0.0
        state = self.state
        for attr in attrs:
            w = state.get(attr)
            if w is not None:
                o, b, i = o + w[0], b + w[1], i + w[2]
        return (o, b, i)

    def word(self, word: str, gaz: Gazetteer) -> WordScores:
        """Traits and cached weight sums of ``word`` (own features and as a neighbour)."""
        hit = self._words.get(word)
        if hit is not None:
            return hit
        traits = token_traits(word, gaz)
        low = word.lower()
        own = self._sum(["b", "w=" + low, "suf=" + low[-3:], "pre=" + low[:2], *traits])
        near = {}
        for off in _OFFSETS:
            tag = f"{off}:"
            attrs = [tag + t for t in traits]
            if off in (-1, 1):
                attrs.append(tag + "w=" + low)
            near[off] = self._sum(attrs)
        scores = WordScores(traits, own, near, low in PERSON_VERBS)
        if len(self._words) < _CACHE_LIMIT:
            self._words[word] = scores
        return scores

    def _pair(self, left: tuple[str, ...], right: tuple[str, ...]) -> Vector:
        key = (*left[:2], "|", *right[:2])
        hit = self._pairs.get(key)
        if hit is None:
            hit = self._sum(["pair:" + a + "|" + b for a in left[:2] for b in right[:2]])
            self._pairs[key] = hit
        return hit

    def emissions(self, ws: Sequence[WordScores]) -> list[Vector]:
        """Per-token label scores (log space), as crfsuite would compute them."""
        n = len(ws)
        out: list[Vector] = []
        for i in range(n):
            o, b, x = ws[i].own
            for off in _OFFSETS:
                j = i + off
                if 0 <= j < n:
                    v = ws[j].near[off]
                    o, b, x = o + v[0], b + v[1], x + v[2]
            if i + 1 < n:
                v = self._pair(ws[i].traits, ws[i + 1].traits)
                o, b, x = o + v[0], b + v[1], x + v[2]
                if ws[i + 1].verb:
                    v = self.state.get("+1:verb", _ZERO)
                    o, b, x = o + v[0], b + v[1], x + v[2]
            out.append((o, b, x))
        o, b, x = out[0]
        v = self.state.get("BOS", _ZERO)
        out[0] = (o + v[0], b + v[1], x + v[2])
        o, b, x = out[-1]
        v = self.state.get("EOS", _ZERO)
        out[-1] = (o + v[0], b + v[1], x + v[2])
        return out

    def marginals(self, ws: Sequence[WordScores]) -> list[Vector]:
        """Per-token marginal probabilities of O, B and I (scaled forward-backward).

        Written out for exactly three labels: this runs for every message.
        """
        exp = math.exp
        emit: list[Vector] = []
        for o, b, x in self.emissions(ws):
            m = max(o, b, x)
            emit.append((exp(o - m), exp(b - m), exp(x - m)))
        (t00, t01, t02), (t10, t11, t12), (t20, t21, t22) = self.trans_exp
        alphas: list[Vector] = []
        a0, a1, a2 = emit[0]
        z = a0 + a1 + a2
        a0, a1, a2 = a0 / z, a1 / z, a2 / z
        alphas.append((a0, a1, a2))
        for e0, e1, e2 in emit[1:]:
            c0 = e0 * (a0 * t00 + a1 * t10 + a2 * t20)
            c1 = e1 * (a0 * t01 + a1 * t11 + a2 * t21)
            c2 = e2 * (a0 * t02 + a1 * t12 + a2 * t22)
            z = c0 + c1 + c2
            a0, a1, a2 = c0 / z, c1 / z, c2 / z
            alphas.append((a0, a1, a2))
        n = len(emit)
        out: list[Vector] = [_ZERO] * n
        b0 = b1 = b2 = 1.0
        for i in range(n - 1, -1, -1):
            a0, a1, a2 = alphas[i]
            j0, j1, j2 = a0 * b0, a1 * b1, a2 * b2
            z = j0 + j1 + j2
            out[i] = (j0 / z, j1 / z, j2 / z)
            if i:
                e0, e1, e2 = emit[i]
                n0, n1, n2 = e0 * b0, e1 * b1, e2 * b2
                b0 = t00 * n0 + t01 * n1 + t02 * n2
                b1 = t10 * n0 + t11 * n1 + t12 * n2
                b2 = t20 * n0 + t21 * n1 + t22 * n2
                z = b0 + b1 + b2
                b0, b1, b2 = b0 / z, b1 / z, b2 / z
        return out
