"""Cross-validate the person tagger over the synthetic set's TRAINING templates only.

Used to choose rules and training options without looking at the held-out templates that
``careguard eval`` scores. The training templates (``template_id`` mod 3 = 1 or 2) form two
folds by template: train on WNUT-17 train (plus its lower-cased copy), the generated
care-chat sentences and one fold, score PERSON span overlap on the other, and sum::

    python -m nlp.training.cv_person       # about 40 s

Prints precision, recall and F1 per fold and overall (counts only, never text).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from nlp.evaluation.data import Span, read_presidio_synth
from nlp.evaluation.metrics import Counts, span_counts
from nlp.names import load_gazetteer
from nlp.recognizers.person_tagger import PersonTagger
from nlp.training.synth_templates import SYNTH_FILE, tagged_lines
from nlp.training.train_person import export_weights, train, training_sentences

EVAL_DATA = Path(__file__).resolve().parents[1] / "data" / "eval"  # nlp/data/eval/README.md

FOLDS = (1, 2)  # template_id mod 3; 0 is the held-out part, never used here


def cross_validate(data_dir: Path, c1: float = 0.05, c2: float = 0.05) -> list[Counts]:
    """Span-overlap counts of each fold (trained on the other training-template fold)."""
    gaz = load_gazetteer()
    base = training_sentences(data_dir, gaz, 3000, 1, with_templates=False)
    examples = read_presidio_synth(data_dir / SYNTH_FILE)
    results: list[Counts] = []
    for fold in FOLDS:
        train_ex = [ex for ex in examples if ex.template % 3 not in (0, fold)]
        test_ex = [ex for ex in examples if ex.template % 3 == fold]
        sents = base + [s for ex in train_ex for s in tagged_lines(ex)]
        with tempfile.TemporaryDirectory() as tmp:
            crf, weights = Path(tmp) / "m.crfsuite", Path(tmp) / "m.json.gz"
            train(sents, gaz, crf, c1, c2)
            export_weights(crf, weights)
            tagger = PersonTagger(weights)
            counts = Counts()
            for ex in test_ex:
                pred = [Span("PERSON", n.start, n.end) for n in tagger.find(ex.text)]
                counts += span_counts(ex.spans, pred, "PERSON")
        results.append(counts)
    return results


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "eval"
    )
    args = parser.parse_args()
    total = Counts()
    for fold, counts in zip(FOLDS, cross_validate(args.data), strict=True):
        print(f"fold {fold}: {counts.as_dict()}")
        total += counts
    print(f"overall: {total.as_dict()}")


if __name__ == "__main__":
    main()
