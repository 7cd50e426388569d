"""The synthetic set's template split: the tagger never trains on a held-out template."""

from __future__ import annotations

import json
from pathlib import Path

from nlp.evaluation.data import is_held_out, read_presidio_synth, split_presidio_synth
from nlp.training.synth_templates import training_template_sentences


def _row(text: str, template: int, name: str) -> dict[str, object]:
    start = text.index(name)
    span = {"entity_type": "PERSON", "start_position": start, "end_position": start + len(name)}
    return {"full_text": text, "template_id": template, "spans": [span]}


def _write(tmp_path: Path) -> Path:
    rows = [
        _row("I met Ruth Pennycook today", 3, "Ruth Pennycook"),
        _row("Ask Odile Varga\nabout it", 4, "Odile Varga"),
        _row("Tell Bram Okafor now", 5, "Bram Okafor"),
    ]
    (tmp_path / "presidio_synth_v2.json").write_text(json.dumps(rows), encoding="utf-8")
    return tmp_path


def test_split_is_by_template_and_disjoint(tmp_path: Path) -> None:
    examples = read_presidio_synth(_write(tmp_path) / "presidio_synth_v2.json")
    train, held_out = split_presidio_synth(examples)
    assert [ex.template for ex in held_out] == [3]
    assert [ex.template for ex in train] == [4, 5]
    assert all(is_held_out(ex) for ex in held_out)
    assert not {ex.template for ex in train} & {ex.template for ex in held_out}


def test_training_sentences_come_only_from_training_templates(tmp_path: Path) -> None:
    sents = training_template_sentences(_write(tmp_path))
    words = {w for sent in sents for w, _ in sent}
    assert "Pennycook" not in words  # held-out template
    assert sents[0] == [("Ask", "O"), ("Odile", "B"), ("Varga", "I")]
    assert sents[1] == [("about", "O"), ("it", "O")]  # split at the line break
    assert [t for _, t in sents[2]] == ["O", "B", "I", "O"]
