"""A named spaCy pipeline (a directory here, as no pretrained one is installable) adds its NER."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from nlp.detector import Detector, DetectorConfig


@spacy.Language.component("test_fixed_person")
def _fixed_person(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
    """Stands in for a trained NER: marks "Quenby" as PERSON and "Leeds" as GPE."""
    ents = []
    for token in doc:
        if token.text in ("Quenby", "Leeds"):
            label = "PERSON" if token.text == "Quenby" else "GPE"
            ents.append(Span(doc, token.i, token.i + 1, label=label))
    doc.ents = ents
    return doc


@pytest.fixture(scope="module")
def ner_detector(tmp_path_factory: pytest.TempPathFactory) -> Detector:
    nlp = spacy.blank("en")
    nlp.add_pipe("test_fixed_person", name="ner")
    path = tmp_path_factory.mktemp("pipeline") / "en_test_ner"
    nlp.to_disk(path)
    return Detector(DetectorConfig(spacy_model=str(path)))


def test_pipeline_ner_adds_person_but_not_places(ner_detector: Detector) -> None:
    text = "Took Quenby to Leeds"
    findings = ner_detector.scan(text).findings
    assert [(f.entity_type, text[f.start : f.end], f.recognizer) for f in findings] == [
        ("PERSON", "Quenby", "SpacyPersonRecognizer")
    ]


def test_pattern_recognizers_still_work_with_a_pipeline(ner_detector: Detector) -> None:
    assert ner_detector.scan("NHS 943 476 5919").flagged
    assert "SpacyPersonRecognizer" in ner_detector.recognizer_names


def test_default_detector_has_no_ner(detector: Detector) -> None:
    assert "SpacyPersonRecognizer" not in detector.recognizer_names
