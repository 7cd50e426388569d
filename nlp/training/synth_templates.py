"""Person-tagger training sentences from the training templates of Presidio's synthetic set.

Only texts whose template is NOT held out (`nlp.evaluation.data.is_held_out`) are used, so
``careguard eval`` scores the synthetic set on templates the model has never seen. Texts
are split at line breaks (the tagger never joins a name across lines) and tokenised with
the tagger's own tokeniser; a token overlapping a gold PERSON span is tagged B or I.
"""

from __future__ import annotations

from pathlib import Path

from nlp.evaluation.data import Example, read_presidio_synth, split_presidio_synth
from nlp.recognizers.person_features import tokenize

SYNTH_FILE = "presidio_synth_v2.json"


def tagged_lines(ex: Example) -> list[list[tuple[str, str]]]:
    """The example's lines as ``(token, B/I/O)`` sentences for PERSON."""
    persons = [(s.start, s.end) for s in ex.spans if s.label == "PERSON"]
    out: list[list[tuple[str, str]]] = []
    offset = 0
    for line in ex.text.split("\n"):
        sent: list[tuple[str, str]] = []
        previous = -1
        for word, start, end in tokenize(line):
            a, b = offset + start, offset + end
            span = next((i for i, (s, e) in enumerate(persons) if s < b and a < e), -1)
            tag = "O" if span < 0 else ("I" if span == previous else "B")
            sent.append((word, tag))
            previous = span
        if sent:
            out.append(sent)
        offset += len(line) + 1
    return out


def training_template_sentences(data_dir: Path) -> list[list[tuple[str, str]]]:
    """Tagged lines of every synthetic-set text from a training (not held-out) template."""
    train, _ = split_presidio_synth(read_presidio_synth(data_dir / SYNTH_FILE))
    return [sent for ex in train for sent in tagged_lines(ex)]
