"""A deterministic stand-in for the detector: fixed patterns, real offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "whatsapp"

_PATTERNS = (
    ("UK_NHS", re.compile(r"\b\d{3} \d{3} \d{4}\b")),
    ("UK_POSTCODE", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")),
    ("PERSON", re.compile(r"\b(?:Margaret Hollis|Arthur Penhale|Edna Vosper)\b")),
)


@dataclass(frozen=True, slots=True)
class FakeFinding:
    entity_type: str
    start: int
    end: int
    score: float = 1.0
    recognizer: str = "fake"


@dataclass(frozen=True, slots=True)
class FakeResult:
    flagged: bool
    findings: tuple[FakeFinding, ...]


class RegexScanner:
    """Flags invented client names, NHS-number-shaped and postcode-shaped text."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def scan(self, text: str) -> FakeResult:
        found = tuple(
            FakeFinding(kind, m.start(), m.end())
            for kind, pattern in _PATTERNS
            for m in pattern.finditer(text)
        )
        return FakeResult(flagged=bool(found), findings=found)

    def scan_many(self, texts: Iterable[str]) -> list[FakeResult]:
        batch = list(texts)
        self.calls.append(len(batch))
        return [self.scan(t) for t in batch]


def regex_scanner_factory(fail: bool = False) -> RegexScanner:
    """A picklable factory for worker processes; ``fail`` simulates a detector that cannot start."""
    if fail:
        raise OSError("roster unreadable")
    return RegexScanner()
