"""Build ``nlp/names/wiktionary_first_names.txt.gz`` and ``wiktionary_surnames.txt.gz``.

Source: Wiktionary's categories of given names and surnames by language (English Wiktionary,
CC BY-SA 4.0), as collected in jgwoolley/Names-by-Culture (Apache-2.0; commit
81e3c9d22a04b6c47d65e7a8d07f5e3b1d6e089b, files ``pages/<language>/given_names.csv`` and
``surnames.csv``, column ``name``). Only the languages of `LANGUAGES` are read: those of the
communities a UK care caseload comes from that the census and Faker lists cover thinly
(Welsh, Gaelic, Yoruba, Hausa, Bengali, Persian, Turkish ...). Names are folded
(:func:`nlp.names.fold`), split into words and kept when written in Latin letters, at least
three long, and not everyday English (wordfreq Zipf x 10 under `EVERYDAY_ENGLISH`, from the
shipped English word list)::

    python -m nlp.training.build_wiktionary_names --dir /path/to/Names-by-Culture
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from nlp.names import EVERYDAY_ENGLISH, fold, load_gazetteer
from nlp.training import write_gzipped
from nlp.training.build_world_names import OUT_DIR, PARTICLES, WORD

LANGUAGES = (
    *("cym", "gla", "gle", "cor"),  # Welsh, Scottish Gaelic, Irish, Cornish
    *("ara", "som", "amh", "yor", "ibo", "hau", "aka", "swa", "syr"),
    *("ben", "pan", "urd", "hin", "guj", "tam", "mal", "fas", "kur", "tur"),
    *("lit", "lav", "slk", "ces", "hun", "bul", "ukr", "sqi", "ell", "ron"),
    *("vie", "tha", "zho", "tgl"),
)
MIN_LENGTH = 3


def names_in(files: list[Path], english: dict[str, int]) -> list[str]:
    """The folded name words of the ``name`` column of ``files``, filtered (see above)."""
    words: set[str] = set()
    for path in files:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for part in fold(row["name"]).split():
                    if (
                        WORD.fullmatch(part)
                        and len(part) >= MIN_LENGTH
                        and part not in PARTICLES
                        and english.get(part, 0) < EVERYDAY_ENGLISH
                    ):
                        words.add(part)
    return sorted(words)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Build the Wiktionary name lists.")
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    english = load_gazetteer().english
    pages = args.dir / "pages"
    first = names_in([pages / lang / "given_names.csv" for lang in LANGUAGES], english)
    last = names_in([pages / lang / "surnames.csv" for lang in LANGUAGES], english)
    for name, words in (("first_names", first), ("surnames", last)):
        write_gzipped(args.out_dir / f"wiktionary_{name}.txt.gz", "".join(w + "\n" for w in words))
    print(f"{len(first)} given names, {len(last)} family names")


if __name__ == "__main__":
    main()
