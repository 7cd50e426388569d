"""Build ``nlp/names/faker_first_names.txt.gz`` and ``faker_surnames.txt.gz`` from Faker.

Faker (MIT licence, https://pypi.org/project/Faker/) ships per-locale person-name lists
(``faker/providers/person/<locale>/__init__.py``): given names and family names for some
eighty locales, from Icelandic and Hungarian to Yoruba, Hindi and Japanese (romanised).
They widen the census lists to the many communities a UK care workforce serves. Only the
name strings are used, folded (:func:`nlp.names.fold`) and kept when they are written in
Latin letters (names in other scripts cannot match the folded keys anyway)::

    python -m pip download --no-deps faker==40.54.0 -d /tmp/faker
    python -m venv /tmp/fv && /tmp/fv/bin/pip install --no-deps /tmp/faker/faker-*.whl
    /tmp/fv/bin/python -m nlp.training.build_faker_names   # run from the repository root

The output is sorted and gzipped with a fixed mtime, so a rerun is byte-identical.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nlp.names import fold
from nlp.training import write_gzipped

OUT_DIR = Path(__file__).resolve().parent.parent / "names"
FIRST_ATTRS = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_names_nonbinary",
    "first_romanized_names",
    "middle_names",
)
LAST_ATTRS = ("last_names", "last_romanized_names", "last_names_without_suffix")
# One folded word: letters, optionally joined by a hyphen or apostrophe ("o'neill").
_NAME_RE = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def _strings(value: Any) -> Iterable[str]:
    """Faker stores names as tuples, lists or weighted dicts (name -> weight)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from (k for k in value if isinstance(k, str))
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


def _collect(provider: type, attrs: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for attr in attrs:
        for name in _strings(getattr(provider, attr, ())):
            key = fold(name.strip())
            if len(key) >= 2 and _NAME_RE.fullmatch(key):
                found.add(key)
    return found


def collect_names() -> tuple[set[str], set[str]]:
    """Folded given names and family names over every Faker person locale."""
    package = importlib.import_module("faker.providers.person")
    first: set[str] = set()
    last: set[str] = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"faker.providers.person.{info.name}")
        provider = getattr(module, "Provider", None)
        if provider is None:
            continue
        first |= _collect(provider, FIRST_ATTRS)
        last |= _collect(provider, LAST_ATTRS)
    return first, last


def _write(words: set[str], path: Path) -> None:
    text = "".join(f"{w}\n" for w in sorted(words))
    write_gzipped(path, text)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    first, last = collect_names()
    _write(first, args.out_dir / "faker_first_names.txt.gz")
    _write(last, args.out_dir / "faker_surnames.txt.gz")
    print(f"{len(first)} given names, {len(last)} family names")


if __name__ == "__main__":
    main()
