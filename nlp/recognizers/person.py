"""PERSON recognizer for Presidio: a compact CRF tagger with census gazetteers and rules.

Works on a blank spaCy pipeline (it tokenises the text itself and ignores spaCy NER), loads
its model and name lists at construction, and scores by what the policy cares about:

* full names ("Margaret Thompson", "betty kowalski") and title + name ("Mrs Patterson")
  score ``0.35 + 0.65 * p`` (p: the tagger's probability, at least 0.5 when a title or
  gazetteer rule backs the name), so they are flagged (over 0.5) once p reaches 0.25;
* a single name on its own ("Thanks Sarah!") scores at most ``single_name_score`` (0.35),
  below the flagging threshold: staff first names are allowed by the policy, and a client's
  first name is the client roster's job. The finding is still returned, for measurement
  against data sets (WNUT-17) that count single names as persons;
* unless the wording makes the name a client's ("gave stan his insulin",
  `nlp.recognizers.person_client`): then it scores ``CLIENT_SCORE`` (0.8).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from nlp.names import Gazetteer, fold
from nlp.recognizers.person_client import client_mentions
from nlp.recognizers.person_context import (
    Reading,
    context_clients,
    lower_place_name,
    reading_of,
    readings,
)
from nlp.recognizers.person_context_model import (
    FULL_NAME_MODEL_FILE,
    ContextModel,
    shipped_model_path,
)
from nlp.recognizers.person_tagger import FULL, SINGLE, TITLED, NameSpan, PersonTagger

# "a rose bush", "the holly bush": after an article, lower-case words are not a name.
_ARTICLE = re.compile(r"(?i:\b(?:a|an|the|this|that|these|those|some|any|every|each|another))\s+$")
CLIENT = "client_context"
# Evidence that a sentence speaks of work (`nlp.recognizers.person_context`): the learnt
# reading of full names may call such a name a colleague's.
_WORK_EVIDENCE = frozenset({"staff", "training", "praise", "rota", "much_staff"})
# A name the wording makes a client's ("gave stan his insulin") is flagged.
CLIENT_SCORE = 0.8
# The detector's default flagging threshold: a longer span scoring no more than this is
# not flagged unless something else backs it.
FLAGGED = 0.5


class PersonRecognizer(EntityRecognizer):
    """Finds person names; see the module docstring for the scoring policy."""

    ENTITY = "PERSON"
    name: str
    id: str

    def __init__(
        self,
        supported_language: str = "en",
        model_path: str | None = None,
        threshold: float = 0.2,
        lower_threshold: float = 0.05,
        single_name_score: float = 0.35,
        name: str = "PersonRecognizer",
        context_model_path: str | None = None,
    ) -> None:
        """Build the recognizer; the model and gazetteers load here, not at import.

        Args:
            supported_language: Presidio language code.
            model_path: A CRF model file; the shipped one when None.
            threshold: Minimum token probability for a capitalised name word.
            lower_threshold: Minimum token probability for a lower-case name word.
            single_name_score: Highest score given to a lone one-word name.
            name: Recognizer name reported with findings.
            context_model_path: The learnt reading's weights file
                (`nlp.recognizers.person_context_model`); the shipped one when None.
        """
        self._model_path = Path(model_path) if model_path else None
        self._threshold = threshold
        self._lower_threshold = lower_threshold
        self.single_name_score = single_name_score
        self._context_model_path = Path(context_model_path) if context_model_path else None
        self.tagger: PersonTagger | None = None
        self.context_model: ContextModel | None = None
        self.full_name_model: ContextModel | None = None
        super().__init__(
            supported_entities=[self.ENTITY], name=name, supported_language=supported_language
        )

    def load(self) -> None:
        """Load the tagger (called once by Presidio's constructor)."""
        self.tagger = PersonTagger(self._model_path, self._threshold, self._lower_threshold)
        self.context_model = ContextModel.load(self._context_model_path)
        self.full_name_model = ContextModel.load(shipped_model_path(FULL_NAME_MODEL_FILE))

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        """Person names in ``text`` as Presidio results (``nlp_artifacts`` is not needed)."""
        if self.ENTITY not in entities or self.tagger is None or self.context_model is None:
            return []
        gaz = self.tagger.gazetteer
        spans, firm = self._found(text)
        longer = [s for s in spans if s.kind != SINGLE]
        mentions = client_mentions(text, gaz)
        places = self.tagger.places.places
        context = context_clients(text, gaz, firm, self.context_model, places)
        if context:
            # "go to John Lewis for a new kettle": a listed organisation is nobody's name
            # (looked for only when the reading found a name: most messages have none).
            taken = firm + mentions + self.tagger.places.organisations_in(text)
            context = [m for m in context if not any(a < m[1] and m[0] < b for a, b in taken)]
        colleagues = [
            s
            for s in spans
            if _colleague_or_thing(text, s, gaz, firm, mentions, self.full_name_model)
        ]
        colleagues = _listed_with(text, colleagues, spans, mentions)
        spans = [s for s in spans if s not in colleagues]
        if not mentions and not context:
            return [self._result(span) for span in spans]
        out = []
        for span in spans:
            if any(a < span.end and span.start < b for a, b in context):
                continue  # the lone name is the finding (added below)
            touched = any(a < span.end and span.start < b for a, b in mentions)
            if not touched:
                out.append(self._result(span))
            elif span.kind != SINGLE:  # the tagger's longer span ("Mrs Pettigrew"), flagged
                out.append(self._result(span, max(self.score(span), CLIENT_SCORE)))
        for a, b in mentions:
            if not any(a < s.end and s.start < b for s in longer):
                out.append(self._result(NameSpan(a, b, CLIENT_SCORE, CLIENT)))
        out += [self._result(NameSpan(a, b, CLIENT_SCORE, CLIENT)) for a, b in context]
        return out

    def _found(self, text: str) -> tuple[list[NameSpan], list[tuple[int, int]]]:
        """The tagger's names, and the longer ones flagged anyway: a weaker longer span
        ("edna onto") gives way to a lone first name its sentence makes a client's."""
        assert self.tagger is not None
        gaz = self.tagger.gazetteer
        spans = [
            _past_label(text, s)
            for s in self.tagger.find(text)
            if not _after_article(text, s, gaz)
            and not _festive(text, s)
            and not lower_place_name(text, s.start, s.end)
        ]
        spans = [self._read_as_client(text, s, spans) for s in spans]
        firm = [(s.start, s.end) for s in spans if s.kind != SINGLE and self.score(s) > FLAGGED]
        return spans, firm

    def context_readings(self, text: str) -> list[Reading]:
        """The readings `analyze` decides on, with their features (the learnt reading's
        training data, `nlp.training.train_context`)."""
        if self.tagger is None:
            return []
        _, firm = self._found(text)
        return readings(text, self.tagger.gazetteer, firm, self.tagger.places.places)

    def full_name_readings(self, text: str) -> list[Reading]:
        """The readings of the full names the tagger finds (the learnt colleague reading's
        training data, `nlp.training.train_context`)."""
        if self.tagger is None:
            return []
        spans, firm = self._found(text)
        out = []
        for s in spans:
            if s.kind == FULL:
                # As `_colleague_or_thing` reads it: beside the other names flagged anyway.
                span = (s.start, s.end)
                reading = reading_of(text, self.tagger.gazetteer, span, firm, with_features=True)
                if reading is not None:
                    out.append(reading)
        return out

    def _read_as_client(self, text: str, span: NameSpan, spans: list[NameSpan]) -> NameSpan:
        """A full name the tagger is unsure of ("manisha thakkar") that the sentence makes
        a client's ("... has a sore on her left heel") is flagged as a client's."""
        if span.kind != FULL or self.score(span) > FLAGGED or self.tagger is None:
            return span
        others = [(s.start, s.end) for s in spans if s is not span and s.kind != SINGLE]
        reading = reading_of(text, self.tagger.gazetteer, (span.start, span.end), others)
        if reading is None or not reading.is_client or reading.is_staff:
            return span
        return NameSpan(span.start, span.end, CLIENT_SCORE, CLIENT)

    def score(self, span: NameSpan) -> float:
        """The policy score of a found name (see the module docstring)."""
        if span.kind == CLIENT:
            return span.probability
        if span.kind in (FULL, TITLED):
            # A full name the model gives 0.25 or more (or a rule backs) scores over 0.5.
            return round(min(1.0, 0.35 + 0.65 * span.probability), 4)
        return round(min(span.probability, 1.0) * self.single_name_score, 4)

    def _result(self, span: NameSpan, score: float | None = None) -> RecognizerResult:
        score = self.score(span) if score is None else score
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=score,
            textual_explanation=f"person tagger: {span.kind}",
        )
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=span.start,
            end=span.end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "person_kind": span.kind,
            },
        )


# What joins the names of a list: "Claudette Grant, Vytautas Jankauskas and Gwenllian Evans".
_LIST_GAP = re.compile(r"\s*(?:,|&|\band\b|,\s*and\b)\s*")


def _listed_with(
    text: str,
    colleagues: list[NameSpan],
    spans: list[NameSpan],
    mentions: list[tuple[int, int]],
) -> list[NameSpan]:
    """``colleagues`` and the full names listed with them: "Big thanks to Claudette Grant,
    Vytautas Jankauskas and Gwenllian Evans" thanks all three. Names the wording makes a
    client's (``mentions``) are kept."""
    if not colleagues:
        return colleagues
    out = list(colleagues)
    full = sorted((s for s in spans if s.kind == FULL and s not in out), key=lambda s: s.start)
    grown = True
    while grown:
        grown = False
        for span in full:
            if span in out or any(a < span.end and span.start < b for a, b in mentions):
                continue
            for other in out:
                gap = text[other.end : span.start] if other.end <= span.start else None
                gap = text[span.end : other.start] if gap is None else gap
                if _LIST_GAP.fullmatch(gap):
                    out.append(span)
                    grown = True
                    break
    return out


# Evidence that a name is said only of work, whatever else the sentence says.
_PLAIN_WORK = frozenset({"rota", "training", "praise", "much_staff"})
# An everyday-word pair ("rose bush", "ruby wedding") needs this much evidence of care.
EVERYDAY_PAIR_SCORE = 2.0
_OWNED_BEFORE = re.compile(r"(?i:['’]s|\bher|\bhis|\bmy|\btheir|\byour|\bour)\s+$")


def _colleague_or_thing(
    text: str,
    span: NameSpan,
    gaz: Gazetteer,
    names: list[tuple[int, int]],
    mentions: list[tuple[int, int]],
    full_name_model: ContextModel | None = None,
) -> bool:
    """A full name said only of work ("swap with Marek Nowak on Sunday earlies"), or a
    lower-case pair of everyday words no care is said of ("wood burner was lit").

    Names the wording makes a client's (``mentions``) are kept.
    """
    if span.kind == SINGLE or any(a < span.end and span.start < b for a, b in mentions):
        return False
    if "@" in _token_around(text, span.start, span.end):
        return False  # a name in an e-mail address is not read as a sentence's subject
    learnt = full_name_model is not None
    reading = reading_of(text, gaz, (span.start, span.end), names, with_features=learnt)
    if reading is None:
        return False
    first = words_of(text, span)[0].rstrip(".")
    if "kin" in reading.evidence and span.kind == TITLED and len(words_of(text, span)) == 1:
        return True  # "MK's nan Teresa would like to come": a relative, by first name
    # "Mrs Cooke", "A.K. Asante 8am" are not how colleagues are named.
    # A colleague's full name: said only of work by the hand reading, or not a client's by
    # the learnt reading of full names (`nlp.recognizers.person_context_model`), which is
    # asked only where the sentence speaks of work: a full name said of nothing is a name.
    if (
        span.kind == FULL
        and len(first) > 1
        and "." not in first
        and _colleague(reading, full_name_model)
    ):
        # "Swapping Isla F. from 8am": a surname's initial is how clients are written; a
        # colleague's needs plainer work ("Sarah B. is on lates", "thanks Jo B.").
        last = words_of(text, span)[-1].rstrip(".")
        return len(last) > 1 or bool(reading.evidence & _PLAIN_WORK)
    words = words_of(text, span)
    key = fold(words[0])
    # "petty cash": an everyday English word that no census lists as a common given name.
    english = gaz.everyday_word(key) and text[span.start : span.end].islower()
    everyday = words[0].islower() and (key in gaz.ordinary | gaz.common or english)
    if span.kind != FULL or not everyday or len(words[0]) < 2:
        return False
    # "Mrs F's rose bush", "her wood burner": a thing someone has.
    owned = _OWNED_BEFORE.search(text, max(0, span.start - 6), span.start) is not None
    return owned or reading.score < EVERYDAY_PAIR_SCORE


def _colleague(reading: Reading, full_name_model: ContextModel | None) -> bool:
    """The hand reading says the full name is said only of work, or the sentence speaks of
    work and the learnt reading of full names finds it no client's."""
    if reading.is_staff:
        return True
    if full_name_model is None or not reading.evidence & _WORK_EVIDENCE:
        return False
    return not full_name_model.is_client(reading.features)


# Rota labels a name may follow in a list: "Tue Marta", "Sleep-in Jordan".
_LABELS_WORDS = """
    mon tue tues wed weds thu thur thurs fri sat sun sleep-in sleepin nights earlies lates
    waking
"""
_LABELS = frozenset(_LABELS_WORDS.split())


def _past_label(text: str, span: NameSpan) -> NameSpan:
    """The name without a rota label before it ("Tue Marta" is Marta, on Tuesday)."""
    if span.kind != FULL:
        return span
    first, _, rest = text[span.start : span.end].partition(" ")
    if fold(first).rstrip(".:") not in _LABELS or not rest.strip():
        return span
    start = span.end - len(rest.lstrip())
    kind = SINGLE if len(rest.split()) == 1 else FULL
    return NameSpan(start, span.end, span.probability, kind)


# Festivals and their greetings: "Eid Mubarak", "Ramadan Kareem", "Diwali Mubarak".
_FESTIVE_WORDS = """
    eid ramadan diwali hanukkah vaisakhi navratri holi passover christmas easter mubarak
    kareem carnival festival gala nowruz mobarak newroz yom kippur pesach pascha sameach
    anesti mela hogmanay shabbat shabbos boishakh divas
"""
_FESTIVE = frozenset(_FESTIVE_WORDS.split())


# A message that celebrates or greets everyone ("... to everyone celebrating Bengali New Year").
_CELEBRATING = re.compile(
    r"(?i:\b(?:merry|celebrat\w*|festival|carnival|party|new\s+year|greetings|wishes"
    r"|happy\s+(?:[\w'’]+\s+){0,2}(?:day|year|holidays?|eid|diwali|christmas|easter|hanukkah)"
    r"|(?:to|from)\s+(?:all|everyone|every\s+one))\b)"
)
_GREETING_ENDS = re.compile(
    r"[\s!,.:;\-–]*(?i:to\s+(?:all|everyone|every\s+one)\b|everyone\b|all\b|from\b|party\b"
    r"|parade\b|celebrations?\b|festival\b|$)|\s*!"
)
_BIRTHDAY = re.compile(r"(?i:\b(?:birthday|bday|b'day|anniversary)\b)")


def _festive(text: str, span: NameSpan) -> bool:
    """A festival's name or greeting read as a full name ("Eid Mubarak to all", "Shubho
    Noboborsho to everyone celebrating", "Calan Gaeaf party"): a known festival word, or words
    standing as the greeting of a message that celebrates (not a birthday: "Happy birthday
    Nkechi Obi" greets a person)."""
    if span.kind != FULL:
        return False
    words = words_of(text, span)
    if fold(words[0]) in _FESTIVE or fold(words[-1]) in _FESTIVE:
        return True
    if min(len(w) for w in words) < 3 or _BIRTHDAY.search(text):
        return False  # "Ieuan P passed his theory test!!! celebrating": a person
    # The greeting itself: "Chag sameach to everyone", "Christos Anesti!", "Calan Gaeaf party";
    # not "Kathleen Moran passed away ... Thank you to everyone".
    greets = _GREETING_ENDS.match(text, span.end) is not None
    return greets and _CELEBRATING.search(text) is not None


def words_of(text: str, span: NameSpan) -> list[str]:
    """The words of a found name."""
    return text[span.start : span.end].split()


def _token_around(text: str, start: int, end: int) -> str:
    """The whitespace-delimited run of text holding ``text[start:end]``."""
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min(
        (i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text)
    )
    return text[left:right]


def _after_article(text: str, span: NameSpan, gaz: Gazetteer) -> bool:
    """Lower-case everyday words right after an article ("a rose bush") are not a name."""
    words = text[span.start : span.end]
    if span.kind != FULL or not words.islower():
        return False
    if not any(fold(w) in gaz.ordinary or fold(w) in gaz.common for w in words.split()):
        return False  # "i am a jake pouler"
    return bool(_ARTICLE.search(text, max(0, span.start - 10), span.start))
