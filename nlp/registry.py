"""Load the enabled recognizers from ``nlp/recognizers/enabled.yaml``."""

from __future__ import annotations

import importlib
from importlib import resources
from typing import Any

import yaml

from nlp.errors import DetectorError

_ALLOWED_PREFIXES = ("nlp.recognizers.", "presidio_analyzer.")
_KEYS = frozenset({"class", "context", "fallback", "when"})


def read_config(text: str | None = None) -> list[dict[str, Any]]:
    """Parse the recognizer list (the packaged YAML unless ``text`` is given)."""
    if text is None:
        text = resources.files("nlp.recognizers").joinpath("enabled.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    entries = data.get("recognizers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DetectorError("recognizer configuration: a 'recognizers' list is required")
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "class" not in entry or set(entry) - _KEYS:
            raise DetectorError(f"recognizer configuration: entry {i} is malformed")
    return entries


def _import(spec: str) -> Any:
    module_name, _, class_name = spec.partition(":")
    if not module_name.startswith(_ALLOWED_PREFIXES) or not class_name:
        raise DetectorError(f"recognizer configuration: {spec!r} is not an allowed class")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)


def _resolve(entry: dict[str, Any]) -> Any:
    try:
        return _import(entry["class"])
    except ModuleNotFoundError as exc:
        fallback = entry.get("fallback")
        # Only the recognizer's own module may be missing; a broken import inside it is a bug.
        if fallback is None or exc.name != entry["class"].partition(":")[0]:
            raise
        return _import(fallback)


def build_recognizers(
    entries: list[dict[str, Any]], *, ner_model: bool, nlp: Any = None
) -> list[Any]:
    """Instantiate each enabled recognizer.

    Args:
        entries: From `read_config`.
        ner_model: Whether the spaCy pipeline has an NER component.
        nlp: The loaded spaCy pipeline, for recognizers that accept one.
    """
    recognizers = []
    for entry in entries:
        if entry.get("when") == "ner_model" and not ner_model:
            continue
        cls = _resolve(entry)
        kwargs: dict[str, Any] = {}
        if "context" in entry:
            kwargs["context"] = list(entry["context"])
        recognizers.append(cls(**kwargs))
    return recognizers
