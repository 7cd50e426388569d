"""A scored reading of a first name alone: is the message about this person's care?

`nlp.recognizers.person_client` knows fixed phrases that make a name a client's ("gave stan
his insulin"). Chat says the same thing in endless other ways ("Ruby spat her tablets out",
"can u tell bridget shes expecting her wash at 9", "Sara did the bath for Akosua"). This
module weighs the evidence around each lone first name instead of matching one phrase:

For the name (evidence that the person is cared for):

* ``pronoun``: a third-person pronoun follows in the same sentence ("... her tablets");
* ``care``: the sentence speaks of care: meds, personal care, meals, health, placement,
  contact, school (a word of `CARE_TERMS`);
* ``patient``: the name is what a care task is done to or for ("for Akosua", "remind
  Kandiah", "helped edna onto"), or its owner ("hodan's school report");
* ``undergoes``: the name is the subject of what happens to a client ("Joy needs her ...",
  "senait wouldnt let me ...", "Ruby spat ...");
* ``has_role``/``owns``: a possessive before a client's professional or body part
  ("Aaliyah's teacher", "Walter's heel") or a care word ("Ivy's evening meds");
* ``called_client``: "YP Tamsin"; ``much_care``: three care words in the sentence.

Against it (evidence that the person is staff, spoken to, or not a person):

* ``addressed``: the name is spoken to: a greeting or thanks before it, or it opens the
  message followed by a comma or a request ("kasia can u ...");
* ``agent``: the name does a care task ("Sara did the bath", "Tom gave ...");
* ``staff``: the sentence speaks of work: shifts, swaps, training, notice, pay
  (`STAFF_TERMS`); a full name said only of work is a colleague's
  (`nlp.recognizers.person.PersonRecognizer` drops it);
* ``everyday``/``common``/``unlisted``: the word is also an everyday word, or in no list.

Weights are set by hand, below (a hand-weighted sum rather than a fitted model: a few
hundred labelled lone names are too few to fit word lists on without learning the sets'
authors), checked on the development sets (care-chat A-E): a name is a client's when the
evidence adds up to `THRESHOLD`.
Pure functions over the text and the gazetteer; no Presidio here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.names import Gazetteer, fold

_TOKEN = re.compile(r"[^\W\d_]+(?:(?:-|['’](?!s\b))[^\W\d_]+)*|['’]s\b|\d+|[^\w\s]")
_SENTENCE_END = frozenset(".!?;\n")

_PRONOUNS_WORDS = """
    he she his her him hers himself herself he's she's hes shes he'd she'd hed shed he'll
    she'll
"""
PRONOUNS = frozenset(_PRONOUNS_WORDS.split())
# Words of care: what a person receiving care has, gets or goes through.
_CARE_TERMS_WORDS = """
    meds medication medicine medicines tablet tablets pill pills insulin inhaler drops cream
    creams ointment dose doses prescription pharmacy chemist dosette blister mar antibiotics
    paracetamol laxative laxatives morphine injection contraceptive wash washed washing bath
    bathed shower showered shave shaved teeth dentures hair nails toenails dressed dressing
    commode toilet toileting pad pads continence incontinent catheter stoma bowels bm bms
    urine pressure sacrum heel heels skin sore sores ulcer wound wounds leg legs foot feet
    ankle ankles knee hip arm hand bottom hoist sling zimmer frame wheelchair walker stick
    mobility transfer transfers bed bedtime breakfast lunch tea dinner supper meal meals
    porridge weetabix toast soup sandwich fluids drink drinks drank ate eating appetite
    weight weighed obs bloods sugars temperature cough chest breathing oxygen nebuliser
    seizure seizures fall falls confused confusion agitated distressed upset tearful anxious
    wobbly unsteady dizzy poorly unwell pain aches sick vomiting diarrhoea infection uti
    rash bruise bruising swollen injury injuries hurt hurting harm dementia hospital
    ambulance gp doctor nurse dentist optician appointment appt clinic referral review
    discharge discharged admitted refused refusing refuses placement contact mum dad nan
    nana gran grandad foster school college homework exclusion excluded pep lac cla iro sw
    pocket money curfew missing absconded restraint incident behaviour tantrum meltdown
    self-harm selfharm smoking cannabis police care carer carers package visit call calls
    pendant lifeline keysafe
"""
CARE_TERMS = frozenset(_CARE_TERMS_WORDS.split())
# Words of work: the sentence is about staff.
_STAFF_TERMS_WORDS = """
    shift shifts swap swapped swapping earlies lates sleep-in sleepin training induction
    shadowing shadow supervision appraisal annual holiday holidays hols sickness payroll pay
    payslip timesheet timesheets mileage expenses uniform lanyard badge dbs interview audit
    colleague colleagues petrol lunchbreak clocked login notice joins joined starter
    starters leader leaders senior seniors rsw recruitment job break
"""
STAFF_TERMS = frozenset(_STAFF_TERMS_WORDS.split())
_GREETINGS_WORDS = """
    hi hey hiya hello morning evening afternoon thanks thank thx ta cheers bye night
    congrats congratulations welcome sorry love dear
"""
GREETINGS = frozenset(_GREETINGS_WORDS.split())
# After a name that opens the message: the name is spoken to.
_REQUEST_WORDS = """
    can could would are r pls please u you when where what how any ur your have
"""
_REQUEST = frozenset(_REQUEST_WORDS.split())
# A care task done by the name: the name is the carer.
_AGENT_VERBS_WORDS = """
    did does doing done gave gives giving give helped helps helping hoisted showered bathed
    washed dressed prompted applied administered covered covers covering swapped swaps
    picked dropped drove collected sorted rang phoned texted emailed logged recorded updated
    booked cooked fed assisted supported popped signed completed taking
"""
AGENT_VERBS = frozenset(_AGENT_VERBS_WORDS.split())
# A care task or request done to or for the name: the name is the person cared for.
_PATIENT_CUES_WORDS = """
    for remind reminded reminding help helped helping assist assisted hoist hoisted wash
    washed bath bathed shower showered shave shaved dress dressed prompt prompted support
    supported feed fed reposition repositioned toilet toileted settle settled reassure
    reassured check checked visit visited collect collected drop dropped drive drove take
    took bring brought escort escorted give gave get got see saw seen sat left leave speak
    spoke talk talked chat chatted
"""
PATIENT_CUES = frozenset(_PATIENT_CUES_WORDS.split())
# Weaker: staff are asked, told and worked with too ("ask Helen, she knows the rota").
_BESIDE_CUES_WORDS = """
    with tell told telling ask asked
"""
BESIDE_CUES = frozenset(_BESIDE_CUES_WORDS.split())
# Words naming the person as one cared for, right before the name: "YP Tamsin".
_CLIENT_WORDS_WORDS = """
    yp client resident su service-user cyp
"""
CLIENT_WORDS = frozenset(_CLIENT_WORDS_WORDS.split())
# What a client undergoes or does as a client, said right after the name.
_UNDERGOES_WORDS = """
    needs need needed refused refuses refusing declined wouldnt wouldn't wouldn’t won't
    won’t wont didnt didn't didn’t doesnt doesn't doesn’t cant can't can’t couldnt couldn't
    spat fell fall had has was is seems seemed looks looked keeps kept slept ate drank wants
    wanted asked says said became got gets went goes screamed shouted hit kicked threw cried
    swore ran hasnt hasn't wasn't wasnt isnt isn't tried came comes come punched swallowed
    missed smashed bit scratched might may
"""
UNDERGOES = frozenset(_UNDERGOES_WORDS.split())
# Who a possessive name has that makes it a client's: "Aaliyah's teacher".
_OWNED_ROLES_WORDS = """
    teacher sw iro foster carer carers keyworker key social heel heels leg legs foot feet
    ankle ankles knee knees hip hips sacrum skin bottom
"""
_OWNED_ROLES = frozenset(_OWNED_ROLES_WORDS.split())
# Family: staff have families too ("Jade's son rang"), so only where care is said as well.
_KIN_WORDS = """
    mum dad nan gran grandad brother sister son daughter wife husband family
"""
_KIN = frozenset(_KIN_WORDS.split())

WEIGHTS = {
    "pronoun": 1.5,
    "care": 1.0,
    "much_care": 1.0,
    "patient": 1.5,
    "task": 0.5,
    "beside": 1.0,
    "owns": 1.5,
    "has_role": 2.0,
    "called_client": 3.0,
    "undergoes": 1.0,
    "everyday": -0.5,
    "common": -1.5,
    "unlisted": -1.0,
    "unlisted_start": -2.0,
    "addressed": -4.0,
    "agent": -2.5,
    "staff": -2.0,
}
THRESHOLD = 3.0
# Care words in one sentence that make it plainly about someone's care.
MUCH_CARE = 3
# Words that stand where a name would but are never one.
_NEVER_WORDS = """
    someone anyone everyone nobody somebody everybody client resident mum dad nan gran
    monday tuesday wednesday thursday friday saturday sunday today tonight weds thurs tues
    christmas easter
"""
_NEVER = frozenset(_NEVER_WORDS.split())
# A pronoun this many tokens after the name still refers to it (none other between).
PRONOUN_WINDOW = 12
# Tokens before the name looked at for a patient cue.
CUE_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Reading:
    """The evidence about one name and what it adds up to."""

    start: int
    end: int
    evidence: frozenset[str]

    @property
    def score(self) -> float:
        return sum(WEIGHTS[e] for e in self.evidence)

    @property
    def is_client(self) -> bool:
        return self.score >= THRESHOLD

    @property
    def is_staff(self) -> bool:
        """Said of work and of no one's care: a colleague named in full."""
        return "staff" in self.evidence and not self.evidence & _FOR_CLIENT


_FOR_CLIENT = frozenset({"care", "patient", "owns", "has_role", "called_client", "task"})


def _candidate(word: str, first_in_sentence: bool, gaz: Gazetteer) -> str | None:
    """Whether a word may be a given name: ``""`` if plainly one, else what weighs against.

    ``None``: not a name here. ``"everyday"``/``"common"``: a capitalised name that is also
    an everyday word ("Joy", "Will") opening a sentence, where capitals mean little.
    ``"unlisted"``: a capitalised word in no list at all ("Kandiah"), weighed more heavily
    at the start of a sentence (``"unlisted_start"``).
    """
    key = fold(word)
    if len(word) < 3 or key in PRONOUNS or key in CARE_TERMS or key in STAFF_TERMS:
        return None
    if key in gaz.countries or key in _NEVER:
        return None
    if word.islower():
        plain = key in gaz.first and key not in gaz.ordinary and key not in gaz.common
        return "" if plain else None
    if not word.istitle():
        return None
    if key not in gaz.first:
        unknown = key not in gaz.common and key not in gaz.ordinary and key not in gaz.last
        if not unknown or len(word) < 4:
            return None
        return "unlisted_start" if first_in_sentence else "unlisted"
    if first_in_sentence and key in gaz.common:
        return "common"
    if first_in_sentence and key in gaz.ordinary:
        return "everyday"
    return ""


def _surname_after(word: str, given: str, gaz: Gazetteer) -> bool:
    """A listed family name written like the given name before it ("Gerald Pike")."""
    key = fold(word)
    if len(word) < 2 or key in PRONOUNS or key in CARE_TERMS or key in STAFF_TERMS:
        return False
    if key in _NEVER or key in gaz.countries or key not in gaz.last:
        return False
    if key in UNDERGOES or key in AGENT_VERBS or key in PATIENT_CUES:
        return False
    if word.islower():  # "zain rafiq", not "edna might"
        return given.islower() and key not in gaz.common and key not in gaz.ordinary
    return word.istitle() and not given.islower()


class _Message:
    """A message's tokens and sentences, read once for every name in it."""

    def __init__(self, text: str, names: list[tuple[int, int]]) -> None:
        self.tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.lowered = [fold(t[0]) for t in self.tokens]
        self.inside = [any(a <= t[1] and t[2] <= b for a, b in names) for t in self.tokens]
        self.sentence: list[int] = []
        current = 0
        for word, _, _ in self.tokens:
            self.sentence.append(current)
            if word in _SENTENCE_END:
                current += 1
        self.people = {i for i, flag in enumerate(self.inside) if flag}

    def opens_sentence(self, i: int) -> bool:
        return i == 0 or self.tokens[i - 1][0] in _SENTENCE_END or self.tokens[i - 1][0] == ":"

    def index(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range ``[i, k)`` of a character span, if it is made of whole tokens."""
        first = [i for i, t in enumerate(self.tokens) if t[1] == start]
        last = [k for k, t in enumerate(self.tokens) if t[2] == end]
        return (first[0], last[0] + 1) if first and last and last[0] >= first[0] else None

    def evidence(self, i: int, k: int) -> set[str]:
        """What the message says about the name in tokens ``[i, k)``."""
        lowered, tokens = self.lowered, self.tokens
        words = {lowered[j] for j in range(len(tokens)) if self.sentence[j] == self.sentence[i]}
        evidence = set()
        care = words & CARE_TERMS
        if care:
            evidence.add("care")
        if len(care) >= MUCH_CARE:
            evidence.add("much_care")
        if words & STAFF_TERMS:
            evidence.add("staff")
        pronoun = self._pronoun_after(i, k)
        if pronoun is not None:
            # "just left Precious, she's doing the 4pm for me": the pronoun does the work.
            nxt_words = self.lowered[pronoun + 1 : pronoun + 3]
            doing = (nxt_words[:1] and nxt_words[0] in AGENT_VERBS) or (
                nxt_words[:1] in (["'s"], ["’s"], ["is"], ["was"], ["will"])
                and nxt_words[1:]
                and nxt_words[1] in AGENT_VERBS
            )
            evidence.add("agent" if doing else "pronoun")
        before = lowered[max(0, i - CUE_WINDOW) : i]
        nxt = lowered[k] if k < len(tokens) else ""
        after = lowered[k + 1] if k + 1 < len(tokens) else ""
        third = lowered[k + 2] if k + 2 < len(tokens) else ""
        back_from = before[-2:] in (["back", "from"], ["home", "from"]) or (
            before[-1:] == ["from"] and "just" in before
        )
        greeted = any(w in GREETINGS for w in before)
        if back_from or (any(w in PATIENT_CUES for w in before) and not greeted):
            evidence.add("patient")
        elif any(w in BESIDE_CUES for w in before) and not greeted:
            evidence.add("beside")
        if evidence & {"patient", "beside"} and any(w in CARE_TERMS for w in before[-3:]):
            evidence.add("task")  # "did the bath for Akosua"
        if before[-2:] == ["eye", "on"]:
            evidence.add("patient")  # "keep an eye on Kai"
        if before[-1:] and before[-1] in CLIENT_WORDS:
            evidence.add("called_client")
        if nxt in ("'s", "’s"):
            owned = {after, third}
            if owned & _OWNED_ROLES:
                evidence.add("has_role")  # "Aaliyah's teacher", "Walter's heel"
            elif owned & CARE_TERMS or (owned & _KIN and "care" in evidence):
                evidence.add("owns")  # "hodan's school report", "Walter's heel"
        if nxt in UNDERGOES:
            evidence.add("undergoes")
        if nxt in AGENT_VERBS or (
            nxt in ("is", "was", "has", "will", "can") and after in AGENT_VERBS
        ):
            evidence.add("agent")
            evidence.discard("undergoes")
        opens = i == 0 or (i == 1 and lowered[0] in GREETINGS)
        if any(w in GREETINGS for w in lowered[max(0, i - 2) : i]) or (
            opens and (nxt in (",", "-", ":", "!") or nxt in _REQUEST)
        ):
            evidence.add("addressed")
        return evidence

    def _pronoun_after(self, i: int, k: int) -> int | None:
        """Where a he/she/his/her follows the name before any other person is named."""
        for j in range(k, min(len(self.tokens), k + PRONOUN_WINDOW)):
            if self.sentence[j] != self.sentence[i] or j in self.people:
                return None
            if self.lowered[j] in PRONOUNS:
                return j
        return None


def readings(text: str, gaz: Gazetteer, names: list[tuple[int, int]]) -> list[Reading]:
    """The evidence about every given name in ``text`` outside ``names``.

    A given name may come with a listed family name written alike ("Gerald Pike", "zain
    rafiq"): the pair is read as one name.

    Args:
        text: The message.
        gaz: The gazetteers.
        names: Spans already found as names (full names, title + name): their words are
            not read again, but they are people a pronoun may refer to.
    """
    msg = _Message(text, names)
    tokens, lowered = msg.tokens, msg.lowered
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        saint = (i > 0 and lowered[i - 1] in ("st", "saint")) or (i > 1 and lowered[i - 2] == "st")
        doubt = None if msg.inside[i] or saint else _candidate(word, msg.opens_sentence(i), gaz)
        if doubt is None:
            i += 1
            continue
        k = i + 1
        if k < len(tokens) and not msg.inside[k] and _surname_after(tokens[k][0], word, gaz):
            k += 1
        found.append((i, k, doubt))
        i = k
    msg.people |= {j for i, k, _ in found for j in range(i, k)}
    out = []
    for i, k, doubt in found:
        evidence = msg.evidence(i, k) | ({doubt} - {""})
        out.append(Reading(tokens[i][1], tokens[k - 1][2], frozenset(evidence)))
    return out


def reading_of(
    text: str, gaz: Gazetteer, span: tuple[int, int], names: list[tuple[int, int]]
) -> Reading | None:
    """The evidence about a name found by other means (None if it is not whole tokens)."""
    msg = _Message(text, names)
    where = msg.index(*span)
    if where is None:
        return None
    msg.people |= set(range(*where))
    return Reading(span[0], span[1], frozenset(msg.evidence(*where)))


def context_clients(
    text: str, gaz: Gazetteer, names: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``(start, end)`` of given names (alone or with a surname) made a client's."""
    return [(r.start, r.end) for r in readings(text, gaz, names) if r.is_client]
