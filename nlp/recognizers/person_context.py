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

Which lone names (and given name + surname pairs) are a client's is decided by the learnt
reading (`nlp.recognizers.person_context_model`): a logistic regression over this evidence and
the words around the name (`Reading.features`), trained on the development sets (care-chat
C-R, W-BC, each read only after it was scored untouched once; the holdout sets BD, BE and BF
are never read). The hand-set weights below (`WEIGHTS`, `THRESHOLD`, `Reading.is_client`,
`Reading.is_staff`) still decide two things: whether a full name the tagger is unsure of is
made a client's by its sentence, and whether a full name is a colleague's said only of work.
Pure functions over the text and the gazetteer; no Presidio here.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from nlp.names import CORE_ENGLISH, EVERYDAY_ENGLISH, FAKER_RANK, RARE_FAMILY, Gazetteer, fold
from nlp.recognizers.person_context_model import ContextModel
from nlp.recognizers.person_features import STREET_WORDS
from nlp.recognizers.person_initials import PREDICATES
from nlp.recognizers.person_places import (
    INSTITUTIONS,
    PARK_PERSON_VERBS,
    PLACE_ENDS,
    PLACE_PREPOSITIONS,
    PLACE_STARTS,
    SURNAME_ENDS,
    TO_A_PARK,
    TOWN_SECONDS,
)
from nlp.recognizers.person_rules import called_client

_TOKEN = re.compile(r"[^\W\d_]+(?:(?:-|['’](?!s\b))[^\W\d_]+)*|['’]s\b|\d+|[^\w\s]")
_SENTENCE_END = frozenset(".!?;\n")
# Names put on a run or round, alone or with a colleague: "Dave Coombs and Jade Tovey on
# the Portishead double ups" (a client is "the new lady on the Knowle run", unnamed).
_ON_A_RUN = re.compile(
    r"(?:\s+(?:and|&|n)\s+(?!(?:you|u|me|i|we|they|he|she)\b)[^\W\d_][\w'’\-]*"
    r"(?:\s+[^\W\d_][\w'’\-]*)?)?"
    # "... are both on my run tomorrow" is a carer's clients: not "my" run.
    r"\s+(?:(?:is|are|will\s+be|both)\s+)*(?:(?:shadowing\s+)?on\s+(?!my\b)(?:the\s+|our\s+)?"
    r"(?:[\w\-]+\s+){0,3}?(?:round|run|rounds|runs|double[\s\-]*ups?|doubles)\b"
    # "Jo Tremayne is on call", "Tomasz Wrobel and Dariusz Nowak both off sick".
    r"|covering\b|on\s+call\b|on\s+(?:annual\s+)?leave\b|off\s+sick\b|on\s+shift\b"
    # "Tendai is picking up her morning run", "Shirley Holt (bank) is picking up the 4pm calls"
    r"|(?:\(\w+\)\s+)?(?:is\s+)?picking\s+up\s+(?:(?:her|his|their|the)\s+)?(?:[\w\-]+\s+){0,3}?"
    r"(?:calls|shift|run|round)\b"
    r"|doubled\s+up\b|on\s+(?:holiday|hols)\b|moved\s+from\s+(?:nights|days|lates|earlies)\b"
    r"|rang\s+in\b|(?:is\s+)?stuck\s+in\s+traffic\b|(?:is\s+)?leaving\s+us\b"
    # "Neema Kalala is doing the Mill Yard rota", "agnieszka has his calls"
    r"|(?:doing|running)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}?"
    r"(?:rota|loop|round|run|driving|audit|audits|checks|supervisions|inductions)\b"
    r"|(?:has|have|got)\s+(?:her|his|their)\s+calls\b"
    # "Lisa Robson has the Pennywell run", "Robin Dunn's last shift", "will be in the office"
    r"|(?:has|have|got)\s+the\s+(?:[\w\-]+\s+){0,2}?(?:run|round|loop)\b"
    r"|['’]s\s+(?:last|first)\s+(?:shift|day)\b"
    r"|will\s+be\s+in\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?office\b"
    # "Can Tunde Bakare ring the office when he gets a sec?": a colleague asked.
    r"|(?:ring|call|phone|pop\s+in\s+to|come\s+(?:in\s+)?to)\s+(?:the\s+)?office\b"
    # "anwen prys wants more welsh-medium calls"
    r"|(?:wants|needs|asked\s+for)\s+(?:more|extra|fewer|less)\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:calls|hours|shifts)\b|signed\s+off\s+(?:on|for)\b|(?:is\s+)?back\s+\w+\s+\w+.{0,30}"
    r"phased\s+return\b"
    r"|(?:is\s+)?leading\s+the\s+(?:fire\s+drill|training|meeting|team\s+meeting)\b"
    r"|starting\s+(?:their\s+|her\s+|his\s+)?inductions?\b)",
    re.IGNORECASE,
)
# Words right before a name that thank its owner.
_THANKED = frozenset(
    {
        ("shout", "out", "to"),
        ("shoutout", "to"),
        ("thanks", "to"),
        ("thank", "you", "to"),
        ("thank", "you"),
        ("well", "done"),
        ("thanks",),
        ("cheers",),
        ("great", "work"),
        ("good", "work"),
        ("great", "job"),
        ("brilliant", "work"),
        ("big", "thanks", "to"),
        ("the", "team", ","),
        ("to", "the", "team"),
        ("huge", "thanks", "to"),
        ("congrats",),
        ("congratulations",),
    }
)
# Marks after which a clause starts ("ok, will baker refused").
_CLAUSE_OPENERS = frozenset(".!?;:,-–(\n")
# E-mail and web addresses: their words are not names.
_ADDRESS = re.compile(r"[\w.+'’-]*@\S+|\b(?:https?://|www\.)\S+")

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
    lifeline keysafe camhs blood harming allergic allergy penicillin exclusion fighting cse
    mash uasc age assessment life palliative sertraline methylphenidate melatonin
    risperidone warfarin metformin ibuprofen amoxicillin oramorph sugar exercises awake
    asleep choked seizure breathless sats paramedics paramedic 999 111 nits overdose period
    chesty frightened wandering parkinsons diary threatening statement assault bedroom
    catheter drinking aids glasses nits alzheimers stroke diabetic diabetes copd arthritis
    frail bedbound dnacpr respite strip flannel razor denture nightie pyjamas pjs slippers
    incontinence pull-ups bowel constipated wee poo soiled wet bruised skin-tear barrier
    repositioned chart fluid choking thickener puree bp pulse heart cold flu covid chemo
    dialysis rotunda sleep sleeping mood lonely sundowning aggressive aggression shouting
    screaming calm settled prn eyedrops siblings detention snapchat tiktok instagram online
    cce exploitation grooming drugs weed vape vaping alcohol drunk cutting ligature suicidal
    therapy counselling counsellor keywork 1:1 debrief sanction consequences nightmares
    bedwetting pregnancy court asylum ehcp pathway hungry thirsty tired crying cried
    distress cpn worried fight muddled forgetful disorientated disoriented stockings
    drowsy drowsiness epilepsy epileptic endoscopy scan x-ray mri operation surgery biopsy
    fasting bedding gcse gcses mock mocks exam exams maths pe class lesson lessons
    teachers skipping skipped truanting detention disclosed disclosure dsl searched
    neighbour answer answering cannabis risk smelling curfew kicked bowel accident
    embarrassed aid conscious unconscious floor
"""
CARE_TERMS = frozenset(_CARE_TERMS_WORDS.split())
# Care words said of clients and hardly ever of staff ("catheter", "placement", "nits"): a
# colleague can be sick or eat biscuits, but has no care plan.
_STRONG_CARE_WORDS = """
    catheter commode hoist sling stoma pad pads continence incontinent dosette mar placement
    contact pep lac cla iro nits dementia seizure seizures sacrum ulcer pressure wound
    dressing incident restraint restrained missing absconded overdose self-harm selfharm
    harming camhs uasc allergic allergy palliative dnacpr respite incontinence thickener
    puree sundowning prn ehcp ligature suicidal cse cce exploitation grooming bedwetting
    asylum pathway keywork debrief 1:1 repositioned rotunda bedbound uti utis curfew
    exclusion excluded disclosed disclosure dsl epilepsy endoscopy stockings
    bedding muddled gcse gcses forgetful cannabis meltdown meltdowns tantrum tantrums
"""
STRONG_CARE = frozenset(_STRONG_CARE_WORDS.split())
_ANY_CARE = CARE_TERMS | STRONG_CARE
# Words of work: the sentence is about staff.
_STAFF_TERMS_WORDS = """
    shift shifts swap swapped swapping earlies lates sleep-in sleepin training induction
    shadowing shadow supervision appraisal annual holiday holidays hols sickness payroll pay
    payslip timesheet timesheets mileage expenses uniform lanyard badge dbs interview audit
    colleague colleagues petrol lunchbreak clocked login notice joins joined starter
    starters leader leaders senior seniors rsw recruitment job break team diploma
    qualification congratulations renewal renewals hr coordinator champion probation
    refresher welcome marshal marshals warden wardens first-aider disciplinary adviser
    retirement retiring supervisions rotas deputy competency competencies sleep-ins
    sleepins chairing inductions champions tyre tyres double-up double-ups policy policies
"""
STAFF_TERMS = frozenset(_STAFF_TERMS_WORDS.split())
_GREETINGS_WORDS = """
    hi hey hiya hello morning evening afternoon thanks thank thx ta cheers bye night
    congrats congratulations welcome sorry love dear
"""
# Courses and qualifications: a name said with these is a colleague's, care words or not.
_TRAINING_TERMS_WORDS = """
    training induction refresher probation champion diploma qualification competency
    competencies certificate
"""
TRAINING_TERMS = frozenset(_TRAINING_TERMS_WORDS.split())
GREETINGS = frozenset(_GREETINGS_WORDS.split())
# How long a colleague has been with the organisation: "ten years with us", "with us 14 years".
_YEARS = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)"
# Praise and leave for a colleague: "has passed her level 3, well done!!", "holiday approved".
_PRAISE = re.compile(
    r"(?i:\bwell\s+done\b|\bpassed\s+(?:her|his|their)\s+(?:level|nvq|diploma|probation|driving)"
    r"|\b(?:holiday|leave|hols|al)\s+(?:request\b[^.!?]{0,40}\b)?approved\b"
    r"|\b(?:employee|carers?|staff\s+member|worker)s?\s+of\s+the\s+(?:month|year)\b|\bwelcome\s+(?:to\s+the\s+team|aboard)\b"
    r"|\bleaving\s+(?:do|drinks|card)\b"
    r"|\bjust\s+(?:want(?:ed)?\s+)?to\s+say\b[^.!?]{0,40}\b(?:was|were|is|has\s+been)\s+"
    r"(?:really\s+|so\s+)?(?:brilliant|amazing|fantastic|great|a\s+star|a\s+legend)\b"
    rf"|\b{_YEARS}\s+years\s+with\s+us\b|\bwith\s+us\s+(?:for\s+)?{_YEARS}\s+years\b)"
)
_ONE_TO_ONE = re.compile(r"(?<![\d:])[12]\s?:\s?1(?![\d:])")
_TIMES_OF_DAY = frozenset({"morning", "evening", "afternoon", "night"})
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
    booked cooked fed assisted supported popped signed completed taking cover
"""
AGENT_VERBS = frozenset(_AGENT_VERBS_WORDS.split())
# A care task or request done to or for the name: the name is the person cared for.
_PATIENT_CUES_WORDS = """
    for remind reminded reminding help helped helping assist assisted hoist hoisted wash
    washed bath bathed shower showered shave shaved dress dressed prompt prompted support
    supported feed fed reposition repositioned toilet toileted settle settled reassure
    reassured check checked visit visited collect collected drop dropped drive drove take
    took bring brought escort escorted give gave get got see saw seen sat left leave speak
    spoke talk talked chat chatted let picked pick sit meet found
"""
PATIENT_CUES = frozenset(_PATIENT_CUES_WORDS.split())
# Weaker: staff are asked, told and worked with too ("ask Helen, she knows the rota").
_BESIDE_CUES_WORDS = """
    with tell told telling ask asked about
"""
BESIDE_CUES = frozenset(_BESIDE_CUES_WORDS.split())
# Words naming the person as one cared for, right before the name: "YP Tamsin".
_CLIENT_WORDS_WORDS = """
    yp client resident su service-user cyp uasc lac cla
"""
CLIENT_WORDS = frozenset(_CLIENT_WORDS_WORDS.split())
# What a client undergoes or does as a client, said right after the name.
_UNDERGOES_WORDS = """
    needs need needed refused refuses refusing declined wouldnt wouldn't wouldn’t won't
    won’t wont didnt didn't didn’t doesnt doesn't doesn’t cant can't can’t couldnt couldn't
    spat fell fall had has was is seems seemed looks looked keeps kept slept ate drank wants
    wanted asked says said became got gets went goes screamed shouted hit kicked threw cried
    swore ran hasnt hasn't wasn't wasnt isnt isn't tried came comes come punched swallowed
    missed smashed bit scratched might may will choked coughed struggled vomited woke found
    forgetting forgot excluded suspended arrested admitted discharged saw skipping skipped
    being disclosed wet called started getting
"""
UNDERGOES = frozenset(_UNDERGOES_WORDS.split())
# Pieces of work a care word may name: "the MAR audit", "the new medication system".
_WORK_OBJECTS_WORDS = """
    audit audits system systems training policy champion champions refresher course
    module modules e-learning run
"""
_WORK_OBJECTS = frozenset(_WORK_OBJECTS_WORDS.split())
# Words that carry on an aside after "the YP" ("Jhun, the YP in the top room, ...").
_ASIDE_GOES_ON = frozenset({"in", "from", "at", "on", "who", "with", ",", "(", "of", "that"})
# Businesses known by their owner's name: "Jimmy's pharmacy said they'll courier the meds".
_SHOPS = frozenset({"pharmacy", "chemist", "chemists", "shop", "cafe", "café", "bakery", "pub"})
# "at Jahangir's again", "popped back to Guled's because": at the person's home.
_TO_A_HOME = frozenset({"at", "to", "from", "round", "leaving", "left"})
_AFTER_A_HOME_WORDS = """
    again because today now this tonight yesterday earlier at for and but so then , . ! ?
    ; - – morning tomorrow first last
"""
_AFTER_A_HOME = frozenset(_AFTER_A_HOME_WORDS.split())
# Who a possessive name has that makes it a client's: "Aaliyah's teacher".
_OWNED_ROLES_WORDS = """
    teacher sw iro foster carer carers keyworker key social heel heels leg legs foot feet
    ankle ankles knee knees hip hips sacrum skin bottom room
"""
_OWNED_ROLES = frozenset(_OWNED_ROLES_WORDS.split())
# What a person has, written straight after their name: "pearl banks skin", "frank bolt pendant".
_OWNED_NOUNS = _ANY_CARE | _OWNED_ROLES | {"pendant"}
# Family owned by a given name ("emine's grandson"): a client's, unless work is said too.
_KIN_WORDS = """
    mum dad nan gran grandad brother sister son daughter wife husband family grandson
    granddaughter niece nephew grandma grandpa
"""
_KIN = frozenset(_KIN_WORDS.split())
_SPORTS_WORDS = """
    football swimming boxing rugby cricket netball basketball dance gymnastics athletics
    hockey judo karate tennis
"""
_SPORTS = frozenset(_SPORTS_WORDS.split())
# Shifts written as two words.
_SHIFTS = frozenset(
    {
        ("sleep", "in"),
        ("waking", "night"),
        ("waking", "nights"),
        # Work said in two words: "will do spot checks", "has the keys for the pool car".
        ("spot", "checks"),
        ("spot", "check"),
        ("pool", "car"),
        ("double", "ups"),
        ("double", "up"),
        ("acting", "manager"),
        ("leaving", "do"),
        ("level", "2"),
        ("level", "3"),
        ("level", "5"),
    }
)
# "covered for Helena", "covering nights for Liam": standing in for a colleague.
_COVER_WORDS = frozenset({"cover", "covered", "covering", "covers", "nights", "days", "shift"})
# Words before a relative's word that make it someone's relative ("MK's nan Teresa").
_OWNERS = frozenset({"'s", "’s", "his", "her", "their"})
# Words that end the noun phrase a name stands in ("took a statement from Levi").
_PHRASE_BREAKS = PLACE_PREPOSITIONS | {"for", "with", "of"}

_VERBS_AND_PRONOUNS = PRONOUNS | UNDERGOES | AGENT_VERBS | PATIENT_CUES
_NOT_A_SURNAME = _VERBS_AND_PRONOUNS | CARE_TERMS | STAFF_TERMS
_STOP_WORDS = """
    the a an and or but if so to of in on at for with by from as is are was were be it this
    that these those there here then when what which who how why where you we they my your
    our their its not no yes ok please pls can could will would should may might must do does
    did have has had just also
"""
_NOT_A_GIVEN_NAME = _NOT_A_SURNAME | BESIDE_CUES | GREETINGS | frozenset(_STOP_WORDS.split())
# Weights of each kind of evidence, set by hand and checked on the development sets. A
# logistic regression fitted on the same sets (leave one set out) took fewer other names per
# client name found, but flagged more clean messages and staff look-alikes: see
# docs/person-detection.md.
WEIGHTS = {
    "pronoun": 1.5,
    "close_pronoun": 0.5,
    "care": 1.0,
    "much_care": 1.0,
    "patient": 1.5,
    "task": 0.5,
    "beside": 1.0,
    "owns": 2.0,
    "has_role": 2.0,
    "called_client": 3.0,
    "slot": 2.0,
    "undergoes": 1.0,
    "strong_care": 1.0,
    "full": 1.5,
    "full_unlisted": 1.0,
    "everyday": -0.5,
    "common": -1.5,
    "unlisted": -1.0,
    "unlisted_start": -1.0,
    "addressed": -4.0,
    "agent": -2.5,
    "staff": -2.0,
    "much_staff": -1.0,
    "training": 0.0,
    "praise": 0.0,
    "lower_pair": 0.0,
    "unlisted_lower": 0.0,
    "foreign": 0.0,
    "said_of": 0.0,
    "rota": 0.0,
    "bare_possessive": 0.0,
    "kin": -4.0,
    "log": 2.0,
    # A lower-case everyday word that is a given name too ("joy"), alone: the hand weights
    # never make it a client's (`THRESHOLD`); the learnt reading weighs its sentence.
    "everyday_lower": -3.0,
}

THRESHOLD = 3.0
# Care words in one sentence that make it plainly about someone's care.
MUCH_CARE = 3
# Work words in one sentence that make it plainly about work.
MUCH_STAFF = 2
# A family name this common may be an everyday word too ("cook", "hill") after a given name.
COMMON_FAMILY = 2000
# A pronoun this close after the name is the name's ("Olu didnt want his shave").
CLOSE = 4
# A heading this many words long ends a night log's title ("Sleep-in staff:").
HEADING = 3
_NIGHT_HEADS = frozenset({"sleep-in", "sleepin", "waking night", "sleep in", "night log"})
_NIGHT_SHIFTS = frozenset({"sleep-in", "sleepin"})
_ROTA_WORDS = frozenset({"tonight", "tomorrow", "today", "rota", "cover", "weekend"}) | frozenset(
    ["mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun"]
)
# Words that stand where a name would but are never one.
_NEVER_WORDS = """
    someone anyone everyone nobody somebody everybody client resident mum dad nan gran
    monday tuesday wednesday thursday friday saturday sunday today tonight weds thurs tues
    christmas easter jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu thur
    fri sat sun january february march april may june july august september october november
    december mr mrs miss ms mx dr master sir lord lady madam nurse ramadan eid diwali
    hanukkah passover vaisakhi
"""
_NEVER = frozenset(_NEVER_WORDS.split())
# Words anywhere in a message the learnt reading weighs: a children's home, or staff.
_HOME_WORDS = frozenset({"yp", "yps", "school", "contact", "sw", "kw", "iro", "staff"})
# A pronoun this many tokens after the name still refers to it (none other between).
PRONOUN_WINDOW = 16
# Tokens before the name looked at for a patient cue.
CUE_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Reading:
    """The evidence about one name and what it adds up to."""

    start: int
    end: int
    evidence: frozenset[str]
    # The evidence and the words around the name, as the learnt reading sees them
    # (`features`; `nlp.recognizers.person_context_model`).
    features: frozenset[str] = frozenset()

    @property
    def score(self) -> float:
        return sum(WEIGHTS[e] for e in self.evidence)

    @property
    def is_client(self) -> bool:
        """Enough evidence, some of it about care: "Ffion says she left the car keys" is not."""
        if self.unlisted and not self.evidence & _ABOUT_THE_WORD:
            return False  # "unpacked with his keyworker": care nearby says nothing of the word
        if "called_client" in self.evidence and "addressed" not in self.evidence:
            return True  # "our new YP Denisa arrives at 4": named as the client
        return self.score >= THRESHOLD and bool(self.evidence & _ABOUT_CARE)

    @property
    def unlisted(self) -> bool:
        return "unlisted_lower" in self.evidence

    @property
    def is_staff(self) -> bool:
        """Said of work and of no one's care: a colleague named in full."""
        if not self.evidence & {"staff", "praise"}:
            return False
        if "praise" in self.evidence and not self.evidence & _CARED_FOR:
            return True  # "Holiday approved for Megan Turner", "well done"
        if "rota" in self.evidence:  # "Imogen Trevail is on call this weekend"
            return not self.evidence & (_CARED_FOR - {"care"})
        if "training" in self.evidence:  # "booked on the medication training"
            return not self.evidence & (_CARED_FOR - {"care"})
        if self.evidence & _CARED_FOR:
            return False
        # "DBS renewal needed for Michelle Carter": plainly about work, whoever it is for.
        return "patient" not in self.evidence or "much_staff" in self.evidence


_CARED_FOR = frozenset({"care", "owns", "has_role", "called_client", "task", "slot", "log"})
_ABOUT_CARE = _CARED_FOR | {"patient"}
# Evidence about the word itself, not the sentence around it.
_ABOUT_THE_WORD = frozenset({"called_client", "patient", "owns", "has_role", "slot", "undergoes"})


def _candidate(word: str, first_in_sentence: bool, gaz: Gazetteer) -> str | None:
    """Whether a word may be a given name: ``""`` if plainly one, else what weighs against.

    ``None``: not a name here. ``"everyday"``/``"common"``: a capitalised name that is also
    an everyday word ("Joy", "Will") opening a sentence, where capitals mean little.
    ``"unlisted"``: a capitalised word in no list at all ("Kandiah"), weighed more heavily
    at the start of a sentence (``"unlisted_start"``).
    """
    key = fold(word)
    if len(word) < 3 or key in _NOT_A_GIVEN_NAME:
        return None
    if key in gaz.countries or key in _NEVER or (key in INSTITUTIONS and key not in gaz.last):
        return None  # "St Benedict's Hospice"
    if word.islower() or word.istitle():
        if "-" in key and all(part in gaz.first for part in key.split("-")):
            return ""  # "ruby-mae", "Tia-Rose"
        if _bare_possessive(key, gaz):
            return "bare_possessive"  # "nevaehs placement", "Francescas blood sugars"
    if word.islower():
        plain = key in gaz.first and key not in gaz.ordinary and key not in gaz.common
        # "petty cash", "cash tin": an English word only a long list has as a name.
        plain = plain and not gaz.everyday_word(key)
        # "ill owe her one": only Faker's list has the word as a name, and English uses it.
        plain = plain and not (
            gaz.first[key] == FAKER_RANK
            and gaz.english.get(key, 0) >= EVERYDAY_ENGLISH
            and key not in gaz.last  # "nazrul islam": a family name too
        )
        if not plain and key in gaz.first and key in gaz.ordinary and key not in gaz.common:
            # "faith cook", "grace hill" with a surname; alone ("joy cried when i left") only
            # the learnt reading may take it, the hand weights never do.
            return "everyday_lower"
        if not plain and len(word) >= 4 and word.isalpha() and _unlisted_given(key, gaz):
            return "unlisted_lower"  # "zakariye", "tamador", "emrys": no list, hardly English
        if not plain and word.isalpha() and _rare_word(key, gaz):
            return "rare_pair"  # "shirin tehrani": a rare word before a surname
        return "" if plain else None
    if not word.istitle():
        return None
    if key not in gaz.first:
        plain_word = key not in gaz.common and key not in gaz.ordinary
        if plain_word and len(word) >= 4 and gaz.english.get(key, 0) < CORE_ENGLISH:
            # "Devendra", "Kaveh": English rarely or never uses the word, listed or not.
            return "foreign"
        if not plain_word or key in gaz.last or len(word) < 4:
            return None
        return "unlisted_start" if first_in_sentence else "unlisted"
    if first_in_sentence and key in gaz.common:
        return "common"
    if first_in_sentence and key in gaz.ordinary:
        return "everyday"
    return ""


# English this rare (wordfreq's Zipf x 10) is a name or a word of another language ("emrys",
# "owain", "seren"), not chat English.
RARE_ENGLISH = 25
_ENGLISH_ENDINGS = (
    *("ing", "ed", "ly", "ness", "ment", "tion", "ies", "ful", "less", "able", "ology", "ism"),
    *("ity", "ship"),
)


def _unlisted_given(key: str, gaz: Gazetteer) -> bool:
    """A lower-case word no given-name list holds that English hardly uses ("emrys"), or
    no list holds at all ("zakariye")."""
    if gaz.unlisted(key):
        return True
    if key in gaz.first or key in gaz.common or key in gaz.ordinary:
        return False
    rare_family = gaz.last.get(key, RARE_FAMILY + 1) > RARE_FAMILY // 2
    inflected = key.endswith(_ENGLISH_ENDINGS)  # "fraying", "unplugged": rare, still English
    return 0 < gaz.english.get(key, 0) < RARE_ENGLISH and rare_family and not inflected


def _rare_word(key: str, gaz: Gazetteer) -> bool:
    """A word few write as English and no list holds as a chat word, that is a listed name
    ("shirin", "bashir") or no English at all ("sivanesan"); not a rare English word
    ("sighing disappointedly")."""
    if key in gaz.common or key in gaz.ordinary or key in gaz.countries:
        return False
    if key not in gaz.first and key not in gaz.last and key in gaz.english:
        return False
    return gaz.english.get(key, 0) < CORE_ENGLISH


_UNLISTED = frozenset({"unlisted_lower", "foreign"})
# English place-name endings: a word in no list that ends so is a place ("Larkrise").
_PLACE_ELEMENTS_WORDS = """
    mere moor holt rise wood field ford bury combe worth brook dale gate hurst stead wick
    croft leigh mead side view lodge house hall court cote grange hill vale green bank dene
    thorpe holme garth haven
"""
_PLACE_ELEMENTS = tuple(_PLACE_ELEMENTS_WORDS.split())
# Words before a name that say it is visited at home.
_VISITED_3 = (["popped", "in", "to"], ["pop", "in", "to"], ["popped", "round", "to"])
_VISITED_2 = (
    ["hv", "to"],
    ["hv", "with"],
    ["visit", "to"],
    ["call", "for"],
    ["calls", "for"],
    ["call", "at"],
    ["session", "with"],
)


# Last words of a place's name written in lower case ("linden lodge", "palmer park"); a
# surname-like one ("grace hill") stays a name.
_LOWER_PLACE_ENDS = (PLACE_ENDS | STREET_WORDS | {"park"}) - (SURNAME_ENDS - {"park"})


def lower_place_name(text: str, start: int, end: int) -> bool:
    """A lower-case run of words naming a place ("linden lodge", "salt hill park", "linden
    lodge yps"): a word after the first is a place's last word, and what follows it is not
    said of a person ("ruby lane fell" is a name)."""
    words = text[start:end].split()
    if len(words) < 2 or not text[start:end].islower():
        return False
    lowered = [fold(w) for w in words] + [fold(w) for w in text[end:].split()[:1]]
    return any(_lower_place(lowered, j + 1) for j in range(1, len(words)))


def _lower_place(lowered: list[str], j: int) -> bool:
    """A lower-case pair ending at ``j`` (exclusive) is a place's name: its second word is a
    place's last word and nothing is said of a person after it ("ruby lane fell" is a name),
    or a street word follows ("queen alexandra road")."""
    after = lowered[j] if j < len(lowered) else ""
    if lowered[j - 1] == "park" and after not in PARK_PERSON_VERBS:
        return True  # "clifton park has the show this weekend"
    return (
        lowered[j - 1] in _LOWER_PLACE_ENDS and after not in PREDICATES
    ) or after in STREET_WORDS


def _child_age(word: str) -> bool:
    """A number that is a child's age ("Ayaan (12)"), not a year or a time."""
    return word.isdigit() and 1 <= int(word) <= 18


_AT_A_PLACE = frozenset({"at", "in", "near", "around", "towards", "via"})


# A message with this share of its lower-case words in no list and no English is written
# in another language (or in patois): its unknown words are not names.
FOREIGN_SHARE = 0.4


def _foreign_text(msg: _Message, gaz: Gazetteer) -> bool:
    if msg.foreign is None:
        words = [w for w, (t, _, _) in zip(msg.lowered, msg.tokens, strict=True) if t.islower()]
        words = [w for w in words if len(w) >= 3 and w.isalpha()]
        unlisted = sum(1 for w in words if gaz.unlisted(w))
        msg.foreign = unlisted >= 3 and unlisted >= FOREIGN_SHARE * len(words)
    return msg.foreign


def _place_like(msg: _Message, i: int, places: frozenset[str], gaz: Gazetteer) -> bool:
    """A word in no name list read as a place: a listed place ("Hartcliffe"), a word after
    "at" or "in" ("MDT at Cossham"), or one before an English noun ("Cabot Circus")."""
    tokens, lowered = msg.tokens, msg.lowered
    if lowered[i] in places:
        return True
    if gaz.unlisted(lowered[i]) and len(lowered[i]) >= 7 and lowered[i].endswith(_PLACE_ELEMENTS):
        return True  # "Willowmere", "Thornmoor", "Brackenholt": a house or place's name
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    visit = i > 1 and lowered[i - 2] in ("call", "calls", "visit", "visits", "hv")
    if i > 0 and lowered[i - 1] in _AT_A_PLACE and nxt not in ("'s", "’s") and not visit:
        return True  # "MDT at Cossham"; not "tea call at oyelola adebisi"
    key = fold(nxt)
    return nxt.istitle() and gaz.english.get(key, 0) >= CORE_ENGLISH and key not in gaz.first


# A family name this common may follow an everyday given name ("will baker", "bill long").
WORD_SURNAME = 1000


def _word_name_said(msg: _Message, i: int, gaz: Gazetteer) -> bool:
    """A lower-case given name that is an everyday word, a family name, then what is said of
    the person, opening a clause: "will baker refused", "bill long has lost"."""
    tokens, lowered = msg.tokens, msg.lowered
    if i + 2 >= len(tokens) or not (i == 0 or tokens[i - 1][0] in _CLAUSE_OPENERS):
        return False
    given, family = lowered[i], lowered[i + 1]
    lower = tokens[i][0].islower() and tokens[i + 1][0].islower()
    # "Ivy Church asked us", "Will Hunter has got a place": capitalised alike, the same.
    titled = tokens[i][0].istitle() and tokens[i + 1][0].istitle()
    if not ((lower or titled) and family.isalpha()):
        return False
    if given not in gaz.first or not (given in gaz.ordinary or given in gaz.common):
        return False
    if len(given) < 3 or given in _DETERMINERS or given in PRONOUNS:
        return False  # "the dog's called Rocky", "my son is sick"
    if family not in gaz.last or len(family) < 3 or family in _VERBS_AND_PRONOUNS:
        return False
    if family in STREET_WORDS or (lowered[i + 2] in ("'s", "’s") and family in gaz.common):
        return False  # "hill road is closed", "young people's house meeting"
    if gaz.last.get(family, WORD_SURNAME + 1) > WORD_SURNAME:
        return False  # "wood burner was lit", "will call back": a word more than a surname
    if msg.in_address(i):
        return False
    # "pearl banks skin looks better", "frank bolt pendant not working": what the person has.
    owned = lowered[i + 2] in _OWNED_NOUNS
    return lowered[i + 2] in PREDICATES or (
        owned and i + 3 < len(tokens) and lowered[i + 3] in PREDICATES
    )


def _rare_surname(pair: str | None, k: int, msg: _Message, gaz: Gazetteer) -> bool:
    """The word after a rare given word is a family name rare as English too ("tehrani"),
    and not the same word again ("pum pum")."""
    word = msg.lowered[k]
    if pair is None or word == msg.lowered[k - 1] or msg.in_address(k):
        return False
    return _rare_word(word, gaz)


def _bare_possessive(key: str, gaz: Gazetteer) -> bool:
    """A listed given name with an "s" and no apostrophe ("francescas", "tias"), the word
    itself in no list."""
    if len(key) < 4 or not key.endswith("s") or key in gaz.first or key in gaz.last:
        return False
    name = key[:-1]
    return name in gaz.first and name not in gaz.ordinary and name not in gaz.common


def _surname_after(word: str, given: str, gaz: Gazetteer) -> str | None:
    """A family name written like the given name before it: ``"full"`` if listed ("Gerald
    Pike", "zain rafiq"), ``"full_unlisted"`` if in no list at all ("liliana dobre")."""
    key = fold(word)
    if len(word) < 3 or not word.isalpha():
        return None
    # Capitals make a care word a name ("Faith Walker"); in lower case it stays a word.
    if key in (_NOT_A_SURNAME if word.islower() else _VERBS_AND_PRONOUNS):
        return None
    if key in _NEVER or key in gaz.countries:
        return None
    if word.islower():
        family = key in gaz.ordinary and gaz.last.get(key, COMMON_FAMILY + 1) <= COMMON_FAMILY
        rare_family = gaz.last.get(key, RARE_FAMILY + 1) > RARE_FAMILY
        if rare_family and gaz.english.get(key, 0) >= EVERYDAY_ENGLISH:
            return None  # "rizwan picking up", "cash tin": an English word, a rare surname
        if not given.islower() or key in gaz.common or (key in gaz.ordinary and not family):
            return None  # "zain rafiq", "faith cook"; not "edna might"
    elif not word.istitle() or given.islower():
        return None
    if key in gaz.last:
        return "full"
    unknown = key not in gaz.first and key not in gaz.common and key not in gaz.ordinary
    if word.islower():
        unknown = unknown and key not in gaz.english  # "liliana dobre", not "zakariye wants"
    return "full_unlisted" if unknown else None


class _Message:
    """A message's tokens and sentences, read once for every name in it."""

    def __init__(self, text: str, names: list[tuple[int, int]]) -> None:
        self.tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.text = text
        self.addresses = [m.span() for m in _ADDRESS.finditer(text)]
        self.foreign: bool | None = None  # worked out when first asked (`_foreign_text`)
        self.lowered = [fold(t[0]) for t in self.tokens]
        self.inside = [any(a <= t[1] and t[2] <= b for a, b in names) for t in self.tokens]
        self.sentence: list[int] = []
        current = 0
        for j, (word, _, _) in enumerate(self.tokens):
            self.sentence.append(current)
            if word in _SENTENCE_END and not self._decimal(j):
                current += 1
        # Each sentence's words, in order, read once for every name in the message.
        self.sentences: list[list[str]] = [[] for _ in range(current + 1)]
        for n, word in zip(self.sentence, self.lowered, strict=True):
            self.sentences[n].append(word)
        # Each sentence's adjacent word pairs ("first aid", "sleep in", "football training").
        self.pairs = [set(itertools.pairwise(words)) for words in self.sentences]
        # Each sentence's care words, and those less the ones naming a piece of work ("the
        # MAR audit"), read once for every name in the message.
        self.care_words = [set(words) & _ANY_CARE for words in self.sentences]
        self.care = [
            care - {a for a, b in pairs if b in _WORK_OBJECTS}
            for care, pairs in zip(self.care_words, self.pairs, strict=True)
        ]
        self.people = {i for i, flag in enumerate(self.inside) if flag}
        # "Caleb is on 1:1 tonight": one-to-one (or two-to-one) staffing is for a client.
        self.one_to_one = bool(_ONE_TO_ONE.search(text))
        self.night_log = self._night_log()
        self.training_notice = bool(set(self.lowered) & TRAINING_TERMS)
        # "has passed her level 3, well done!!": praise for a colleague.
        self.praise = bool(_PRAISE.search(text))

    @functools.cached_property
    def home_words(self) -> frozenset[str]:
        """Words of a children's home or of staff anywhere in the message (`features`); read
        only for a message with a reading, once for all its readings."""
        return frozenset(self.lowered) & _HOME_WORDS

    def _night_log(self) -> int:
        """Where the heading of a night log ends ("sleep-in:", "Waking night -", "Sleep-in
        staff:"), or 0: the message is a log of the night."""
        for j, word in enumerate(self.lowered[: HEADING + 1]):
            if word in (":", "-", "–"):
                head = set(self.lowered[:j]) | {
                    " ".join(p) for p in itertools.pairwise(self.lowered[:j])
                }
                when = head & _ROTA_WORDS  # "Sleep-in tonight: Tom Fairclough" is a rota
                return j if head & _NIGHT_HEADS and not when else 0
        return 0

    def care_elsewhere(self, i: int) -> bool:
        """Another sentence of the message speaks of care ("amina wants to go back to her
        mums for eid. sw says not until the risk assessment is done")."""
        here = self.sentence[i]
        return any(n != here and care for n, care in enumerate(self.care_words))

    def _decimal(self, j: int) -> bool:
        """A full stop between digits: a time or a number ("9.30", "38.4"), not a sentence's end."""
        tokens = self.tokens
        return 0 < j < len(tokens) - 1 and tokens[j - 1][0].isdigit() and tokens[j + 1][0].isdigit()

    def in_address(self, j: int) -> bool:
        """The token is part of an e-mail or web address ("oncall@harbourside.example")."""
        return any(a <= self.tokens[j][1] < b for a, b in self.addresses)

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
        words = set(self.sentences[self.sentence[i]])
        evidence = set()
        care = self.care[self.sentence[i]]
        if care or self.care_elsewhere(i):
            evidence.add("care")
        if len(care) >= MUCH_CARE:
            evidence.add("much_care")
        if care & STRONG_CARE or self.one_to_one:
            evidence.add("strong_care")  # "Cynthia has a new catheter", "Mariam's placement"
        staff = words & STAFF_TERMS
        if self._sleep_in(i):
            staff = staff | {"sleep-in"}  # "covering tanyas sleep in": a shift
        if self.night_log and i > self.night_log:
            # "Sleep-in log: Connor up at 2 for the toilet": the night's log of a young
            # person, not a rota.
            staff = staff - _NIGHT_SHIFTS
            evidence.add("log")
        if self._praised(i):
            evidence |= {"praise", "rota"}  # "Well done Tiit Lepp for spotting the sore"
        elif self.praise:
            evidence.add("praise")  # weighs nothing; a full name said only so is a colleague's
        if self._on_a_run(k):
            evidence |= {"staff", "rota"}  # put on a run, on call, covering: plainly work
        if staff or self._off_sick(i):
            evidence.add("staff")
        if len(staff) >= MUCH_STAFF:
            evidence.add("much_staff")
        if (words & TRAINING_TERMS and not self._sport(i)) or self._first_aid(i):
            evidence |= {"training", "staff"}
        elif self.training_notice and not words & _ANY_CARE:
            # "Training update: ... Names down so far are Aaron Fletcher, Gosia ...".
            evidence |= {"training", "staff"}
        if self.slot_before(i):
            evidence.add("slot")  # "9am gladys, 10.30 winston"
        pronoun = self._pronoun_after(i, k)
        if pronoun is not None:
            # "just left Precious, she's doing the 4pm for me": the pronoun does the work.
            nxt_words = self.lowered[pronoun + 1 : pronoun + 3]
            doing = (nxt_words[:1] and nxt_words[0] in AGENT_VERBS) or (
                nxt_words[:1] in (["'s"], ["’s"], ["is"], ["was"], ["will"], ["can"], ["could"])
                and nxt_words[1:]
                and nxt_words[1] in AGENT_VERBS
            )
            evidence.add("agent" if doing else "pronoun")
            if not doing and pronoun - k < CLOSE:
                evidence.add("close_pronoun")  # "Olu didnt want his shave"
        before = lowered[max(0, i - CUE_WINDOW) : i]
        # "for the carers forum": a cue before a determiner is about the noun phrase the
        # word is in ("took a statement from Levi": a preposition ends the phrase).
        cued = before
        for j in range(len(before) - 1, -1, -1):
            if before[j] in _PHRASE_BREAKS:
                break
            if before[j] in _DETERMINERS:
                cued = before[j + 1 :]
                break
        nxt = lowered[k] if k < len(tokens) else ""
        after = lowered[k + 1] if k + 1 < len(tokens) else ""
        third = lowered[k + 2] if k + 2 < len(tokens) else ""
        back_from = before[-2:] in (["back", "from"], ["home", "from"]) or (
            before[-1:] == ["from"] and "just" in before
        )
        # "I went to Padraig at 7", "just been to grace hill": a visit to the person.
        back_from = back_from or before[-2:] in (["went", "to"], ["been", "to"], ["go", "to"])
        # "popped in to Ernesto", "hv to Khadra at 11": a home visit.
        back_from = back_from or before[-3:] in _VISITED_3 or before[-2:] in _VISITED_2
        greeted = any(w in GREETINGS for w in before)
        if back_from or (any(w in PATIENT_CUES for w in cued) and not greeted):
            evidence.add("patient")
        elif any(w in BESIDE_CUES for w in cued) and not greeted:
            evidence.add("beside")
        if evidence & {"patient", "beside"} and any(w in CARE_TERMS for w in before[-3:]):
            evidence.add("task")  # "did the bath for Akosua"
        if before[-2:] == ["eye", "on"]:
            evidence.add("patient")  # "keep an eye on Kai"
        if before[-1:] == ["for"] and any(w in _COVER_WORDS for w in before[-3:-1]):
            evidence -= {"patient", "task"}  # "Just covered for Helena": a colleague's shift
            evidence |= {"staff", "rota"}
        if before[-1:] and before[-1] in _KIN and len(before) > 1 and before[-2] in _OWNERS:
            evidence.add("kin")  # "MK's nan Teresa would like to come": a relative, named
        bracketed = lowered[k : k + 3]
        if (before[-1:] and before[-1] in CLIENT_WORDS) or (
            bracketed[:1] == ["("] and bracketed[1:2] and bracketed[1] in CLIENT_WORDS
        ):
            evidence.add("called_client")  # "YP Tamsin", "Ahmad (UASC)"
        if bracketed[:1] == ["("] and bracketed[2:] == [")"] and _child_age(bracketed[1]):
            evidence.add("called_client")  # "Ayaan (12) had a big meltdown": a child's age
        if self._called_client_after(k):
            evidence.add("called_client")  # "Valbona (new client on the Walcot run)"
        home = before[-1:] and before[-1] in _TO_A_HOME and (not after or after in _AFTER_A_HOME)
        if nxt in ("'s", "’s") and home:
            evidence.add("patient")  # "bag leaking at Jahangir's again": their home
        if nxt in ("'s", "’s") and after in ("last", "first") and third in ("shift", "day"):
            evidence |= {"staff", "rota"}  # "Robin Dunn's last shift is Friday"
        if nxt in ("'s", "’s"):
            owned = {after, third}
            if owned & _OWNED_ROLES:
                evidence.add("has_role")  # "Aaliyah's teacher", "Walter's heel"
            elif owned & CARE_TERMS or (owned & _KIN and "staff" not in evidence):
                # "hodan's school report", "emine's grandson was there": in the development
                # sets every given name owning a relative (40 of 40) was a client's.
                evidence.add("owns")
        if nxt in UNDERGOES:
            evidence.add("undergoes")
        if nxt in AGENT_VERBS or (
            nxt in ("is", "was", "has", "will", "can") and after in AGENT_VERBS
        ):
            evidence.add("agent")
            evidence.discard("undergoes")
        opens = i == 0 or (i == 1 and lowered[0] in GREETINGS)
        spoken = opens and (nxt in (",", "-", ":", "!") or nxt in _REQUEST)
        if self._greeted(i) or (spoken and "called_client" not in evidence):
            evidence.add("addressed")
        return evidence

    def features(self, i: int, k: int, evidence: frozenset[str]) -> frozenset[str]:
        """What the learnt reading weighs about the name in tokens ``[i, k)``: the evidence,
        the words of its sentence before and after it, the two words either side, how it is
        written and the message's words for a children's home."""
        lowered, sentence = self.lowered, self.sentence
        n = len(lowered)
        a, b = i, k
        while a > 0 and sentence[a - 1] == sentence[i]:
            a -= 1
        while b < n and sentence[b] == sentence[i]:
            b += 1
        out = {f"ev:{e}" for e in evidence}
        out.update(f"sb:{w}" for w in lowered[a:i])
        out.update(f"sa:{w}" for w in lowered[k:b])
        out.add(f"nx:{lowered[k] if k < n else '<e>'}")
        out.add(f"nx2:{lowered[k + 1] if k + 1 < n else '<e>'}")
        out.add(f"pv:{lowered[i - 1] if i > 0 else '<s>'}")
        out.add(f"pv2:{lowered[i - 2] if i > 1 else '<s>'}")
        name = self.text[self.tokens[i][1] : self.tokens[k - 1][2]]
        out.add("shape:low" if name.islower() else "shape:cap")
        out.add(f"len:{min(k - i, 3)}")
        out.add("open" if a == i else "mid")
        out.update(f"msg:{w}" for w in self.home_words)
        return frozenset(out)

    def slot_before(self, i: int) -> bool:
        """A visit time right before the name: "9am gladys", "10.30 winston", "@ 2 Ivy"."""
        prev = self.lowered[i - 1] if i > 0 else ""
        if prev in ("am", "pm"):
            return i > 1 and self.lowered[i - 2].isdigit()
        if not prev.isdigit() or i < 1:
            return False
        minutes = i > 2 and self.lowered[i - 2] in (".", ":") and self.lowered[i - 3].isdigit()
        if int(prev) > 24 and not minutes:
            return False  # "at 87818 Dalmatinova": a house number, not a time ("9.30 winifred")
        # "10.30 winston", "12 parveen" after a comma or at the start; not "28 Jan".
        opens = i < 2 or self.lowered[i - 2] in (".", ",", ":", "@", "at", "-")
        return opens and (
            i < 2 or self.lowered[i - 2] != "." or (i > 2 and self.lowered[i - 3].isdigit())
        )

    def _greeted(self, i: int) -> bool:
        """ "thanks Sarah", "hi, sarah", "morning Jo": a greeting right before the name. A
        time of day greets only at the start ("Incident last night: Connor ..." does not)."""
        j = i - 1
        if j >= 0 and self.lowered[j] in (",", "!"):
            j -= 1
        if j < 0 or self.lowered[j] not in GREETINGS:
            return False
        return self.lowered[j] not in _TIMES_OF_DAY or j == 0

    def _first_aid(self, i: int) -> bool:
        """ "Kieran Doyle is doing the first aid on the 28th": a course ("first aid given" is
        care)."""
        same = self.sentences[self.sentence[i]]
        course = {"doing", "booked", "course", "certificate"} & set(same)
        return bool(course) and ("first", "aid") in self.pairs[self.sentence[i]]

    def _sport(self, i: int) -> bool:
        """ "football training", "swimming training": a child's club, not a course."""
        return any((sport, "training") in self.pairs[self.sentence[i]] for sport in _SPORTS)

    def _called_client_after(self, k: int) -> bool:
        """The words after a name call it a client's: "Xin (service user, Stratton)",
        "Tamsin is the client", "Andrei in room 4"; not "Efua, the YP said you were ..."."""
        after = self.lowered[k : k + 5]
        if after[:1] == ["in"] and after[1:2] == ["room"] and after[2:3] and after[2].isdigit():
            return True
        if after[:1] == [","] and len(after) > 3 and after[1] == "the" and after[2] in CLIENT_WORDS:
            # "Jhun, the YP in the top room, told me": an aside; not "Efua, the YP said".
            return after[3] in _ASIDE_GOES_ON
        if not after or after[0] not in ("(", "-", "is", "the"):
            return False
        words = [w for w in after[1:] if w not in _DETERMINERS and w not in ("is", "new")]
        return bool(words) and (words[0] in CLIENT_WORDS or words[:2] == ["service", "user"])

    def _on_a_run(self, k: int) -> bool:
        """ "Marta Kowal and Dilys Jenkins on the Weston round Saturday": put on a run."""
        if k >= len(self.tokens):
            return False
        return _ON_A_RUN.match(self.text, self.tokens[k - 1][2]) is not None

    def _praised(self, i: int) -> bool:
        """ "shout out to Aoife Brennan", "thanks to Zofia Nowicka": thanks for the name."""
        before = tuple(self.lowered[max(0, i - 3) : i])
        return before in _THANKED or before[-2:] in _THANKED or before[-1:] in _THANKED

    def _sleep_in(self, i: int) -> bool:
        """ "the sleep in", "waking night": a shift written as two words."""
        return not self.pairs[self.sentence[i]].isdisjoint(_SHIFTS)

    def _off_sick(self, i: int) -> bool:
        """ "carl is off sick": a colleague's absence."""
        following = self.lowered[i + 1 : i + 5]
        return any(a == "off" and b == "sick" for a, b in itertools.pairwise(following))

    def _pronoun_after(self, i: int, k: int) -> int | None:
        """Where a he/she/his/her follows the name before any other person is named."""
        for j in range(k, min(len(self.tokens), k + PRONOUN_WINDOW)):
            if self.sentence[j] != self.sentence[i] or j in self.people:
                return None
            if self.lowered[j] in PRONOUNS:
                return j
        return None


def readings(
    text: str,
    gaz: Gazetteer,
    names: list[tuple[int, int]],
    places: frozenset[str] = frozenset(),
) -> list[Reading]:
    """The evidence about every given name in ``text`` outside ``names``.

    A given name may come with a listed family name written alike ("Gerald Pike", "zain
    rafiq"): the pair is read as one name.

    Args:
        text: The message.
        gaz: The gazetteers.
        names: Spans already found as names (full names, title + name): their words are
            not read again, but they are people a pronoun may refer to.
        places: Folded place names ("victoria", "lawrence hill"): a name that starts one,
            or runs into a landmark's or institution's word, is a place ("Victoria Park",
            "Fern House", "Bristol Royal Infirmary").
    """
    msg = _Message(text, names)
    tokens, lowered = msg.tokens, msg.lowered
    found: list[tuple[int, int, set[str]]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        saint = (i > 0 and lowered[i - 1] in ("st", "saint")) or (i > 1 and lowered[i - 2] == "st")
        saint = saint or (i > 0 and lowered[i - 1].isdigit() and not msg.slot_before(i))
        # "a glass of sherry": after a determiner a lower-case word is a thing.
        saint = saint or (word.islower() and i > 0 and lowered[i - 1] in _DETERMINERS)
        # "don't mither the YP": after a negation or a modal, a lower-case word is a verb.
        saint = saint or (word.islower() and i > 0 and lowered[i - 1] in _BEFORE_A_VERB)
        place = _place_at(tokens, lowered, i, places)
        if place and not called_client(lowered, i, i + (2 if place == "pair" else 1), CLIENT_WORDS):
            i += 2 if place == "pair" else 1  # "Lawrence Hill": neither word is a name
            continue
        if _word_name_said(msg, i, gaz):
            found.append((i, i + 2, {"full", "lower_pair", "said_of"}))
            i += 2  # "will baker refused his tablets", "bill long has lost his hearing aid"
            continue
        saint = saint or msg.in_address(i)
        doubt = None if msg.inside[i] or saint else _candidate(word, msg.opens_sentence(i), gaz)
        if doubt in ("unlisted_lower", "rare_pair") and _foreign_text(msg, gaz):
            doubt = None  # "zoo saib kawg": a sentence in another language, not names
        if doubt is None or (doubt in _UNLISTED and _place_like(msg, i, places, gaz)):
            i += 1
            continue
        k = i + 1
        pair = None
        if k < len(tokens) and not msg.inside[k]:
            pair = _surname_after(tokens[k][0], word, gaz)
        if doubt == "bare_possessive":
            # Only what the person has makes it a name: "tias contact", "nevaehs placement".
            owned = {
                lowered[j] for j in range(k, min(k + 2, len(tokens))) if tokens[j][0].islower()
            }
            if not owned & (_ANY_CARE | _OWNED_ROLES):  # not "Lloyds Pharmacy"
                i += 1
                continue
            found.append((i, k, {"owns", "bare_possessive"}))
            i = k
            continue
        if pair is not None and word.islower() and _lower_place(lowered, k + 1):
            i = k + 1
            continue  # "linden lodge", "palmer park", "queen alexandra road": a place
        if pair is not None:
            k += 1
        owned_place = k + 1 < len(tokens) and lowered[k] in ("'s", "’s")
        owned_place = owned_place and lowered[k + 1] in _SHOPS  # "Jimmy's pharmacy"
        if k < len(tokens) and (lowered[k] in INSTITUTIONS or owned_place) and word[:1].isupper():
            i = k  # "The Sue Ryder shop", "the Grace Darling pub"
            continue
        rare_given = doubt == "rare_pair"
        if rare_given and (lowered[i] in places or not _rare_surname(pair, k - 1, msg, gaz)):
            i += 1
            continue  # "snuff mills", "kingswood leisure": a rare word before a common one
        if doubt == "everyday_pair" and pair is None:
            i += 1
            continue
        if doubt == "everyday_lower" and pair is not None:
            doubt = "everyday_pair"  # "faith cook": read as a pair
        if doubt == "unlisted_lower" and pair and not _rare_surname(pair, k - 1, msg, gaz):
            pair, k = None, k - 1  # "uija board": an unknown word before an English one
        doubt = {"everyday_pair": "everyday", "rare_pair": "unlisted_lower"}.get(doubt, doubt)
        kinds = {doubt, pair or ""} - {""}
        if pair and word.islower() and f"{lowered[i]} {lowered[i + 1]}" not in places:
            kinds.add("lower_pair")  # "dilwyn rees": written in lower case, not a place
        found.append((i, k, kinds))
        i = k
    msg.people |= {j for i, k, _ in found for j in range(i, k)}
    out = []
    for i, k, doubts in found:
        evidence = frozenset(msg.evidence(i, k) | doubts)
        end = tokens[k - 1][2] - ("bare_possessive" in evidence)  # the name without its "s"
        out.append(Reading(tokens[i][1], end, evidence, msg.features(i, k, evidence)))
    return out


# Place names that are common given names too: only the pair decides ("Victoria Park").
_GIVEN_PLACES_WORDS = """
    victoria stanley clifton chester lincoln beverley kingsley ashley shirley darlington
    lawrence sidney milton preston marlborough eaton hamilton douglas
"""
_GIVEN_PLACES = frozenset(_GIVEN_PLACES_WORDS.split())
# Words after which a lower-case word is a verb: "don't mither", "should ring".
_BEFORE_A_VERB_WORDS = """
    don't dont don’t didn't didnt didn’t can't cant can’t won't wont won’t not should must
    would could pls please
"""
_BEFORE_A_VERB = frozenset(_BEFORE_A_VERB_WORDS.split())
# Determiners after which a lower-case word is not a name.
_DETERMINERS_WORDS = """
    a an the of some any this that my your our
"""
_DETERMINERS = frozenset(_DETERMINERS_WORDS.split())


def _place_at(
    tokens: list[tuple[str, int, int]], lowered: list[str], i: int, places: frozenset[str]
) -> str:
    """``"pair"`` if a capitalised word and the next are a place's name ("Lawrence Hill"),
    ``"word"`` if the word runs into a place word ("Ashton Court"), else ``""``."""
    word = tokens[i][0]
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    if not word[:1].isupper():
        # "lidl in lawrence hill": a lower-case place's name after a place preposition.
        after_prep = i > 0 and lowered[i - 1] in PLACE_PREPOSITIONS
        if not (nxt and after_prep):
            return ""
        # "round temple meads": a place's own word ends the pair.
        end = lowered[i + 1]
        named = f"{lowered[i]} {end}" in places or (end in PLACE_ENDS and end not in SURNAME_ENDS)
        return "pair" if named else ""
    if nxt and f"{lowered[i]} {lowered[i + 1]}" in places:
        return "pair"
    if nxt[:1].isupper() and lowered[i] in PLACE_STARTS:
        return "pair"  # "at Royal Oldham", "West Quay"
    if nxt == "Park" and i > 0 and lowered[i - 1] in TO_A_PARK:
        return "pair"  # "Took YP to Lydiard Park"
    if nxt[:1].isupper() and lowered[i] in places and lowered[i + 1] in TOWN_SECONDS:
        return "pair"  # "tickets for Bradford City"
    for j in range(i + 1, min(len(tokens), i + 4)):
        if not tokens[j][0][:1].isupper():
            return ""
        # "Edna Hill" is a person; "Ashton Court", "Clifton Lido" are places.
        if lowered[j] in STREET_WORDS:
            return "word"  # "Fishponds Road", "Gloucester Rd"
        if lowered[j] in PLACE_ENDS and not (j == i + 1 and lowered[j] in SURNAME_ENDS):
            return "word"
    return ""


# Words after a pair that say too little to make it a person ("rose bush in the garden").
_WEAK_PREDICATES = frozenset({"in", "back", "very", "not", "-", "–", ":"})


def reading_of(
    text: str,
    gaz: Gazetteer,
    span: tuple[int, int],
    names: list[tuple[int, int]],
    with_features: bool = False,
) -> Reading | None:
    """The evidence about a name found by other means (None if it is not whole tokens), and
    the learnt reading's features of it when asked for (``with_features``)."""
    msg = _Message(text, names)
    where = msg.index(*span)
    if where is None:
        return None
    msg.people |= set(range(*where))
    evidence = msg.evidence(*where)
    weak = where[1] < len(msg.lowered) and msg.lowered[where[1]] in _WEAK_PREDICATES
    if where[1] - where[0] == 2 and not weak and _word_name_said(msg, where[0], gaz):
        evidence |= {"full", "lower_pair", "said_of"}  # "hope mason had a good night"
    found = frozenset(evidence)
    features = msg.features(*where, found) if with_features else frozenset()
    return Reading(span[0], span[1], found, features)


def context_clients(
    text: str,
    gaz: Gazetteer,
    names: list[tuple[int, int]],
    model: ContextModel,
    places: frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """``(start, end)`` of given names (alone or with a surname) the learnt reading makes a
    client's."""
    return [
        (r.start, r.end) for r in readings(text, gaz, names, places) if model.is_client(r.features)
    ]
