"""Reproducible build scripts for the shipped name lists and the person tagger model."""

from __future__ import annotations

import gzip
from pathlib import Path


def write_gzipped(path: Path, text: str) -> None:
    """Write ``text`` gzipped with a fixed mtime, so a rebuild is byte-identical."""
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
