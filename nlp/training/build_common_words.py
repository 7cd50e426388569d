"""Build ``nlp/names/common_words.txt.gz``: words seen in lower case, outside any entity,
at least twice in WNUT-17 train (CC BY 4.0, Derczynski et al. 2017).

A lower-case word that people use as an ordinary word ("will", "brain", "major") is weak
evidence of a name even when a census list holds it. Run::

    python -m nlp.training.build_common_words
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from nlp.evaluation.data import read_conll
from nlp.names import fold
from nlp.training import write_gzipped

EVAL_DATA = Path(__file__).resolve().parents[1] / "data" / "eval"  # nlp/data/eval/README.md

OUT = Path(__file__).resolve().parent.parent / "names" / "common_words.txt.gz"
MIN_COUNT = 2


def common_words(train_file: Path) -> list[str]:
    """Folded lower-case non-entity words of the training file, seen ``MIN_COUNT``+ times."""
    counts = Counter(
        fold(word)
        for sentence in read_conll(train_file)
        for word, tag in sentence
        if tag == "O" and word.islower() and word.isalpha()
    )
    return sorted(w for w, c in counts.items() if c >= MIN_COUNT)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Build the common-words list.")
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "eval"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    words = common_words(args.data / "wnut17" / "wnut17train.conll")
    text = "".join(w + "\n" for w in words)
    write_gzipped(args.out, text)
    print(f"{len(words)} words -> {args.out.name}")


if __name__ == "__main__":
    main()
