"""NER labels as evidence for the person tagger, with a fake NER (no spaCy pipeline)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from presidio_analyzer import RecognizerResult

from nlp.detector import Detector
from nlp.ner_evidence import NAME, Entity, NerEvidence, NerRule


class FakeNer:
    """Labels the given phrases wherever they occur; records the texts it was asked about."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.asked: list[str] = []

    def __call__(self, text: str) -> Sequence[Entity]:
        self.asked.append(text)
        out = []
        for phrase, label in self.labels.items():
            at = text.find(phrase)
            if at >= 0:
                out.append((at, at + len(phrase), label))
        return out


def person(text: str, name: str, score: float, kind: str = "full_name") -> RecognizerResult:
    start = text.index(name)
    return RecognizerResult(
        "PERSON",
        start,
        start + len(name),
        score,
        recognition_metadata={"recognizer_name": "PersonRecognizer", "person_kind": kind},
    )


RULE = NerRule(low=0.45, high=0.8, support=0.2, against=0.3, found=0.6)


@pytest.mark.parametrize(
    ("text", "name", "labels", "expected"),
    [
        # PERSON supports an unsure name.
        ("saw Dilys Marchbank today", "Dilys Marchbank", {"Dilys Marchbank": "PERSON"}, 0.75),
        # A place or an organisation over a capitalised name argues against it.
        ("walk to Eastville Park", "Eastville Park", {"Eastville Park": "FAC"}, 0.25),
        ("at St Brendan's later", "St Brendan's", {"St Brendan's": "ORG"}, 0.25),
        ("meet at Henbury Vale", "Henbury Vale", {"Henbury": "GPE"}, 0.25),  # over half of it
        # PERSON wins over a place label on the same words.
        ("Edna Hill rang", "Edna Hill", {"Edna Hill": "PERSON", "Hill": "LOC"}, 0.75),
        # Lower case and initials are read as organisations by a small pipeline: no evidence.
        ("reg pollard refused", "reg pollard", {"reg pollard": "ORG"}, 0.55),
        ("Stanislaw K needs pads", "Stanislaw K", {"Stanislaw K": "ORG"}, 0.55),
        # Labels that say nothing about people, or that cover too little of the name.
        ("Maisie Ferrow at 3", "Maisie Ferrow", {"3": "CARDINAL"}, 0.55),
        ("rose bush by the door", "rose bush", {"bush": "PERSON"}, 0.55),
    ],
)
def test_labels_move_an_unsure_name(
    text: str, name: str, labels: dict[str, str], expected: float
) -> None:
    result = person(text, name, 0.55)
    NerEvidence(FakeNer(labels), RULE).apply(text, [result])
    assert result.score == pytest.approx(expected)


@pytest.mark.parametrize(
    ("score", "kind"),
    [(0.9, "full_name"), (0.4, "full_name"), (0.55, "single_name")],
)
def test_sure_names_and_single_names_are_not_asked_about(score: float, kind: str) -> None:
    # A lone first name is asked about only next to an initial or a capitalised word.
    name = "Priscilla" if kind == "single_name" else "Priscilla Vane"
    text = f"{name} went home"
    ner = FakeNer({"Priscilla Vane": "ORG", "Priscilla": "ORG"})
    result = person(text, name, score, kind)
    evidence = NerEvidence(ner, RULE)
    evidence.apply(text, [result])
    assert result.score == score
    assert evidence.calls == 0
    assert ner.asked == []


def test_other_recognizers_findings_are_never_moved() -> None:
    text = "NHS 943 476 5919 Cotham Brow"
    nhs = RecognizerResult("UK_NHS", 4, 16, 0.6)
    NerEvidence(FakeNer({"943 476 5919": "ORG"}), RULE).apply(text, [nhs])
    assert nhs.score == 0.6


@pytest.mark.parametrize(
    ("text", "single", "labels", "found"),
    [
        ("baran k had a nightmare", "baran", {"baran k": "PERSON"}, "baran k"),
        (
            "A.M. Fitzgerald back today",
            "Fitzgerald",
            {"A.M. Fitzgerald": "PERSON"},
            "A.M. Fitzgerald",
        ),
        ("Ebo A. is poorly", "Ebo", {"Ebo A.": "PERSON"}, "Ebo A."),
        # Not made of the undecided words, initials and capitalised words only.
        ("gave stan his insulin", "stan", {"gave stan": "PERSON"}, None),
        # One word is not a full name; nor is a label other than PERSON.
        ("kasia n needs slippers", "kasia", {"kasia n": "ORG"}, None),
    ],
)
def test_a_person_entity_completes_a_first_name_and_an_initial(
    text: str, single: str, labels: dict[str, str], found: str | None
) -> None:
    results = [person(text, single, 0.3, "single_name")]
    NerEvidence(FakeNer(labels), RULE).apply(text, results)
    added = [text[r.start : r.end] for r in results[1:]]
    assert added == ([found] if found else [])
    for r in results[1:]:
        assert (r.score, r.recognition_metadata["recognizer_name"]) == (0.6, NAME)


def test_capitalised_pair_no_rule_took_is_asked_about() -> None:
    text = "Grace Hope had a fall in the bathroom"
    ner = FakeNer({"Grace Hope": "PERSON"})
    results: list[RecognizerResult] = []
    NerEvidence(ner, RULE).apply(text, results)
    assert [(text[r.start : r.end], r.score) for r in results] == [("Grace Hope", 0.6)]


def test_a_message_with_nothing_unsure_costs_nothing() -> None:
    ner = FakeNer({})
    evidence = NerEvidence(ner, RULE)
    evidence.apply("Reminder: team meeting on monday at 10am in the training room", [])
    assert evidence.calls == 0


def test_the_ner_reads_a_window_and_offsets_map_back() -> None:
    text = "x" * 300 + " then we saw Dilys Marchbank at the shops " + "y" * 300
    result = person(text, "Dilys Marchbank", 0.55)
    ner = FakeNer({"Dilys Marchbank": "PERSON"})
    NerEvidence(ner, NerRule(window=20)).apply(text, [result])
    assert result.score == pytest.approx(0.75)
    (asked,) = ner.asked
    assert "Dilys Marchbank" in asked
    assert "x" * 300 not in asked
    assert "y" * 300 not in asked


def test_the_window_stays_on_the_line() -> None:
    text = "Visit list\nsaw Dilys Marchbank today\nOther news"
    result = person(text, "Dilys Marchbank", 0.55)
    ner = FakeNer({"Dilys Marchbank": "PERSON"})
    NerEvidence(ner, RULE).apply(text, [result])
    assert ner.asked == ["saw Dilys Marchbank today"]


@pytest.fixture(scope="module")
def ner_detector() -> Detector:
    detector = Detector()
    detector._analysis.evidence = NerEvidence(
        FakeNer({"jo k": "PERSON", "baran k": "PERSON"}), RULE
    )
    return detector


def test_detector_flags_a_completed_name_at_original_offsets(ner_detector: Detector) -> None:
    text = "\u200bjo k from respite today"  # a zero-width space the normaliser drops
    (finding,) = ner_detector.scan(text).findings
    assert (text[finding.start : finding.end], finding.recognizer) == ("jo k", NAME)


def test_detector_without_evidence_does_not_flag_it(detector: Detector) -> None:
    assert detector._analysis.evidence is None
    assert not detector.scan("jo k from respite today").flagged
