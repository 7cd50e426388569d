"""UK identifier table: generated from the official formats, plus look-alikes.

Positives: NHS numbers valid by the mod-11 checksum, National Insurance numbers allowed by
HMRC's prefix rules, postcodes in every Royal Mail format (and GIR 0AA), and phone numbers
from Ofcom's ranges reserved for drama, each written several ways and embedded in chat.
Look-alikes, none of which may be flagged: NHS numbers with a bad check digit, NINOs with a
forbidden letter or prefix, postcode-shaped strings with forbidden letters, care-plan
references, police and incident references, ordinary dates and times.
`evaluate_uk_identifiers` scores the detector (and optionally stock Presidio) on the table.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from nlp.evaluation.uk_table_data import (
    LOOKALIKE_TEMPLATES,
    POSITIVE_TEMPLATES,
    lookalike_values,
    nhs_numbers,
    ninos,
    phones,
    postcodes,
)


@dataclass(frozen=True, slots=True)
class Case:
    """One table row: a message and where the identifier sits (None for a look-alike)."""

    text: str
    entity_type: str | None
    start: int
    end: int
    kind: str


def _embed(rng: random.Random, value: str, entity_type: str) -> Case:
    before, after = rng.choice(POSITIVE_TEMPLATES[entity_type])
    text = before + value + after
    return Case(text, entity_type, len(before), len(before) + len(value), entity_type)


def build_table(seed: int = 2024, per_entity: int = 200) -> list[Case]:
    """The full table, reproducible from ``seed``."""
    rng = random.Random(seed)
    cases: list[Case] = []
    generators: dict[str, Callable[[random.Random, int], list[str]]] = {
        "UK_NHS": nhs_numbers,
        "UK_NINO": ninos,
        "UK_POSTCODE": postcodes,
        "PHONE_NUMBER": phones,
    }
    for entity_type, generate in generators.items():
        cases.extend(_embed(rng, v, entity_type) for v in generate(rng, per_entity))
    for kind, value in lookalike_values(rng, per_entity):
        template = rng.choice(LOOKALIKE_TEMPLATES)
        cases.append(Case(template.format(value), None, 0, 0, kind))
    return cases


Scan = Callable[[str], list[tuple[str, int, int]]]


def _score(cases: list[Case], scan: Scan) -> dict[str, Any]:
    per_type: dict[str, dict[str, float]] = {}
    lookalike_fp: dict[str, int] = {}
    lookalikes = 0
    for case in cases:
        found = scan(case.text)
        if case.entity_type is None:
            lookalikes += 1
            if found:
                lookalike_fp[case.kind] = lookalike_fp.get(case.kind, 0) + 1
            continue
        row = per_type.setdefault(case.entity_type, {"cases": 0, "found": 0})
        row["cases"] += 1
        if any(t == case.entity_type and s < case.end and e > case.start for t, s, e in found):
            row["found"] += 1
    for row in per_type.values():
        row["recall"] = round(row["found"] / row["cases"], 4)
    positives = sum(r["cases"] for r in per_type.values())
    found_all = sum(r["found"] for r in per_type.values())
    return {
        "recall": round(found_all / positives, 4),
        "per_entity": per_type,
        "lookalikes": lookalikes,
        "lookalike_false_positives": sum(lookalike_fp.values()),
        "false_positives_by_kind": lookalike_fp,
    }


def _detector_scan(detector: Any) -> Scan:
    def scan(text: str) -> list[tuple[str, int, int]]:
        return [(f.entity_type, f.start, f.end) for f in detector.scan(text).findings]

    return scan


def _stock_scan(threshold: float) -> Scan:
    from nlp.evaluation.stock import build_stock_analyzer, stock_findings

    analyzer = build_stock_analyzer()
    # Stock Presidio also reports dates, URLs and so on; only identifier types count here.
    kept = {"UK_NHS", "UK_NINO", "UK_POSTCODE", "PHONE_NUMBER"}

    def scan(text: str) -> list[tuple[str, int, int]]:
        return [(t, s, e) for t, s, e, _ in stock_findings(analyzer, text, threshold) if t in kept]

    return scan


def evaluate_uk_identifiers(detector: Any = None, *, include_stock: bool = True) -> dict[str, Any]:
    """Recall on generated UK identifiers and false positives on look-alikes.

    Args:
        detector: A `nlp.detector.Detector`; one with the default configuration if None.
        include_stock: Also score stock Presidio (see `nlp.evaluation.stock`) on the same table, at
            the same score threshold as the detector.

    Returns:
        ``{"table": {...sizes}, "careguard": {...}, "stock_presidio": {...}}`` where each
        side has ``recall``, ``per_entity`` (cases, found, recall), ``lookalikes`` and
        ``lookalike_false_positives``.
    """
    if detector is None:
        from nlp.detector import Detector

        detector = Detector()
    cases = build_table()
    result: dict[str, Any] = {
        "table": {
            "positives": sum(c.entity_type is not None for c in cases),
            "lookalikes": sum(c.entity_type is None for c in cases),
        },
        "careguard": _score(cases, _detector_scan(detector)),
    }
    if include_stock:
        result["stock_presidio"] = _score(cases, _stock_scan(detector.config.threshold))
    return result


def format_report(result: dict[str, Any]) -> Iterator[str]:
    """Readable lines for `evaluate_uk_identifiers` output."""
    sides = [s for s in ("careguard", "stock_presidio") if s in result]
    yield (
        "UK identifiers (generated table: "
        + ", ".join(f"{v} {k}" for k, v in result["table"].items())
        + ")"
    )
    yield f"{'':<28}" + "".join(f"{s:>16}" for s in sides)
    for entity in result["careguard"]["per_entity"]:
        yield f"recall {entity:<21}" + "".join(
            f"{result[s]['per_entity'][entity]['recall']:>16.3f}" for s in sides
        )
    yield f"{'recall (all)':<28}" + "".join(f"{result[s]['recall']:>16.3f}" for s in sides)
    yield f"{'false positives/look-alikes':<28}" + "".join(
        f"{result[s]['lookalike_false_positives']:>10d}/{result[s]['lookalikes']:<5d}"
        for s in sides
    )


def main() -> None:
    """``python -m nlp.evaluation.uk_table``: print the table evaluation for both sides."""
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    for line in format_report(evaluate_uk_identifiers()):
        print(line)


if __name__ == "__main__":
    main()
