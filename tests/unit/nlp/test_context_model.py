"""The learnt reading of a first name's sentence (`nlp.recognizers.person_context_model`),
its training script, and what it decides inside the detector. Invented names only."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest

from nlp.detector import Detector
from nlp.errors import DetectorError
from nlp.recognizers.person import PersonRecognizer
from nlp.recognizers.person_context_model import ContextModel, shipped_model_path
from nlp.training import train_context
from tests.unit.nlp.conftest import people


def _write(path: Path, data: object) -> Path:
    path.write_bytes(gzip.compress(json.dumps(data).encode("utf-8")))
    return path


def test_the_shipped_model_loads_and_its_decision_is_its_probability() -> None:
    model = ContextModel.load()
    assert shipped_model_path().is_file()
    assert len(model.weights) > 1000
    assert 0 < model.threshold < 1
    feats = ["ev:pronoun", "ev:care", "sa:meds", "pv:<s>", "len:1", "shape:cap"]
    p = model.probability(feats)
    assert math.isclose(p, 1 / (1 + math.exp(-model.logit(feats))))
    assert model.is_client(feats) == (p > model.threshold)
    # Evidence of care about the word weighs for it; being spoken to weighs against it.
    assert model.weights["ev:pronoun"] > 0 > model.weights["ev:addressed"]


def test_a_missing_or_broken_model_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DetectorError, match=r"context model file not found: none\.json\.gz"):
        ContextModel.load(tmp_path / "none.json.gz")
    (tmp_path / "junk.json.gz").write_bytes(b"not gzip")
    with pytest.raises(DetectorError, match=r"unreadable: junk\.json\.gz"):
        ContextModel.load(tmp_path / "junk.json.gz")
    no_bias = _write(tmp_path / "no_bias.json.gz", {"weights": {}, "threshold": 0.4})
    with pytest.raises(DetectorError, match=r"unreadable: no_bias\.json\.gz"):
        ContextModel.load(no_bias)
    wild = _write(tmp_path / "wild.json.gz", {"weights": {}, "bias": 0, "threshold": 1.5})
    with pytest.raises(DetectorError, match="threshold out of range"):
        ContextModel.load(wild)


def test_the_fit_learns_the_labels_and_is_deterministic() -> None:
    data = [
        *[("s1", frozenset({"ev:pronoun", "sa:meds", f"n{i % 3}"}), True) for i in range(30)],
        *[("s2", frozenset({"ev:addressed", "sa:rota", f"n{i % 3}"}), False) for i in range(30)],
    ]
    weights, bias = train_context.fit(data)
    assert weights == train_context.fit(data)[0]
    model = ContextModel(weights, bias, train_context.THRESHOLD)
    assert model.is_client({"ev:pronoun", "sa:meds"})
    assert not model.is_client({"ev:addressed", "sa:rota"})
    assert weights["ev:pronoun"] > 0 > weights["ev:addressed"]
    cv = train_context.cross_validate(data + [("s3", d[1], d[2]) for d in data], folds=3)
    assert cv["readings"] == 120
    assert cv["precision"] > 0.9
    assert cv["recall"] > 0.9


def test_readings_carry_the_features_the_model_weighs() -> None:
    recognizer = PersonRecognizer()
    recognizer.load()
    (reading,) = recognizer.context_readings("Femi is being picked on on the school bus.")
    assert {"ev:undergoes", "pv:<s>", "nx:is", "sa:school", "open", "len:1"} <= reading.features
    assert {"shape:cap", "msg:school"} <= reading.features


def test_the_recognizer_reads_the_weights_file_it_is_given(tmp_path: Path) -> None:
    never = _write(tmp_path / "never.json.gz", {"weights": {}, "bias": -50, "threshold": 0.4})
    text = "Femi is being picked on on the school bus, SW needs telling, he was upset"
    shipped = PersonRecognizer()
    shipped.load()
    assert [text[r.start : r.end] for r in shipped.analyze(text, ["PERSON"]) if r.score > 0.5] == [
        "Femi"
    ]
    muted = PersonRecognizer(context_model_path=str(never))
    muted.load()
    assert [r for r in muted.analyze(text, ["PERSON"]) if r.score > 0.5] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A young person's first name with what happens to them, no care word needed.
        ("Clement wants his dominoes set out ready for when his brother visits", "Clement"),
        ("mohsin back from contact at 7, quiet but ok, ate his tea", "mohsin"),
        ("Norma's grabber has snapped, can someone get one from the mobility shop", "Norma"),
        # An everyday word typed as a name in lower case, said of what a client goes through.
        ("joy cried when i left, said nobody comes anymore, can we add a sitting call", "joy"),
    ],
)
def test_first_names_the_learnt_reading_makes_clients(
    detector: Detector, text: str, name: str
) -> None:
    assert name in people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks Kasia, that's the rota sorted for next week",
        "hi femi can u do the 4pm call at Mill Lane tomorrow",
        "Shona is covering the Tuesday lates, swap approved",
        "joy to the world, the boiler at the office is fixed",
    ],
)
def test_colleagues_and_words_stay_clean(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


def test_the_learnt_reading_of_full_names_ships_and_reads_work() -> None:
    recognizer = PersonRecognizer()
    recognizer.load()
    model = recognizer.full_name_model
    assert isinstance(model, ContextModel)
    text = "Can Samuel Cole please ring the office when he gets a minute, his timesheet is missing"
    (reading,) = recognizer.full_name_readings(text)
    assert text[reading.start : reading.end] == "Samuel Cole"
    assert "staff" in reading.evidence
    assert not model.is_client(reading.features)
    cared = recognizer.full_name_readings("Samuel Cole needs his tablets at 6, blister pack")
    assert model.is_client(cared[0].features)


@pytest.mark.parametrize(
    "text",
    [
        # Work words the hand reading lets pass because a care word is in the sentence too.
        "Can Samuel Cole please ring the office when he gets a minute, his timesheet is missing",
        "Euan Robertson and Nadia Shami are this month's carers of the month!",
    ],
)
def test_colleagues_named_in_full_with_work_stay_clean(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Said of nothing, or of what happens to them: a full name is flagged.
        "her name is Wilhelmina Quarrie",
        "URGENT DOREEN FAIRCLOUGH HAS FALLEN",
    ],
)
def test_full_names_said_of_no_work_are_flagged(detector: Detector, text: str) -> None:
    assert people(detector, text)


def test_training_reads_only_development_rows_with_their_gold_spans() -> None:
    lone = train_context.examples(("c",))
    full = train_context.examples(("c",), full_names=True)
    assert {name for name, _, _ in lone + full} == {"c"}
    assert any(label for _, _, label in lone)
    assert any(not label for _, _, label in lone)
    assert sum(label for _, _, label in full) > len(full) / 2  # most full names are clients'
    # A set written after the last change has no development rows: nothing is read.
    assert train_context.examples(("bf",)) == []
