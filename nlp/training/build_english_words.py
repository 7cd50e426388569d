"""Build ``nlp/names/english_words.txt.gz``: English words and how common each is.

A lower-case word in no name list may still be a name ("zakariye", "tamador", "nakato
ssempala"): a care provider's caseload has names from everywhere, and no list holds them
all. What tells such a name from a typo'd or rare word is that it is not English. This list
is every English word of wordfreq's large list (https://pypi.org/project/wordfreq/,
Robyn Speer; data CC BY-SA 4.0, see ``nlp/names/english_words.NOTICE.txt``) with a Zipf
frequency of at least `MIN_ZIPF` (about once in ten million words), folded
(:func:`nlp.names.fold`), letters and apostrophes only, each with ten times its Zipf
frequency, rounded down ("moved\t50")::

    python -m pip download --no-deps wordfreq==3.1.1 -d /tmp/wordfreq
    python -m venv /tmp/wfv && /tmp/wfv/bin/pip install /tmp/wordfreq/wordfreq-*.whl
    PYTHONPATH=. /tmp/wfv/bin/python -m nlp.training.build_english_words

The output is sorted and gzipped with a fixed mtime, so a rerun is byte-identical.
"""

from __future__ import annotations

import argparse
import importlib
import re
from pathlib import Path

from nlp.names import fold
from nlp.training import write_gzipped

OUT = Path(__file__).resolve().parent.parent / "names" / "english_words.txt.gz"
# Zipf 2.0 is once per ten million words: "commode", "brolly", "dosette"-rare words stay in
# (2.3, 2.06); most names of few English speakers fall below ("tamador" 0, "folake" 1.0).
MIN_ZIPF = 2.0
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def english_words(min_zipf: float = MIN_ZIPF) -> dict[str, int]:
    """Folded English words of wordfreq's large list at ``min_zipf`` or more, with ten
    times their Zipf frequency (the highest of a folded key's spellings)."""
    wordfreq = importlib.import_module("wordfreq")
    out: dict[str, int] = {}
    for word in wordfreq.iter_wordlist("en", "large"):
        zipf = wordfreq.zipf_frequency(word, "en", "large")
        if zipf < min_zipf:
            break  # the list is in descending frequency
        key = fold(word)
        if _WORD.fullmatch(key):
            out.setdefault(key, int(zipf * 10))
    return out


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Build the English word list.")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-zipf", type=float, default=MIN_ZIPF)
    args = parser.parse_args()
    words = english_words(args.min_zipf)
    text = "".join(f"{w}\t{words[w]}\n" for w in sorted(words))
    write_gzipped(args.out, text)
    print(f"{len(words)} words -> {args.out.name}")


if __name__ == "__main__":
    main()
