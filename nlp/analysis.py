"""Running the recognizers over normalised text: one tokenisation, context, overlaps, staff.

Presidio's ``AnalyzerEngine.analyze`` spends most of its time on per-call bookkeeping
(running the spaCy pipeline and building lemmas for every message, explanations, deep
copies of results for the context enhancer). Chat messages are short and almost always
clean, so this module calls the same Presidio recognizer objects directly and tokenises
(once, with the spaCy tokenizer) only when a result's score could still be raised by
context words. A configured spaCy pipeline's NER is evidence for unsure person names
(`nlp.ner_evidence`), never a source of findings. Figures: ``benchmarks/detector.py``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nlp.context import ContextEnhancer
from nlp.engine import build_engine, load_spacy
from nlp.ner_evidence import NerEvidence
from nlp.own_contacts import OwnContacts
from nlp.professionals import is_professional
from nlp.recognizers.person_initials import PREDICATES
from nlp.recognizers.person_tagger import initials_word
from nlp.registry import build_recognizers, read_config
from nlp.rewrite import TITLES
from nlp.rosters import ClientRoster, StaffRoster, load_clients, load_staff, name_key

if TYPE_CHECKING:
    from nlp.detector import DetectorConfig

_POSSESSIVE = ("'s", "’s")
_ROSTER = "ClientRosterRecognizer"
# One letter, dotted letters ("Z.Q."), hyphenated letters ("J-P"), or two or three capitals
# ("JB"), or an O'-initial ("O'D"), with an optional possessive ("T's"); not "Ko" or "Li".
_INITIALS = re.compile(
    # "mr pk", "mrs gs": lower-case letters with no vowel are initials, not a surname.
    r"(?:[^\W\d_]\.?|(?:[^\W\d_]\.){2,3}|[^\W\d_](?:-[^\W\d_]){1,2}\.?|[^\W\d_a-z]{2,3}"
    r"|[b-df-hj-np-tv-xz]{2,3}"
    r"|[^\W\d_]['’][^\W\d_]\.?|Ma?c(?:[A-Z]\.?)?|ma?c[a-z]?\.?"
    r"|(?:[^\W\d_]\.)+[^\W\d_](?:-[^\W\d_])\.?)"
    r"(?:['’]s)?"
)
_INITIALS_TAIL = re.compile(r"[.\w]*")
# Initials with a Mac or Mc surname's: "LMcD", "JMacK".
_MAC_INITIALS = re.compile(r"[A-Z]{1,2}Ma?c[A-Z]{1,2}")
# Anything written like an e-mail address, to test against the organisation's own.
_ADDRESS_LIKE = re.compile(r"[\w.+'’\-]+@[\w\-]+(?:\.[\w\-]+)+")


@dataclass(frozen=True, slots=True)
class Hit:
    """A recognizer result on the normalised text, after all filtering."""

    entity_type: str
    start: int
    end: int
    score: float
    name: str


class Analysis:
    """The loaded recognizers, engine and rosters; `analyze` returns the kept hits."""

    def __init__(
        self,
        recognizers: list[Any],
        engine: Any,
        *,
        needs_tokens: bool,
        clients: ClientRoster,
        staff: StaffRoster,
        threshold: float,
        own: OwnContacts | None = None,
        evidence: NerEvidence | None = None,
    ) -> None:
        self._recognizers = recognizers
        self._entities = [r.supported_entities for r in recognizers]
        self._engine = engine
        self._tokenizer = engine.get_nlp("en").tokenizer
        self._lock = threading.Lock()
        self._needs_tokens = needs_tokens
        self._clients = clients
        self._staff = staff
        self._threshold = threshold
        self._own = (own or OwnContacts()) | OwnContacts(phones=staff.phones)
        self._enhancer = ContextEnhancer(recognizers)
        self.evidence = evidence
        self.recognizer_names = tuple(r.name for r in recognizers)

    @classmethod
    def build(cls, config: DetectorConfig) -> Analysis:
        """Load everything the config names (spaCy pipeline, recognizers, rosters)."""
        from nlp.recognizers.client_roster import ClientRosterRecognizer

        # The NER pipeline only gives evidence; tokenising for context words stays blank.
        evidence = NerEvidence.from_spacy(config.spacy_model) if config.spacy_model else None
        nlp = load_spacy(None)
        recognizers = build_recognizers(read_config(), ner_model=False, nlp=nlp)
        clients = load_clients(config.clients_csv) if config.clients_csv else ClientRoster()
        staff = load_staff(config.staff_csv) if config.staff_csv else StaffRoster()
        if clients.full_names or clients.short_names:
            recognizers.append(ClientRosterRecognizer(clients))
        return cls(
            recognizers,
            build_engine(nlp),
            needs_tokens=False,
            clients=clients,
            staff=staff,
            threshold=config.threshold,
            own=config.own_contacts,
            evidence=evidence,
        )

    def analyze(self, text: str) -> list[Hit]:
        """Hits in ``text`` (already normalised), sorted by start, never overlapping."""
        artifacts = None
        if self._needs_tokens:
            with self._lock:
                artifacts = self._engine.process_text(text, "en")
        results: list[Any] = []
        for recognizer, entities in zip(self._recognizers, self._entities, strict=True):
            results.extend(recognizer.analyze(text, entities, artifacts))
        if not results:
            return []
        if any(self._enhancer.wants(r) for r in results):
            if artifacts is not None:
                doc = artifacts.tokens
            else:
                with self._lock:  # spaCy's tokenizer keeps a cache; not documented thread-safe
                    doc = self._tokenizer(text)
            self._enhancer.enhance(results, [(t.idx, t.lower_) for t in doc])
        if self.evidence is not None:
            self.evidence.apply(text, results)
        owned = self._owned_addresses(text)
        hits = [
            Hit(r.entity_type, r.start, r.end, min(r.score, 1.0), self._recognizer_name(r))
            for r in results
            if r.score >= self._threshold
            and not (self._own and self._own.owns(r.entity_type, text[r.start : r.end]))
            and not any(a <= r.start and r.end <= b for a, b in owned)
        ]
        hits = self._drop_professionals(text, _drop_title_initials(text, hits))
        return self._drop_staff(text, _without_overlaps(_prefer_roster_spans(text, hits)))

    def _owned_addresses(self, text: str) -> list[tuple[int, int]]:
        """Spans of the organisation's own e-mail addresses: nothing inside them is flagged.

        A staff address on the organisation's domain ("t.ellery@citycare.example") holds a
        name-like local part; the address is the organisation's, so is the name in it.
        """
        if not self._own or "@" not in text:
            return []
        return [
            m.span()
            for m in _ADDRESS_LIKE.finditer(text)
            if self._own.owns("EMAIL_ADDRESS", m.group())
        ]

    def _drop_professionals(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Drop PERSON hits written with a professional's role, unless a client's name."""
        kept = []
        for hit in hits:
            if hit.entity_type == "PERSON" and is_professional(text, hit.start, hit.end):
                key = _without_title(name_key(_strip_possessive(text[hit.start : hit.end])))
                if not self._clients.is_client_name(key):
                    continue
            kept.append(hit)
        return kept

    def _drop_staff(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Drop PERSON hits that are exactly a staff name and not also a client's name."""
        if not self._staff.names:
            return hits
        kept = []
        words = list(_WORD_RUN.finditer(text))  # read once for every hit
        for hit in hits:
            if hit.entity_type == "PERSON":
                key = _without_title(name_key(_strip_possessive(text[hit.start : hit.end])))
                if key in self._staff.names and not self._clients.is_client_name(key):
                    continue
                if self._in_staff_name(text, words, hit):
                    continue  # "Thanks Sarah Penhallow!": the first name of a staff name
            kept.append(hit)
        return kept

    def _in_staff_name(self, text: str, words: list[re.Match[str]], hit: Hit) -> bool:
        """The hit is part of a staff member's full name written around it (``words``: the
        text's word runs)."""
        inside = [i for i, w in enumerate(words) if hit.start <= w.start() < hit.end]
        if not inside:
            return False
        first, last = inside[0], inside[-1]
        for a in range(max(0, first - 2), first + 1):
            for b in range(last + 1, min(len(words), last + 3) + 1):
                if b - a < 2:
                    continue
                key = _without_title(name_key(text[words[a].start() : words[b - 1].end()]))
                if key in self._staff.names and not self._clients.is_client_name(key):
                    return True
        return False

    @staticmethod
    def _recognizer_name(result: Any) -> str:
        return str((result.recognition_metadata or {}).get("recognizer_name", "unknown"))


_WORD_RUN = re.compile(r"[^\W\d_][\w'’\-]*")


def _without_title(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if rest and first.rstrip(".") in TITLES else key


def _drop_title_initials(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop PERSON hits that are a title with initials only ("Mrs P.", "dr s", "Mrs Z.Q.").

    Initials are what the policy asks staff to use, and what the suggested rewrite writes, so
    flagging them would warn people for doing the right thing.
    """
    kept = []
    for hit in hits:
        if hit.entity_type == "PERSON":
            title, _, rest = _without_verb(text[hit.start : hit.end]).partition(" ")
            tail = _INITIALS_TAIL.match(text, hit.end)
            word = rest.strip() + (tail.group(0) if tail else "")
            # A possessive ends the name: "Mrs P's GP" is "Mrs P" and her GP.
            head = word.split()[0] if word.split() else ""
            if head.endswith(_POSSESSIVE) and _INITIALS.fullmatch(head):
                word = head
            if title.rstrip(".").casefold() in TITLES and _INITIALS.fullmatch(word):
                continue
            whole = _strip_possessive(text[hit.start : hit.end])
            if "." in whole and whole.upper() == whole and _INITIALS.fullmatch(whole):
                continue  # "A.B-K": initials alone, dotted
            if whole.rstrip(".").casefold() in TITLES:
                continue  # "visiting Mrs B": a title alone names nobody
            if _MAC_INITIALS.fullmatch(whole) or any(ch.isdigit() for ch in whole):
                continue  # "LMcD refused his breakfast", "Mr CP-4431": initials, a number
            lead, _, rest_words = whole.partition(" ")
            if initials_word(lead) and (not rest_words or rest_words.islower()):
                continue  # "dressed AK's leg", "AM and MS fell out": a client's initials
        kept.append(hit)
    return kept


# Verbs a tagger's span may run into after initials: "mr v seemed a bit brighter".
_TRAILING_VERBS_WORDS = "seemed seems was is has had needs wants said says looked looks"
_TRAILING_VERBS = frozenset(_TRAILING_VERBS_WORDS.split())


def _without_verb(span: str) -> str:
    head, _, last = span.rpartition(" ")
    verb = last.casefold() in _TRAILING_VERBS or (last.islower() and last in PREDICATES)
    return head if head and verb else span


def _strip_possessive(span: str) -> str:
    return span[:-2] if span.endswith(_POSSESSIVE) else span


def _prefer_roster_spans(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop a model's PERSON span that runs a client's name into ordinary words.

    "Doris refused lunch": the roster knows "Doris"; a model may read "Doris refused" as a
    full name, and the rewrite would say "D.R. lunch". When the model's span only adds
    lower-case words to a capitalised roster name, the roster's span is kept. "Doris Smith"
    (a capitalised extra word) keeps the model's longer span.
    """
    roster = [h for h in hits if h.name == _ROSTER]
    if not roster:
        return hits

    def runs_on(hit: Hit) -> bool:
        for r in roster:
            if hit is r or hit.entity_type != "PERSON" or hit.end <= r.start or hit.start >= r.end:
                continue
            extra = text[hit.start : r.start] + text[r.end : hit.end]
            if text[r.start].isupper() and not any(c.isupper() for c in extra):
                return True
        return False

    return [h for h in hits if not runs_on(h)]


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the best of overlapping hits: higher score first, then the longer span."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.score, -(h.end - h.start), h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
