"""Person tagger rules for address lines, firms, speaker labels and repeated mentions
(invented names)."""

from __future__ import annotations

import pytest

from nlp.recognizers.person import PersonRecognizer

FLAG_AT = 0.5


@pytest.fixture(scope="module")
def recognizer() -> PersonRecognizer:
    return PersonRecognizer()


def _names(rec: PersonRecognizer, text: str) -> list[tuple[str, float]]:
    return [(text[r.start : r.end], r.score) for r in rec.analyze(text, ["PERSON"])]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Elínborg Guðmundsdóttir was upset at lunch", "Elínborg Guðmundsdóttir"),
        ("Chidinma Okonkwo refused her tablets", "Chidinma Okonkwo"),
        ("Mrs. Margaret Brennick Suite 541 needs a visit", "Mrs. Margaret Brennick"),
        ("Edna Barlowe falls a lot at night", "Edna Barlowe"),
    ],
)
def test_names_from_many_communities_and_before_a_flat_number_are_flagged(
    recognizer: PersonRecognizer, text: str, name: str
) -> None:
    assert [n for n, s in _names(recognizer, text) if s >= FLAG_AT] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Invoice from Barnett, Melton and Garcia is overdue",
        "Please send it to 04862 Victor Hugo by mistake",
        "Her son lives in Maribor, Slovenia now",
        "Meet at the corner of Leokadia Trail",
        "Bot: what is the name on the account?",
        "Thanks to Garcia-Roberson for the boxes",
        "The Princess Royal arrived this morning",
        "My father retired at the age of 61",
    ],
)
def test_firms_address_lines_and_labels_are_not_names(
    recognizer: PersonRecognizer, text: str
) -> None:
    assert _names(recognizer, text) == []


def test_later_lone_mention_of_a_full_name_is_a_name_but_not_flagged(
    recognizer: PersonRecognizer,
) -> None:
    text = "Film by Joakim Westgrenn, starring Westgrenn himself"
    found = _names(recognizer, text)
    assert [name for name, _ in found] == ["Joakim Westgrenn", "Westgrenn"]
    assert found[0][1] >= FLAG_AT
    assert found[1][1] < FLAG_AT
