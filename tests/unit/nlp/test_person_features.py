"""Tokenisation and gazetteer lookups the person tagger depends on."""

from __future__ import annotations

import pytest

from nlp.names import fold, load_gazetteer
from nlp.recognizers.person_features import sentence_features, tokenize


def test_tokenize_keeps_hyphen_and_apostrophe_names_and_splits_possessive() -> None:
    text = "Ruby-Mae O'Neill's key"
    tokens = tokenize(text)
    assert [t for t, _, _ in tokens] == ["Ruby-Mae", "O'Neill", "'s", "key"]
    assert all(text[s:e] == t for t, s, e in tokens)


@pytest.mark.parametrize(
    ("word", "key"),
    [("Stanisław", "stanislaw"), ("ŁUKASZ", "lukasz"), ("O’Neill", "o'neill"), ("Zoë", "zoe")],
)
def test_fold_makes_spellings_meet(word: str, key: str) -> None:
    assert fold(word) == key


def test_gazetteer_holds_names_from_many_communities() -> None:
    gaz = load_gazetteer()
    for given in ("margaret", "stanislaw", "abdul", "kwabena", "siobhan", "delroy", "xiaoming"):
        assert given in gaz.first, given
    for family in ("thompson", "nowak", "adeyemi", "siddiqui", "gallagher", "patel"):
        assert family in gaz.last, family
    assert {"will", "may", "grace", "bill"} <= gaz.ordinary


def test_features_are_the_same_with_and_without_cache() -> None:
    gaz = load_gazetteer()
    words = ["Mrs", "Patterson", "had", "a", "fall"]
    cache: dict[str, tuple[str, ...]] = {}
    assert sentence_features(words, gaz, cache) == sentence_features(words, gaz)
    assert sentence_features(words, gaz, cache) == sentence_features(words, gaz)
