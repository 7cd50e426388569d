"""Build ``nlp/names/world_first_names.txt.gz`` and ``world_surnames.txt.gz``.

Source: sigpwned/popular-names-by-country-dataset (CC0 1.0; commit
eb62e13d4d62dd96cdfae79d293a02066352205f): the most common given names of 106 countries
and family names of 75, from Wikipedia's lists of most common names (July 2023), with a
romanised form for names in other scripts (Vietnam, Sri Lanka, Iran, Iraq, Pakistan,
Bangladesh, Nepal, India ...). Only the romanised column is used, folded
(:func:`nlp.names.fold`), split into words, and kept when written in Latin letters::

    python -m nlp.training.build_world_names --dir /path/to/popular-names-by-country-dataset
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

from nlp.names import fold
from nlp.training import write_gzipped

OUT_DIR = Path(__file__).resolve().parent.parent / "names"
WORD = re.compile(r"[a-z]+(?:['\-][a-z]+)*")
# Particles of multi-word names ("de Silva", "bin Ali"), not names on their own.
PARTICLES = frozenset(
    [
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "van",
        "von",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
    ]
)


def romanised_words(csv_file: Path) -> list[str]:
    """The folded words of the "Romanized Name" column, de-duplicated and sorted."""
    words: set[str] = set()
    with csv_file.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            for part in fold(row["Romanized Name"]).split():
                if WORD.fullmatch(part) and len(part) > 1 and part not in PARTICLES:
                    words.add(part)
    return sorted(words)


def _write(path: Path, words: list[str]) -> None:
    text = "".join(w + "\n" for w in words)
    write_gzipped(path, text)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Build the world name lists.")
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    first = romanised_words(args.dir / "common-forenames-by-country.csv")
    last = romanised_words(args.dir / "common-surnames-by-country.csv")
    _write(args.out_dir / "world_first_names.txt.gz", first)
    _write(args.out_dir / "world_surnames.txt.gz", last)
    print(f"{len(first)} given names, {len(last)} family names")


if __name__ == "__main__":
    main()
