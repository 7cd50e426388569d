"""Readers for the evaluation and training data sets (WNUT-17 CoNLL, Presidio synthetic JSON,
the care-chat JSONL set).

Each reader returns plain text with gold character spans, so every system is scored the same
way on the same strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import DetectorError


@dataclass(frozen=True, slots=True)
class Span:
    """A gold or predicted entity: ``[start, end)`` character offsets and a label."""

    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Example:
    """One text with its gold spans; ``template`` is the synthetic set's ``template_id``."""

    text: str
    spans: tuple[Span, ...]
    template: int = -1


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of ``(token, BIO tag)`` pairs; blank or TAB-only lines separate sentences."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, _, tag = line.partition("\t")
        current.append((token, tag.strip() or "O"))
    if current:
        sentences.append(current)
    return sentences


def conll_to_example(sentence: list[tuple[str, str]], keep: dict[str, str]) -> Example:
    """Join tokens with single spaces; ``keep`` maps CoNLL types (``person``) to our labels."""
    text_parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    open_label: str | None = None
    open_start = 0
    open_end = 0
    for token, tag in sentence:
        start = pos
        text_parts.append(token)
        pos += len(token) + 1
        prefix, _, etype = tag.partition("-")
        label = keep.get(etype) if prefix in ("B", "I") else None
        if open_label is not None and (prefix != "I" or label != open_label):
            spans.append(Span(open_label, open_start, open_end))
            open_label = None
        if label is not None and open_label is None:
            open_label, open_start = label, start
        if open_label is not None:
            open_end = start + len(token)
    if open_label is not None:
        spans.append(Span(open_label, open_start, open_end))
    return Example(" ".join(text_parts), tuple(spans))


def read_wnut(path: Path) -> list[Example]:
    """WNUT-17 sentences with their ``person`` spans labelled PERSON."""
    return [conll_to_example(s, {"person": "PERSON"}) for s in read_conll(path)]


def read_presidio_synth(path: Path) -> list[Example]:
    """Presidio's synthetic set (``full_text`` + ``spans`` with ``entity_type``)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Example(
            row["full_text"],
            tuple(
                Span(s["entity_type"], s["start_position"], s["end_position"]) for s in row["spans"]
            ),
            int(row.get("template_id", -1)),
        )
        for row in rows
    ]


# Every third template of the synthetic set (template_id divisible by 3) is held out: the
# person tagger may train on the other templates' texts and is scored on these only.
HELD_OUT_MODULUS = 3


def is_held_out(example: Example) -> bool:
    """True for a synthetic-set text whose template is held out from training."""
    return example.template % HELD_OUT_MODULUS == 0


def split_presidio_synth(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """``(training templates, held-out templates)`` of the synthetic set; no template is in both."""
    train = [ex for ex in examples if not is_held_out(ex)]
    held_out = [ex for ex in examples if is_held_out(ex)]
    return train, held_out


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """A care-chat message and whether the policy says it must be flagged."""

    id: str
    text: str
    should_flag: bool
    category: str
    part: str = ""


def read_care_chat(path: Path) -> list[ChatMessage]:
    """A care-chat set: JSON lines ``{"id", "text", "should_flag", "category"[, "part"]}``."""
    out: list[ChatMessage] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                ChatMessage(
                    str(row["id"]),
                    row["text"],
                    bool(row["should_flag"]),
                    row["category"],
                    str(row.get("part", "")),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise DetectorError(f"{path.name} line {n}: not a care-chat record") from exc
    return out
