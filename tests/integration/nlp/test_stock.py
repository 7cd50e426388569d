"""The stock-Presidio comparator: default recognizers plus Presidio's UK ones, no NER."""

from __future__ import annotations

from nlp.evaluation.stock import build_stock_analyzer, stock_findings


def test_stock_analyzer_has_the_uk_recognizers_and_no_ner_model() -> None:
    analyzer = build_stock_analyzer()
    names = {r.name for r in analyzer.get_recognizers("en")}
    assert {"NhsRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer"} <= names
    assert {"CreditCardRecognizer", "PhoneRecognizer", "OfflineEmailRecognizer"} <= names
    assert "EmailRecognizer" not in names  # replaced: its domain check would download
    assert analyzer.nlp_engine.get_nlp("en").pipe_names == []  # blank pipeline
    found = stock_findings(analyzer, "NHS 943 476 5919, mail jo@example.com", 0.5)
    assert ("UK_NHS", 4, 16, 1.0) in found
    assert not stock_findings(analyzer, "Mrs Patterson refused lunch", 0.5)
