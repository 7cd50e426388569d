"""The detector end to end: what it flags, what it leaves alone, offsets into the original."""

from __future__ import annotations

import pytest

from nlp.detector import Detector, DetectorConfig, Finding
from nlp.errors import DetectorError


def found(detector: Detector, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in detector.scan(text).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS no 943 476 5919 for JB", [("UK_NHS", "943 476 5919")]),
        ("NI number AB 12 34 56 C", [("UK_NINO", "AB 12 34 56 C")]),
        ("daughter on 07700 900123", [("PHONE_NUMBER", "07700 900123")]),
        ("new postcode BS7 8AA", [("UK_POSTCODE", "BS7 8AA")]),
        ("lives at 42 Hillside Road", [("ADDRESS", "42 Hillside Road")]),
        ("Flat 3, 21 Gloucester Road", [("ADDRESS", "Flat 3, 21 Gloucester Road")]),
        ("her DOB is 12/03/1941", [("DATE_OF_BIRTH", "12/03/1941")]),
        ("email jo.bloggs@example.co.uk", [("EMAIL_ADDRESS", "jo.bloggs@example.co.uk")]),
    ],
)
def test_flags_identifying_data(detector: Detector, text: str, expected: list[object]) -> None:
    result = detector.scan(text)
    assert result.flagged
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mrs Patterson refused lunch", "Patterson"),
        ("Margaret Thompson was asleep", "Margaret Thompson"),
        ("saw mr kapoor today", "kapoor"),
    ],
)
def test_flags_people(detector: Detector, text: str, name: str) -> None:
    (kind, span), *_ = found(detector, text)
    assert kind == "PERSON"
    assert name in span


@pytest.mark.parametrize(
    "text",
    [
        "MT had a good day, J.B. too",
        "CP-10423 refused tea again",
        "Ask Jade in the office",
        "Thanks Sarah!",
        "Will do. May I swap Thursday?",
        "stuck on Gloucester Road, Southmead, then Kingswood",
        "Reminder: Monday 10am team meeting",
        "crime ref 5223012345 given by police, incident 0456 of 12/03/2024",
        "Picked up from Boots and Tesco, then Bristol Royal Infirmary",
    ],
)
def test_leaves_compliant_messages_alone(detector: Detector, text: str) -> None:
    assert detector.scan(text) == detector.scan(text)
    assert not detector.scan(text).flagged, found(detector, text)


@pytest.mark.parametrize(
    ("text", "entity_type", "span"),
    [
        ("NHS 9 4 3 4 7 6 5 9 1 9", "UK_NHS", "9 4 3 4 7 6 5 9 1 9"),
        ("NHS 943.476.5919", "UK_NHS", "943.476.5919"),
        ("NHS 943\u200b476\u200b5919", "UK_NHS", "943\u200b476\u200b5919"),
        ("NHS ９４３ ４７６ ５９１９", "UK_NHS", "９４３ ４７６ ５９１９"),
        ("ring ０７７００ ９００１２３", "PHONE_NUMBER", "０７７００ ９００１２３"),
        ("postcode ВЅ7 8АА", "UK_POSTCODE", "ВЅ7 8АА"),  # Cyrillic look-alikes
        ("saw Mrs Раttеrsоn", "PERSON", "Mrs Раttеrsоn"),
        ("\u202eNI AB123456C", "UK_NINO", "AB123456C"),
        ("NHS 943\u00a0476\u202f5919", "UK_NHS", "943\u00a0476\u202f5919"),  # odd spaces
        ("mob ⁰⁷⁷⁰⁰ ⁹⁰⁰¹²³", "PHONE_NUMBER", "⁰⁷⁷⁰⁰ ⁹⁰⁰¹²³"),  # superscript digits
        ("Mar\u200bgaret Thompson came", "PERSON", "Mar\u200bgaret Thompson"),
    ],
)
def test_evasion_is_caught_with_offsets_into_the_original(
    detector: Detector, text: str, entity_type: str, span: str
) -> None:
    assert (entity_type, span) in found(detector, text)


def test_findings_carry_score_and_recognizer(detector: Detector) -> None:
    (finding,) = detector.scan("NHS 943 476 5919").findings
    assert finding == Finding("UK_NHS", 4, 16, 1.0, "UkNhsRecognizer")


def test_scan_many_keeps_order(detector: Detector) -> None:
    texts = ["all fine", "NHS 943 476 5919", "Mrs Patterson", ""]
    assert [r.flagged for r in detector.scan_many(texts)] == [False, True, True, False]


def test_suggest_rewrite(detector: Detector) -> None:
    text = "Mrs Patterson's NHS number is 943 476 5919, lives at 42 Hillside Road"
    assert detector.suggest_rewrite(text) == (
        "Mrs P.'s NHS number is [NHS number removed], lives at [address removed]"
    )
    text = "Margaret Thompson rang"
    assert detector.suggest_rewrite(text) == "M.T. rang"


def test_threshold_drops_lower_scores(detector: Detector) -> None:
    text = "lives at 42 Hillside Road"
    (address,) = detector.scan(text).findings
    assert address.score >= detector.config.threshold
    strict = Detector(DetectorConfig(threshold=0.999))
    assert strict.scan("NHS 943 476 5919").flagged  # checksum-validated: 1.0
    # Address scores 0.7, raised by the context word "lives" to 1.0; without context it drops.
    assert not strict.scan("went to 42 Hillside Road").flagged


def test_uninstalled_spacy_model_is_named() -> None:
    with pytest.raises(DetectorError, match="en_core_web_nonexistent"):
        Detector(DetectorConfig(spacy_model="en_core_web_nonexistent"))


def test_repr_shows_no_roster_content(roster_detector: Detector) -> None:
    assert "Doris" not in repr(roster_detector)


def test_one_detector_can_be_shared_by_threads(detector: Detector) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        "NHS 943 476 5919",
        "lives at 42 Hillside Road, BS7 8AA",
        "Margaret Thompson DOB 12/03/1941",
        "all fine",
    ] * 50
    expected = [detector.scan(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(detector.scan, texts)) == expected
