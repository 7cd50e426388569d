"""Word-level tests of the person tagger that need the gazetteer (kept apart for size)."""

from __future__ import annotations

from nlp.names import Gazetteer, fold
from nlp.recognizers.person_crf import WordScores
from nlp.recognizers.person_features import PLACE_WORDS
from nlp.recognizers.person_rules import BLOCK

# A lone lower-case word in no name list needs this much model probability ("cancel").
UNLISTED_LOWER_SINGLE = 0.2


def could_be_surname(word: str, gaz: Gazetteer) -> bool:
    """A word after a title that may be a surname ("Dr Siddiqui", "mr kapoor")."""
    key = fold(word)
    if len(word) < 2 or not word[0].isalpha() or key in PLACE_WORDS or key in gaz.ordinary:
        return False  # one letter is an initial ("nan J.T."), never a surname
    if word[0].isupper():
        return True
    return (key in gaz.last or key in gaz.first) and key not in gaz.common


def firm_compound(word: str, gaz: Gazetteer) -> bool:
    """A lone "Garcia-Roberson": two family names joined, the style of a firm's name."""
    parts = fold(word).split("-")
    return (
        len(parts) == 2
        and word[0].isupper()
        and all(p in gaz.last and gaz.last[p] <= 10_000 for p in parts)
        and not any(gaz.first.get(p, 10**9) <= 1500 for p in parts)
    )


def plausible_single(word: str, ws: WordScores, prob: float) -> bool:
    """A lone lower-case word below the capitalised threshold must be a listed name.

    A lone ordinary word ("Bot:", "User:", "God") must be a common given name ("Grace").
    """
    if "ord" in ws.trait_set and not ws.trait_set & {"fn1", "fn2"}:
        return False
    if not word.islower() or prob >= UNLISTED_LOWER_SINGLE:
        return True
    traits = ws.trait_set
    return bool(traits & {"fn1", "fn2", "fn3", "ln1", "ln2"}) and not traits & BLOCK
