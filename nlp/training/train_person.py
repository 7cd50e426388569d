"""Train the person tagger: a linear-chain CRF (python-crfsuite) over hand-made features.

Reproducible: fixed data (WNUT-17 train, CC BY 4.0; generated sentences from
``nlp.training.synth_chat``; the training templates of Presidio's synthetic set, MIT, via
``nlp.training.synth_templates`` -- its held-out templates are never trained on), fixed
seed, deterministic L-BFGS training::

    python -m nlp.training.train_person

writes ``nlp/models/person_crf.json.gz`` (the CRF's weights, read at run time by
`nlp.recognizers.person_crf`). WNUT-17 dev is used only to print the figure the
hyper-parameters were chosen on; it is never trained on.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from nlp.evaluation.data import read_conll
from nlp.names import Gazetteer, load_gazetteer
from nlp.recognizers.person_features import sentence_features
from nlp.training import write_gzipped
from nlp.training.synth_chat import generate
from nlp.training.synth_templates import training_template_sentences

EVAL_DATA = Path(__file__).resolve().parents[1] / "data" / "eval"  # nlp/data/eval/README.md

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "person_crf.json.gz"


def _bio(tag: str) -> str:
    if tag.endswith("-person"):
        return tag[0]
    return "O"


def training_sentences(
    data_dir: Path, gaz: Gazetteer, n_synth: int, lower_every: int, with_templates: bool = True
) -> list[list[tuple[str, str]]]:
    """WNUT-17 train (person tags as B/I/O), generated care-chat sentences and the synthetic
    set's training templates.

    Every ``lower_every``-th WNUT sentence is added a second time in lower case: chat names
    are often typed in lower case, which WNUT-17 train has few of (case augmentation).
    """
    wnut = read_conll(data_dir / "wnut17" / "wnut17train.conll")
    sents = [[(w, _bio(t)) for w, t in s] for s in wnut]
    if lower_every > 0:
        sents += [[(w.lower(), t) for w, t in s] for s in sents[::lower_every]]
    sents += generate(gaz, n_synth)
    return sents + training_template_sentences(data_dir) if with_templates else sents


def train(
    sents: list[list[tuple[str, str]]], gaz: Gazetteer, out: Path, c1: float, c2: float
) -> None:
    """Fit the CRF and write the model file."""
    import pycrfsuite  # type: ignore[import-untyped]

    trainer = pycrfsuite.Trainer(verbose=False)
    cache: dict[str, tuple[str, ...]] = {}
    for sent in sents:
        words = [w for w, _ in sent]
        trainer.append(sentence_features(words, gaz, cache), [t for _, t in sent])
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": 200,
            "feature.possible_transitions": True,
            "feature.minfreq": 2,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def dev_token_f1(model: Path, data_dir: Path, gaz: Gazetteer) -> tuple[float, float, float]:
    """Token-level precision/recall/F1 of person tokens on WNUT-17 dev (Viterbi tags)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    tp = fp = fn = 0
    for sent in read_conll(data_dir / "wnut17" / "emerging.dev.conll"):
        pred = tagger.tag(sentence_features([w for w, _ in sent], gaz))
        for (_, gold), p in zip(sent, pred, strict=True):
            g = _bio(gold) != "O"
            q = p != "O"
            tp += g and q
            fp += q and not g
            fn += g and not q
    prec = tp / max(tp + fp, 1)
    rec = tp / max(tp + fn, 1)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-9)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Train the person tagger model.")
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "eval"
    )
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--synthetic", type=int, default=3000)
    parser.add_argument("--lower-every", type=int, default=1)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.05)
    args = parser.parse_args()
    gaz = load_gazetteer()
    sents = training_sentences(args.data, gaz, args.synthetic, args.lower_every)
    with tempfile.TemporaryDirectory() as tmp:
        crfsuite_model = Path(tmp) / "person.crfsuite"
        train(sents, gaz, crfsuite_model, args.c1, args.c2)
        prec, rec, f1 = dev_token_f1(crfsuite_model, args.data, gaz)
        export_weights(crfsuite_model, args.out)
    size = args.out.stat().st_size
    print(f"model {args.out.name}: {size / 1e6:.2f} MB; WNUT-17 dev person tokens")
    print(f"  precision {prec:.3f} recall {rec:.3f} F1 {f1:.3f}")


def export_weights(model: Path, out: Path) -> None:
    """Write the CRF's weights as gzip JSON for `nlp.recognizers.person_crf.CrfModel`."""
    import json

    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    info = tagger.info()
    labels = ("O", "B", "I")
    state: dict[str, list[float]] = {}
    for (attr, label), weight in sorted(info.state_features.items()):
        state.setdefault(attr, [0.0, 0.0, 0.0])[labels.index(label)] = round(weight, 6)
    trans = [[round(info.transitions.get((a, b), 0.0), 6) for b in labels] for a in labels]
    text = json.dumps({"labels": labels, "state": state, "transitions": trans}, sort_keys=True)
    write_gzipped(out, text)


if __name__ == "__main__":
    main()
