"""PERSON from the client roster: a client's full, first or known-as name on its own.

With the roster loaded, "Doris didn't want her breakfast" is flagged when Doris is a client.
First names that are also everyday words ("May", "Will", "Grace") count only when written
with a capital letter and not at the start of a sentence.
"""

from __future__ import annotations

import itertools
import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from nlp.rosters import ClientRoster

# Everyday words that are also first names; see the module docstring.
_EVERYDAY = frozenset(
    [
        "may",
        "will",
        "grace",
        "hope",
        "joy",
        "rose",
        "mark",
        "bill",
        "pat",
        "april",
        "june",
        "faith",
        "sunny",
        "frank",
        "bob",
        "jack",
        "dawn",
        "iris",
        "holly",
        "ivy",
        "heather",
        "amber",
        "summer",
        "jade",
        "ruby",
        "crystal",
        "chance",
        "chase",
        "guy",
        "norm",
        "rob",
        "sue",
        "don",
        "art",
        "ray",
        "gene",
        "angel",
        "buddy",
        "lily",
        "daisy",
        "poppy",
    ]
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)\W*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVES = ("'s",)


_NAME = "ClientRosterRecognizer"


class ClientRosterRecognizer(EntityRecognizer):
    """Finds the roster's client names in any letter case (everyday-word names excepted).

    Matching walks the words of the message and looks them up in sets, so its cost does not
    grow with the size of the roster.
    """

    FULL_SCORE = 0.95
    SHORT_SCORE = 0.85

    def __init__(self, roster: ClientRoster, supported_language: str = "en") -> None:
        self._roster = roster
        self._names = roster.full_names | roster.short_names
        self._longest = max((len(n.split()) for n in self._names), default=0)
        super().__init__(
            supported_entities=["PERSON"],
            name=_NAME,
            supported_language=supported_language,
        )

    def load(self) -> None:
        """Nothing to load: the roster is given at construction."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: object = None
    ) -> list[RecognizerResult]:
        """Each client name in ``text``, as PERSON."""
        words = [
            (m.start(), m.end(), m.group().casefold().replace("’", "'"))
            for m in _WORD.finditer(text)
        ]
        results: list[RecognizerResult] = []
        i = 0
        while i < len(words):
            found = self._match_at(text, words, i)
            if found is None:
                i += 1
                continue
            start, end, key, used = found
            if key in _EVERYDAY and not _capitalised_mid_sentence(text, start):
                i += used
                continue
            score = self.FULL_SCORE if key in self._roster.full_names else self.SHORT_SCORE
            results.append(
                RecognizerResult(
                    "PERSON",
                    start,
                    end,
                    score,
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: _NAME},
                )
            )
            i += used
        return results

    def _match_at(
        self, text: str, words: list[tuple[int, int, str]], i: int
    ) -> tuple[int, int, str, int] | None:
        """The longest roster name starting at word ``i``: (start, end, key, words used)."""
        for n in range(min(self._longest, len(words) - i), 0, -1):
            chunk = words[i : i + n]
            if any(not text[a[1] : b[0]].isspace() for a, b in itertools.pairwise(chunk)):
                continue
            key = " ".join(w[2] for w in chunk)
            end = chunk[-1][1]
            if key.endswith(_POSSESSIVES) and key[:-2] in self._names:
                key, end = key[:-2], end - 2
            if key in self._names:
                return chunk[0][0], end, key, n
        return None


def _capitalised_mid_sentence(text: str, start: int) -> bool:
    return text[start].isupper() and not _SENTENCE_START.search(text[:start])
