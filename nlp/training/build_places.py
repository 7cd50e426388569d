"""Build ``nlp/names/uk_places.txt.gz``: the names of Great Britain's populated places.

Source: Ordnance Survey's OS Open Names (Open Government Licence v3.0; "Contains OS data
© Crown copyright and database right"), as extracted to ``places.csv`` (name, type,
country; every ``populatedPlace``: cities, towns, villages, hamlets, suburban areas) by
briang/british-placenames (Unlicense), commit 2f869bcc887f80bc3cc7cb8644368dae6739a3ed.
The list keeps the folded names only (no type, no location), de-duplicated. Run::

    python -m nlp.training.build_places --csv /path/to/british-placenames/places.csv
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from nlp.names import fold
from nlp.training import write_gzipped

OUT = Path(__file__).resolve().parent.parent / "names" / "uk_places.txt.gz"


def place_names(csv_file: Path) -> list[str]:
    """Folded, de-duplicated place names of the CSV (``name`` column), sorted."""
    with csv_file.open(encoding="utf-8", newline="") as fh:
        names = {" ".join(fold(w) for w in row["name"].split()) for row in csv.DictReader(fh)}
    return sorted(n for n in names if n)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Build the UK place-name list.")
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    names = place_names(args.csv)
    text = "".join(n + "\n" for n in names)
    write_gzipped(args.out, text)
    print(f"{len(names)} place names -> {args.out.name}")


if __name__ == "__main__":
    main()
