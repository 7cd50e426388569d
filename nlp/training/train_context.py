"""Fit the learnt reading of a first name's sentence (`nlp.recognizers.person_context_model`).

Reproducible: the data are the development parts of the shipped care-chat sets (every row
with ``"part": "dev"`` and gold spans of `nlp.evaluation.scoring.PARTED_SETS`; holdout rows
are never read),
the fit is deterministic (full-batch AdaGrad on an L2-penalised logistic loss, fixed steps)::

    python -m nlp.training.train_context [--folds 5]

writes ``nlp/models/person_context.json.gz``. Each example is one reading of the person
recognizer (`PersonRecognizer.context_readings`: a given name alone or with a surname that no
other rule flagged), labelled a client's when it overlaps a PERSON span of the set's gold
labels. ``--folds N`` first prints grouped cross-validation figures (whole sets held out per
fold) for the readings, the figure the hyper-parameters were chosen on.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp.evaluation.scoring import PARTED_SETS, care_chat_path
from nlp.recognizers.person import PersonRecognizer
from nlp.recognizers.person_context_model import ContextModel
from nlp.training import write_gzipped

MODELS = Path(__file__).resolve().parent.parent / "models"
MODEL_PATH = MODELS / "person_context.json.gz"
FULL_NAME_MODEL_PATH = MODELS / "person_full_name.json.gz"
L2 = 3e-4
THRESHOLD = 0.4
# A full name is read as a colleague's (or a place's) only below this probability: chosen on
# two-fold cross-validation by set, where 0.25 dropped 23 more false alarms for 18 more
# misses and 0.4 dropped 30 for 37.
FULL_NAME_THRESHOLD = 0.25
MIN_COUNT = 3
STEPS = 600
RATE = 0.5

Example = tuple[str, frozenset[str], bool]  # set name, features, a client's name


def examples(sets: Sequence[str] = PARTED_SETS, full_names: bool = False) -> list[Example]:
    """Every reading of the development rows of ``sets``, with its gold label: of lone names
    and pairs the other rules leave (`PersonRecognizer.context_readings`), or of the full
    names the tagger finds (``full_names``, `PersonRecognizer.full_name_readings`)."""
    recognizer = PersonRecognizer()
    recognizer.load()
    out: list[Example] = []
    for name in sets:
        lines = care_chat_path(f"care_chat_{name}.jsonl").read_text(encoding="utf-8")
        for row in (json.loads(line) for line in lines.splitlines() if line.strip()):
            if row.get("part") != "dev" or "spans" not in row:
                continue  # holdout rows, and set B's (labelled by message only)
            gold = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "PERSON"]
            read = recognizer.full_name_readings if full_names else recognizer.context_readings
            for r in read(row["text"]):
                client = any(a < r.end and r.start < b for a, b in gold)
                out.append((name, r.features, client))
    return out


def fit(data: Sequence[Example], l2: float = L2) -> tuple[dict[str, float], float]:
    """Feature weights and bias of an L2-penalised logistic regression (features seen at
    least `MIN_COUNT` times)."""
    counts = Counter(f for _, feats, _ in data for f in feats)
    vocab = {f: j for j, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    rows: list[int] = []
    cols: list[int] = []
    for n, (_, feats, _) in enumerate(data):
        for f in feats:
            if f in vocab:
                rows.append(n)
                cols.append(vocab[f])
    r, c = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    y = np.array([1.0 if label else 0.0 for _, _, label in data])
    w = np.zeros(len(vocab))
    bias = 0.0
    w_sq = np.zeros(len(vocab))
    bias_sq = 0.0
    for _ in range(STEPS):
        z = bias + np.bincount(r, weights=w[c], minlength=len(y))
        err = 1.0 / (1.0 + np.exp(-z)) - y
        grad = np.bincount(c, weights=err[r], minlength=len(vocab)) / len(y) + l2 * w
        grad_bias = float(err.mean())
        w_sq += grad * grad
        bias_sq += grad_bias * grad_bias
        w -= RATE * grad / np.sqrt(w_sq + 1e-8)
        bias -= RATE * grad_bias / (bias_sq + 1e-8) ** 0.5
    weights = {f: round(float(w[j]), 4) for f, j in vocab.items() if abs(w[j]) >= 1e-4}
    return weights, round(bias, 4)


def cross_validate(
    data: Sequence[Example], folds: int, l2: float = L2, threshold: float = THRESHOLD
) -> dict[str, float]:
    """Readings' precision and recall at ``threshold``, each fold holding whole sets out."""
    names = sorted({name for name, _, _ in data})
    tp = fp = fn = 0
    for k in range(folds):
        held = set(names[k::folds])
        model = ContextModel(*fit([e for e in data if e[0] not in held], l2), threshold)
        for name, feats, label in data:
            if name in held:
                said = model.is_client(feats)
                tp += said and label
                fp += said and not label
                fn += label and not said
    return {
        "precision": round(tp / max(tp + fp, 1), 4),
        "recall": round(tp / max(tp + fn, 1), 4),
        "readings": len(data),
    }


def _train(data: list[Example], folds: int, out: Path, what: str, threshold: float) -> None:
    clients = sum(label for _, _, label in data)
    print(f"{what}: {len(data)} readings ({clients} clients' names) from the development sets")
    if folds > 1:
        figures = cross_validate(data, folds, threshold=threshold)
        print("  grouped cross-validation:", json.dumps(figures))
    weights, bias = fit(data)
    model = {"weights": dict(sorted(weights.items())), "bias": bias, "threshold": threshold}
    write_gzipped(out, json.dumps(model, ensure_ascii=False, separators=(",", ":")))
    print(f"  wrote {out} ({len(weights)} weights)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=0, help="print grouped CV figures first")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--full-name-out", type=Path, default=FULL_NAME_MODEL_PATH)
    args = parser.parse_args(argv)
    _train(examples(), args.folds, args.out, "lone names and pairs", THRESHOLD)
    full = examples(full_names=True)
    _train(full, args.folds, args.full_name_out, "full names", FULL_NAME_THRESHOLD)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
