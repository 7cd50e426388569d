"""The UK identifier table: recall >= 0.98 and no false positives on look-alikes."""

from __future__ import annotations

from nlp.detector import Detector
from nlp.evaluation.uk_table import build_table, evaluate_uk_identifiers, format_report


def test_recall_and_no_false_positives(detector: Detector) -> None:
    result = evaluate_uk_identifiers(detector, include_stock=False)
    ours = result["careguard"]
    assert ours["recall"] >= 0.98
    for entity, row in ours["per_entity"].items():
        assert row["recall"] >= 0.98, entity
    assert ours["lookalike_false_positives"] == 0, ours["false_positives_by_kind"]
    assert "stock_presidio" not in result
    assert any("recall (all)" in line for line in format_report(result))


def test_table_covers_every_format_and_lookalike_kind() -> None:
    cases = build_table()
    kinds = {c.kind for c in cases}
    assert {"UK_NHS", "UK_NINO", "UK_POSTCODE", "PHONE_NUMBER"} <= kinds
    assert {"nhs_bad_checksum", "police_or_incident_ref", "care_plan_ref"} <= kinds
    texts = [c.text for c in cases]
    assert any("GIR 0AA" in t for t in texts)
    assert any("+44 (0)" in t for t in texts)
    assert build_table() == cases  # reproducible
