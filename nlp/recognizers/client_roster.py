"""PERSON from the client roster: a client's full, first or known-as name on its own.

With the roster loaded, "Doris didn't want her breakfast" is flagged when Doris is a client.
First names that are also everyday words ("May", "Will", "Grace") count only when written
with a capital letter and not at the start of a sentence.
"""

from __future__ import annotations

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


_NAME = "ClientRosterRecognizer"


class ClientRosterRecognizer(EntityRecognizer):
    """Finds the roster's client names in any letter case (everyday-word names excepted)."""

    FULL_SCORE = 0.95
    SHORT_SCORE = 0.85

    def __init__(self, roster: ClientRoster, supported_language: str = "en") -> None:
        self._roster = roster
        names = sorted(roster.full_names | roster.short_names, key=len, reverse=True)
        alternatives = "|".join(
            r"\s+".join(re.escape(part) for part in name.split()) for name in names
        )
        # Nothing matches an empty roster; "(?!)" never matches.
        self._pattern = re.compile(
            rf"(?<![\w'’\-])(?:{alternatives or '(?!)'})(?![\w\-]|['’]\w\w)", re.IGNORECASE
        )
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
        results: list[RecognizerResult] = []
        for m in self._pattern.finditer(text):
            key = " ".join(m.group().casefold().split())
            if key in _EVERYDAY and not self._capitalised_mid_sentence(text, m):
                continue
            full = key in self._roster.full_names
            results.append(
                RecognizerResult(
                    "PERSON",
                    m.start(),
                    m.end(),
                    self.FULL_SCORE if full else self.SHORT_SCORE,
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: _NAME},
                )
            )
        return results

    @staticmethod
    def _capitalised_mid_sentence(text: str, match: re.Match[str]) -> bool:
        return match.group()[0].isupper() and not _SENTENCE_START.search(text[: match.start()])
