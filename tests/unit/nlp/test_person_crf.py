"""The plain-Python CRF scorer gives crfsuite's own marginals for the same model."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.names import load_gazetteer
from nlp.recognizers.person_crf import CrfModel
from nlp.recognizers.person_features import sentence_features
from nlp.training.synth_chat import generate
from nlp.training.train_person import export_weights, train


def test_marginals_match_crfsuite(tmp_path: Path) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    gaz = load_gazetteer()
    sentences = generate(gaz, 300, seed=5)
    model_file = tmp_path / "tiny.crfsuite"
    train(sentences, gaz, model_file, c1=0.05, c2=0.05)
    export = tmp_path / "tiny.json.gz"
    export_weights(model_file, export)
    ours = CrfModel.load(export)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_file))
    for words in (
        ["Mrs", "Patterson", "had", "a", "fall"],
        ["thanks", "betty", "kowalczyk", "'s", "daughter", "!"],
        ["Will", "do"],
        ["CP-10423"],
    ):
        tagger.set(sentence_features(words, gaz))
        got = ours.marginals([ours.word(w, gaz) for w in words])
        for i, row in enumerate(got):
            for k, label in enumerate(("O", "B", "I")):
                assert row[k] == pytest.approx(tagger.marginal(label, i), abs=1e-4)


def test_unreadable_export_is_refused(tmp_path: Path) -> None:
    from nlp.errors import DetectorError

    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"\x1f\x8bnot really gzip")
    with pytest.raises(DetectorError, match="unreadable"):
        CrfModel.load(bad)
