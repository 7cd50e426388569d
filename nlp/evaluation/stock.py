"""Stock Presidio, the comparator for benchmarks and evaluation.

``AnalyzerEngine`` with Presidio's default recognizers and all of its UK recognizers switched
on (NHS, NINO, postcode, passport, driving licence, vehicle registration), on a blank spaCy
English pipeline, so it has no NER model. It is built the same way wherever it is measured.
Presidio's email recognizer is swapped for the same recognizer validated offline, because
its default domain check downloads the public suffix list on first use.
"""

from __future__ import annotations

import warnings
from importlib import resources
from typing import Any

import yaml

from nlp.engine import build_engine, load_spacy


def stock_configuration() -> dict[str, Any]:
    """Presidio's default recognizer configuration with the UK recognizers enabled."""
    text = resources.files("presidio_analyzer.conf").joinpath("default_recognizers.yaml")
    conf: dict[str, Any] = yaml.safe_load(text.read_text("utf-8"))
    for entry in conf["recognizers"]:
        if str(entry.get("country_code", "")).lower() == "uk":
            entry["enabled"] = True
    return conf


def build_stock_analyzer() -> Any:
    """An ``AnalyzerEngine`` as described in the module docstring."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.recognizer_registry import RecognizerRegistryProvider

    from nlp.recognizers.email import OfflineEmailRecognizer

    engine = build_engine(load_spacy(None))
    provider = RecognizerRegistryProvider(
        registry_configuration=stock_configuration(), nlp_engine=engine
    )
    with warnings.catch_warnings():
        # Presidio warns that it adds its spaCy recognizer by default; that is intended.
        warnings.simplefilter("ignore", UserWarning)
        registry = provider.create_recognizer_registry()
    registry.remove_recognizer("EmailRecognizer")
    registry.add_recognizer(OfflineEmailRecognizer())
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def stock_findings(
    analyzer: Any, text: str, threshold: float | None = None
) -> list[tuple[str, int, int, float]]:
    """``(entity_type, start, end, score)`` from stock Presidio.

    Args:
        analyzer: From `build_stock_analyzer`.
        text: The message.
        threshold: Minimum score; None keeps Presidio's shipped default (0, keep all).
    """
    results = analyzer.analyze(text=text, language="en", score_threshold=threshold)
    return [(r.entity_type, r.start, r.end, r.score) for r in results]
