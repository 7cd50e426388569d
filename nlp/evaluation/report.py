"""Readable text for `nlp.evaluation.scoring.run_evaluation` results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nlp.evaluation.scoring import PARTED_SETS
from nlp.evaluation.uk_table import format_report as format_uk_report

SYSTEM_TITLES = {
    "careguard": "careguard (flagged)",
    "careguard_ner": "careguard+NER (flagged)",
    "careguard_names": "careguard (all names)",
    "stock_presidio": "stock Presidio",
}


def _entity_rows(section: dict[str, Any], label: str) -> Iterator[str]:
    yield f"  {label}"
    heads = ("span P", "span R", "span F1", "tok P", "tok R", "tok F1")
    yield f"    {'system':<24}" + "".join(f"{h:>9}" for h in heads)
    for system, res in section.items():
        span = res["per_entity"][label]["span"]
        tok = res["per_entity"][label]["token"]
        yield (
            f"    {SYSTEM_TITLES[system]:<24}{span['precision']:>9.3f}{span['recall']:>9.3f}"
            f"{span['f1']:>9.3f}{tok['precision']:>9.3f}{tok['recall']:>9.3f}{tok['f1']:>9.3f}"
        )


def _lower_rows(section: dict[str, Any]) -> Iterator[str]:
    for system, res in section.items():
        low = res["lower_case_person"]
        yield (
            f"    lower-case PERSON recall, {SYSTEM_TITLES[system]:<24}"
            f"{low['recall']:.3f} (of {low['gold']})"
        )


def _chat_rows(section: dict[str, Any], *, ids: bool) -> Iterator[str]:
    for system, res in section.items():
        yield (
            f"  {SYSTEM_TITLES[system]:<24}recall {res['recall']:.3f} "
            f"({res['should_flag'] - len(res['missed_ids'])}/{res['should_flag']})  "
            f"false alarms {res['false_alarm_rate']:.3f} "
            f"({len(res['false_alarm_ids'])}/{res['compliant']})"
        )
    if ids:
        res = section["careguard"]
        yield f"    missed: {', '.join(res['missed_ids']) or '-'}"
        yield f"    false alarms: {', '.join(res['false_alarm_ids']) or '-'}"


def format_text(result: dict[str, Any]) -> Iterator[str]:
    """Lines of the evaluation report."""
    sizes = result["data"]
    ner = result.get("ner_model")
    if ner:
        state = "installed" if ner["installed"] else "not installed: no careguard + NER rows"
        yield f"NER evidence pipeline {ner['name']}: {state}"
        yield ""
    yield f"WNUT-17 dev, PERSON ({sizes['wnut17_dev']} sentences)"
    yield from _entity_rows(result["wnut17_dev"], "PERSON")
    yield from _lower_rows(result["wnut17_dev"])
    yield ""
    synth = result["presidio_synth"]
    yield (
        f"Presidio synthetic set, held-out templates only ({sizes['presidio_synth']} texts; "
        f"the {sizes['presidio_synth_training_texts_not_scored']} texts of the other "
        "templates train the person tagger and are not scored)"
    )
    labels = next(iter(synth.values()))["per_entity"]
    for label in labels:
        yield from _entity_rows(synth, label)
    yield from _lower_rows(synth)
    yield ""
    yield f"Care-chat set ({sizes['care_chat']} messages), message level"
    yield from _chat_rows(result["care_chat"], ids=True)
    titles = {
        name: "Care-chat set B"
        if name == "b"
        else f"Care-chat set {name.upper()} (written independently)"
        for name in PARTED_SETS
    }
    for name, set_title in titles.items():
        for part, title in (("dev", "dev part"), ("holdout", "holdout part, not tuned on")):
            if part not in result[f"care_chat_{name}"]:
                continue
            size = sizes[f"care_chat_{name}_{part}"]
            yield f"{set_title}, {title} ({size} messages), message level"
            # The holdout's ids stay hidden: reading its misses would be tuning on it.
            yield from _chat_rows(result[f"care_chat_{name}"][part], ids=part == "dev")
    yield ""
    yield from format_uk_report(result["uk_identifiers"])
