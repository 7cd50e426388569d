"""PERSON recognizer: what the policy says must be flagged and what must not (invented names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.errors import DetectorError
from nlp.recognizers.person import PersonRecognizer

FLAG_AT = 0.5  # the detector's default threshold


@pytest.fixture(scope="module")
def recognizer() -> PersonRecognizer:
    return PersonRecognizer()


def _names(rec: PersonRecognizer, text: str) -> list[tuple[str, float]]:
    return [(text[r.start : r.end], r.score) for r in rec.analyze(text, ["PERSON"])]


def _flagged(rec: PersonRecognizer, text: str) -> list[str]:
    return [name for name, score in _names(rec, text) if score >= FLAG_AT]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Just left Marjorie Tillbrook, she was fine", "Marjorie Tillbrook"),
        ("Mrs Pettigrew had a fall in the kitchen", "Mrs Pettigrew"),
        ("Dr Siddiqui wants her bloods done", "Dr Siddiqui"),
        ("visited betty kowalczyk today", "betty kowalczyk"),
        ("mr kapoor needs his meds", "mr kapoor"),
        ("URGENT DOREEN FAIRCLOUGH HAS FALLEN", "DOREEN FAIRCLOUGH"),
        ("Ruby-Mae Joneson was upset at tea", "Ruby-Mae Joneson"),
        ("Mrs O'Halloran wants her tablets", "Mrs O'Halloran"),
        ("Edna Barlowe's daughter rang", "Edna Barlowe"),
        ("Stanisław Nowakowski didn't eat", "Stanisław Nowakowski"),
        ("Abdul Rahmani asked for water", "Abdul Rahmani"),
        ("Grace Adeyemi is much brighter", "Grace Adeyemi"),
        ("Kwabena Mensah needs his stockings on", "Kwabena Mensah"),
        ("Siobhan Gallagher wants to go to mass", "Siobhan Gallagher"),
        ("On my way to Gordon Ashworth now", "Gordon Ashworth"),
        ("her name is Wilhelmina Quarrie", "Wilhelmina Quarrie"),
    ],
)
def test_flags_full_names_titles_and_spellings(
    recognizer: PersonRecognizer, text: str, name: str
) -> None:
    assert _flagged(recognizer, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "MT had a good day, ate all her lunch",
        "J.B. refused personal care",
        "CP-10423 updated with new visit times",
        "Thanks Sarah!",
        "Ask Jade in the office",
        "Cheers Tom, owe you one",
        "Will do",
        "May I swap my Friday shift?",
        "Grace period for the training ends next week",
        "Bill the council for the extra 30 minutes",
        "Hope everyone has a nice weekend",
        "Stuck on Gloucester Road, running late",
        "Heading to Southmead now, then Kingswood",
        "Picked up meds from Boots",
        "Tesco was out of the thickener",
        "Took her to Bristol Royal Infirmary for an x-ray",
        "Leaflets from Alzheimer's Society are in the office",
        "Visit moved to Monday 10am",
        "Police ref 5219/23 for the break in",
        "Rose garden visit cancelled due to rain",
        "",
    ],
)
def test_does_not_flag_what_the_policy_allows(recognizer: PersonRecognizer, text: str) -> None:
    assert _flagged(recognizer, text) == []


def test_single_first_name_is_reported_below_the_flag_threshold(
    recognizer: PersonRecognizer,
) -> None:
    found = _names(recognizer, "Thanks Sarah!")
    assert [name for name, _ in found] == ["Sarah"]
    assert 0 < found[0][1] < FLAG_AT


def test_span_includes_title_but_not_possessive(recognizer: PersonRecognizer) -> None:
    text = "Mrs Haworth's catheter bag needs changing"
    [result] = recognizer.analyze(text, ["PERSON"])
    assert (result.start, result.end) == (0, 11)
    assert result.recognition_metadata["person_kind"] == "title_name"


def test_name_never_spans_a_line_break(recognizer: PersonRecognizer) -> None:
    text = "Visited Harold\nJenkins Street is closed"
    assert all("\n" not in name for name, _ in _names(recognizer, text))


def test_offsets_hold_on_later_lines(recognizer: PersonRecognizer) -> None:
    text = "all fine\nthen saw Dennis Whitfield"
    assert _flagged(recognizer, text) == ["Dennis Whitfield"]


def test_other_entities_requested_gives_nothing(recognizer: PersonRecognizer) -> None:
    assert recognizer.analyze("Marjorie Tillbrook", ["PHONE_NUMBER"]) == []


def test_works_with_blank_spacy_artifacts(recognizer: PersonRecognizer) -> None:
    from nlp.engine import build_engine, load_spacy

    text = "Dennis Whitfield refused his lunch"
    artifacts = build_engine(load_spacy(None)).process_text(text, "en")
    assert [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"], artifacts)] == [
        "Dennis Whitfield"
    ]


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DetectorError, match="person model file not found"):
        PersonRecognizer(model_path=str(tmp_path / "nope.json.gz"))


def test_corrupt_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not a model")
    with pytest.raises(DetectorError, match="unreadable"):
        PersonRecognizer(model_path=str(bad))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visited Edna Hill today", ["Edna Hill"]),
        ("Peter Greenway refused lunch", ["Peter Greenway"]),
        ("Margaret Hall is unwell", ["Margaret Hall"]),
        ("parked on Victoria Street", []),
        ("meeting at Kingswood Park", []),
        ("Flat 3 Rose Court", []),
        ("Southmead Hospital discharge team rang", []),
    ],
)
def test_place_words_and_surnames_that_look_like_places(
    recognizer: PersonRecognizer, text: str, expected: list[str]
) -> None:
    assert _flagged(recognizer, text) == expected


@pytest.mark.parametrize(
    "text", ["Her son is back from Poland next week", "She moved from Pietersburg South Africa"]
)
def test_countries_are_not_names(recognizer: PersonRecognizer, text: str) -> None:
    assert _names(recognizer, text) == []


@pytest.mark.parametrize(
    "text", ["My father retired last year", "her nan visited today", "Sister says hello"]
)
def test_kinship_words_do_not_make_the_next_word_a_surname(
    recognizer: PersonRecognizer, text: str
) -> None:
    assert _flagged(recognizer, text) == []


@pytest.mark.parametrize("text", ["Mrs", "ask the Dr", "Mr Mrs Dr", "nan", "Dr.", "!!", "12 34"])
def test_titles_and_fragments_alone(recognizer: PersonRecognizer, text: str) -> None:
    assert _flagged(recognizer, text) == []


def test_title_with_full_stop_is_part_of_the_name(recognizer: PersonRecognizer) -> None:
    assert _flagged(recognizer, "Mr. Dunmore's daughter rang twice") == ["Mr. Dunmore"]
