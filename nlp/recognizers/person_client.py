"""A first name alone that the message makes a client's: "gave stan his insulin".

The policy lets staff call each other by first name, so a lone first name is normally not
flagged (the client roster's job). But some phrases only ever describe a person receiving
care: the object of a care task ("hoisted Albert into his chair", "prompted Priti with her
drops"), the owner of care equipment or a care visit ("Maud's commode", "Ivy's tea call"),
or the subject of what happens to a client ("Hamid had a fall", "Nell refused her meds",
"Kai went missing from placement"). A name written in one of these phrases is flagged.

The name must look like one: a listed given name (a lower-case one that is also an everyday
word, like "joy", is not taken), or a capitalised word in no list of everyday words. Staff
phrases ("Nimmi's off sick", "Kieran can you do the meds audit") match none of the cues.
Pure functions over the text and the gazetteer; no Presidio here.
"""

from __future__ import annotations

import re

from nlp.names import Gazetteer, fold

_WORD = r"[^\W\d_][^\W\d_'’\-]*(?:[\-'’][^\W\d_]+)?"
# One name word, or a first name and a surname written alike ("Grace Hope").
_NAME = rf"(?P<name>{_WORD}(?:[ \t]+{_WORD})?)"
_NAME1 = rf"(?P<name>{_WORD})"

# Care tasks done TO someone: the word after the verb is the person cared for.
_TASK_VERBS = (
    r"bathed|bathing|showered|showering|washed|washing|hoisted|hoisting|prompted|prompting"
    r"|supported|supporting|fed|feeding|dressed|dressing|repositioned|repositioning|toileted"
    r"|toileting|transferred|creamed|shaved|weighed|visited|visiting|reassured|escorted"
    r"|checked\s+on|check\s+on|checking\s+on|popped\s+in\s+on|pop\s+in\s+on"
    r"|pop\s+in\s+to\s+see|popped\s+in\s+to\s+see|restrained|assess|assessed|assessing"
)
_OBJECT = re.compile(rf"(?i:\b(?:{_TASK_VERBS})\s+){_NAME}(?=\s*(?:[,.;:!?)]|$|\s))")
# "gave stan his insulin", "took Joy to the hairdressers": the verb needs its complement.
_GAVE = re.compile(rf"(?i:\b(?:gave|give|giving|gives)\s+){_NAME}(?=\s+(?i:his|her|their)\b)")
_TOOK = re.compile(
    rf"(?i:\b(?:took|take|taking|takes)\s+){_NAME}(?=\s+(?i:to|out|for\s+a|home|shopping)\b)"
)
# "drove Chantelle to contact", "brought Jordan back at 2am", "put Cyril to bed".
_BROUGHT = re.compile(
    rf"(?i:\b(?:drove|drive|driving|brought|bring|put|putting|got|get"
    rf"|getting)\s+){_NAME}(?=\s+(?i:to\s+(?:contact|bed|school|the\s+toilet|hospital"
    r"|respite|the\s+hairdressers|the\s+dentist|clinic)|back\s+(?:at|from|to|home)|up\s+(?:at|for|and)"
    r")\b)"
)
# "helped Osman with his breakfast", "assisted Maureen to the toilet".
_HELPED = re.compile(
    rf"(?i:\b(?:helped|helping|help|assisted|assisting|assist)\s+){_NAME}(?=\s+(?i:with\s+"
    r"(?:his|her|their)|to\s+(?:the\s+)?(?:toilet|bathroom|bed|chair|commode|shower|bath|lounge"
    r"|table|dress|wash|eat|stand)|into|out\s+of)\b)"
)
# "medication given to Kwabena at 8".
_GIVEN_TO = re.compile(
    r"(?i:\b(?:meds|medication|medicine|tablets|insulin|antibiotics|inhaler|drops|cream|pain"
    rf"\s*killers|paracetamol)\s+(?:\w+\s+)?(?:given|administered|offered)\s+to\s+){_NAME}"
    r"(?=\s*(?:[,.;:!?)]|$|\s))"
)
# Just seen at a visit, then how the person is: "just left Wojtek, he's fine but ...".
_STATES = (
    r"fine|ok|okay|alright|settled|asleep|comfortable|calm|calmer|happy|upset|poorly|unwell"
    r"|low|confused|tired|well|better|worse|chatty|quiet|tearful|agitated|in\s+bed|eating"
    r"|sleeping|in\s+good\s+spirits|in\s+pain|not\s+(?:great|good|well|herself|himself)"
)
_SEEN = re.compile(
    r"(?i:\b(?:just\s+left|just\s+leaving|just\s+seen|just\s+been\s+(?:in\s+)?(?:to\s+see|with)"
    rf"|been\s+in\s+with|sat\s+with|sitting\s+with|still\s+with)\s+){_NAME}"
    r"(?=\s*[,.;:\-]?\s*(?i:he|she|they)(?:['’]s|\s+is|\s+was|\s+seems|\s+seemed|['’]re|\s+are)"
    rf"\s+(?:(?i:very|quite|really|a\s+bit|much|so)\s+)?(?i:{_STATES})\b)"
)
_SEEN_WORDS = frozenset({"left", "leaving", "seen", "been", "with"})
# A visit slot: "can someone cover rich gardener at 4" (a full name: a staff member on
# the rota is named by first name, and the staff roster drops staff names anyway).
_VISIT = re.compile(
    rf"(?i:\b(?:cover|covering|do|doing|see|seeing|visit|visiting)\s+)"
    rf"(?P<name>{_WORD}[ \t]+{_WORD})(?=\s+(?i:at|@)\s*\d)"
)
# Things and visits that belong to the person cared for.
_CARE_THINGS = (
    r"meds|medication|medicine|tablets|insulin|inhaler|eye\s*drops|drops|catheter|commode"
    r"|pads?|hoist|sling|wheelchair|zimmer|walking\s+frame|frame|dentures|hearing\s+aids?"
    r"|skin|heels|pressure\s+areas?|sugars|bloods|obs|stoma|peg|oxygen|nebuliser|care\s+plan"
    r"|(?:breakfast|lunch|lunchtime|tea|teatime|dinner|bedtime|morning|evening|night)"
    r"\s+(?:call|visit)|nan|nana|nanna|gran|granny|grandad|grandma|grandpa|social\s+worker"
    r"|foster\s+carers?|placement|contact\s+(?:visit|session)|key\s*worker|pep|lac\s+review"
    r"|incontinence|continence|mobility|bowels|fluids|fluid\s+chart|food\s+chart|body\s+map"
    r"|package\s+of\s+care|care\s+package|falls?|seizures?|respite|intake"
    r"|behaviour\s+(?:chart|plan|support|in\s+class|at\s+school)|blood\s+(?:sugars?|pressure)|wound|ulcer|dressings?"
    r"|pressure\s+sores?|carers?|pendant\s+alarm|key\s*safe|lifeline|toenails"
    r"|contact\s+(?:with\s+(?:mum|dad|nan|family|her|his|their|siblings)|visit|session|tonight|today)"
    r"|(?:daughter|son|niece|nephew|grandson|granddaughter|family|next\s+of\s+kin|nok)\s+"
    r"(?:visited|is\s+visiting|came\s+to\s+visit|(?:rang|called|phoned|asked)\s+about)"
)
# The person's family, when the message is about their care: "Sunita's daughter wants a
# call before any change to her meds", "Aziz's family want a review of his package".
# Staff have families too ("Dawn's daughter wants picking up at 3"): the care word decides.
_KIN = re.compile(
    r"['’]s\s+(?i:daughter|son|niece|nephew|grandson|granddaughter|family|wife|husband"
    r"|next\s+of\s+kin|nok|mum|dad|mother|father|brother|sister|foster\s+carers?)\b"
)
_CARE_MATTER = re.compile(
    r"(?i:\b(?:meds|medication|tablets|package|care\s+plan|review|placement|discharge"
    r"|assessment|funding|social\s+worker|contact\s+(?:visit|session|arrangements)"
    r"|(?:his|her|their)\s+(?:care|carers|visits|calls|support))\b)"
)
_OWNED = re.compile(rf"['’]s\s+(?:[^\W\d_]+\s+)?(?i:{_CARE_THINGS})\b(?![\w'’\-])")
_OWNER = re.compile(rf"(?<![\w'’\-]){_NAME1}$")
# What a client refuses ("refused her meds", "is refusing personal care"), not a shift.
_REFUSED = (
    r"(?:his|her|their|personal|care|meds|medication|food|fluids|all|lunch|breakfast|tea"
    r"|dinner|supper|a\s+wash|a\s+shower|support|help|again|the\s+(?:hoist|meds|shower|wash"
    r"|visit|call)|to\s+(?:eat|drink|take|get|go\s+to\s+(?:school|bed|sleep)|come|wash|shower|let))"
)
# What happens to a client, said of the person (the name is the subject).
_EVENTS = (
    r"(?:has\s+|'s\s+|’s\s+)?(?:had|has)\s+(?:a|an|another|his|her|their)\s+(?:[^\W\d_]+\s+)?"
    r"(?:fall|seizure|fit|accident|nightmare|tantrum|meltdown|uti|bm|episode)s?"
    r"|had\s+(?:a|an)\s+(?:restless|unsettled|settled|disturbed)\s+night"
    r"|(?:(?:is|was|keeps|kept|has\s+been)\s+)?(?:refusing|declining)(?=\s+" + _REFUSED + ")"
    r"|(?:refused|refuses|declined)(?=\s+" + _REFUSED + r"|\s*[,.;:!]|\s*$)|spat\s+out"
    r"|(?:went|goes|has\s+gone|had\s+gone|is|was|has\s+been|went\s+back)\s+missing|absconded"
    r"|(?:kicked|kicking|kicks)\s+off(?!\s+(?:about|at\s+(?:me|us|the\s+office|work)))"
    r"|(?:ran|run|has\s+run)\s+away|wandered\s+off|went\s+awol"
    r"|(?:ran|run|has\s+run)\s+off\s+from\s+(?:school|placement|the\s+home|home|the\s+unit|contact)"
    r"|(?:is|was)\s+in\s+hospital\s+with\s+(?:a|an)"
    r"|(?:was|got|has\s+been)\s+(?:restrained|excluded)\b"
    r"|smashed\s+(?:his|her|their|a)|threatened\s+(?:staff|a\s+carer|another)"
    r"|fell\s+(?:in|on|out|over|down|getting|while|and|again)\b(?!\s+(?:asleep|love))"
    r"|(?:is|was)\s+(?:end\s+of\s+life|on\s+end\s+of\s+life\s+care|palliative)"
    r"|has\s+(?:dementia|alzheimer'?s|parkinson'?s|diabetes|copd|epilepsy|autism|adhd|a\s+stoma)"
    r"(?!\s+(?:awareness|training|course|module))"
    r"|gets\s+(?:confused|agitated|distressed)\s+(?:at|in|when|by|if|after|before|easily)"
    r"|needs\s+(?:his|her|their)\s+(?:\w+\s+)?(?:nails|toenails|hair\s+washed|tablets|meds"
    r"|medication|pads|catheter|dressings?|cream|insulin|inhaler|eye\s+drops|hearing\s+aids?)"
    r"|(?:didnt|didn't|didn’t)\s+want\s+(?:his|her|their)\s+(?:tea|lunch|breakfast|dinner|meds"
    r"|tablets|supper|medication)(?!\s+break)"
    r"|keeps\s+asking\s+for\s+(?:his|her|their)\s+(?:wife|husband|mum|mother|dad|father|son"
    r"|daughter|family|sister|brother)"
    r"|(?:took|has\s+taken|takes|had)\s+(?:all\s+)?(?:his|her|their)\s+"
    r"(?:meds|medication|tablets|insulin|inhaler|antibiotics)"
    r"|(?:was|has\s+been|got)\s+(?:admitted\s+(?:to|into)|discharged\s+(?:from|home))"
    r"|(?:was|has\s+been)\s+taken\s+(?:to|into)\s+hospital"
    r"|ate\s+(?:well|nothing|very\s+little|(?:half|all|most|some|a\s+little)\s+(?:of\s+)?"
    r"(?:his|her|their)|(?:his|her|their)\s+(?:breakfast|lunch|tea|dinner|supper|meal))"
    r"|drank\s+(?:well|very\s+little|(?:his|her|their)\s+(?:tea|fluids|drink))"
    r"|(?:has|had|got)\s+(?:a|an)\s+(?:(?:chest|water|urine|skin|wound|ear|eye)\s+)?"
    r"(?:infection|rash|pressure\s+sore|uti|temperature|high\s+temperature)"
    r"|(?:is|was|seems|seemed|has\s+been|'s|’s|'s\s+been|’s\s+been)"
    r"(?:\s+(?:very|quite|a\s+bit|really|more|still|so))?"
    r"\s+(?:confused|agitated|distressed|unsettled|tearful|withdrawn|drowsy|disorientated"
    r"|disoriented|incontinent|constipated|chesty|settling\s+in|settled\s+in)"
    r"|has\s+been\s+(?:self[\s\-]?harming|vomiting|wandering|refusing|soiling|wetting)"
    r"|self[\s\-]?harmed|vomited|soiled\s+(?:himself|herself|themselves)"
    r"|(?:wouldnt|wouldn't|wouldn’t|won't|won’t|wont|didnt|didn't|didn’t)\s+"
    r"(?:let\s+(?:me|us)\s+in|eat|drink|take\s+(?:his|her|their)|get\s+up|settle)"
    r"|(?:was|is)\s+still\s+in\s+(?:his|her|their)\s+(?:pyjamas|pjs|nightie|nightdress|bed)"
)
_EVENT = re.compile(rf"(?:(?<=[ \t])|(?<=\w)(?=['’]s\s))(?i:{_EVENTS})\b")
# The one or two words right before an event, at the start or after a space or punctuation.
_BEFORE_EVENT = re.compile(
    rf"(?:^|(?<=[\s,.;:!?(\-]))(?<!['’])(?P<name>{_WORD}(?:[ \t]+{_WORD})?)[ \t]*$"
)
_LAST_WORD = re.compile(rf"(?:^|(?<=[\s,.;:!?(\-]))(?<!['’])(?P<name>{_WORD})[ \t]*$")
SUBJECT_WINDOW = 60

# Words that stand where a name would but are never one: pronouns, kin, roles, days, months.
_NEVER_WORDS = """
    he she they him her them his hers their it we you i me us someone anyone everyone nobody
    somebody everybody client resident service user child young person lady gentleman man woman
    boy girl mum mam mom dad nan nana nanna gran granny grandad grandma grandpa son daughter
    brother sister wife husband partner carer carers staff family friend neighbour dog cat
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today tonight yesterday also then
    still she's he's jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed weds
    thu thur thurs fri sat sun
"""
_NEVER = frozenset(_NEVER_WORDS.split())


def _given_like(word: str, gaz: Gazetteer, ordinary_ok: bool = False) -> bool:
    key = fold(word)
    if len(word) < 2 or key in _NEVER:
        return False
    if word.islower():
        if len(word) < 3:
            return False  # "yp ab went missing": lower-case initials
        ordinary = key in gaz.ordinary and not ordinary_ok
        return key in gaz.first and not ordinary and key not in gaz.common
    if not word[0].isupper() or (word.isupper() and len(word) < 6):
        return False  # "JT", "CP", "MS-A": initials and acronyms
    if key in gaz.first:
        return True
    return key not in gaz.common and key not in gaz.ordinary and len(word) >= 3


def _surname_like(word: str, first: str, gaz: Gazetteer) -> bool:
    key = fold(word)
    alike = word.islower() == first.islower() and (word.islower() or word.istitle())
    listed = key in gaz.last or key in gaz.first
    return alike and listed and key not in _NEVER and (not word.islower() or key not in gaz.common)


def _name_span(
    text: str, match: re.Match[str], gaz: Gazetteer, alone: bool, ordinary_ok: bool = False
) -> tuple[int, int] | None:
    """The name's span; ``alone``: its first word may stand alone ("hoisted Albert into").

    ``ordinary_ok``: a lower-case given name that is also a word may be the name ("joy had
    a fall" at the start of a clause).
    """
    start, end = match.span("name")
    parts = text[start:end].split()
    if match.re is _VISIT:  # a given name, even one that is a word ("rich"), + a surname
        first = fold(parts[0])
        ok = first in gaz.first and first not in _NEVER and first not in gaz.common
        return (start, end) if ok and _surname_like(parts[1], parts[0], gaz) else None
    if not _given_like(parts[0], gaz, ordinary_ok):
        return None
    if len(parts) == 2 and not _surname_like(parts[1], parts[0], gaz):
        # Not a surname: after a care verb the first word is the name ("bathed Lowri
        # today"); before an event the regex tries the one-word name itself.
        return (start, start + len(parts[0])) if alone else None
    return start, end


# Cheap tests that a pattern can match at all (most messages have none of the cues): a
# word every match of the pattern contains.
_LETTERS = re.compile(r"[a-z]+")
_GIVE_TAKE = (
    "gave give giving gives took take taking takes given administered offered helped helping"
    " help assisted assisting assist drove drive driving brought bring put putting got get"
    " getting pop popped"
)
_VERB_WORDS = frozenset((*re.sub(r"\\s\+\w+", "", _TASK_VERBS).split("|"), *_GIVE_TAKE.split()))
_EVENT_WORD_LIST = """
    fall falls seizure seizures fit fits accident accidents nightmare nightmares tantrum
    tantrums meltdown meltdowns uti utis bm bms episode episodes refused refuses refusing
    declined spat missing absconded confused agitated distressed unsettled tearful withdrawn
    drowsy disorientated disoriented incontinent constipated chesty settling settled self
    selfharming vomiting vomited wandering soiling soiled wetting let eat drink take get settle
    pyjamas pjs nightie nightdress bed night declining off away awol meds medication tablets
    insulin inhaler antibiotics hospital admitted discharged sick ate drank slept infection
    rash sore temperature restrained excluded suspended smashed threatened fell life palliative
    dementia alzheimer alzheimers parkinson parkinsons diabetes copd epilepsy autism adhd stoma
    gets needs want wants keeps kicked kicking kicks
"""
_EVENT_WORDS = frozenset(_EVENT_WORD_LIST.split())


def client_mentions(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """``(start, end)`` of names the message's wording makes a client's, in order."""
    found: set[tuple[int, int]] = set()
    words = set(_LETTERS.findall(text.lower()))
    patterns: list[re.Pattern[str]] = []
    if words & _VERB_WORDS:
        patterns += (_OBJECT, _GAVE, _TOOK, _BROUGHT, _HELPED, _GIVEN_TO)
    if ("at" in words or "@" in text) and any(c.isdigit() for c in text):
        patterns.append(_VISIT)
    if words & _SEEN_WORDS:
        patterns.append(_SEEN)
    if "'s" in text or "’s" in text:
        found.update(_owners(text, gaz))
    if words & _EVENT_WORDS:
        found.update(_subjects(text, gaz))
    for pattern in patterns:
        for match in pattern.finditer(text):
            span = _name_span(text, match, gaz, pattern in (_OBJECT, _GIVEN_TO, _SEEN))
            if span is not None:
                found.add(span)
    return sorted(found)


def _subjects(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Names right before an event ("Grace Hope had a fall", "then Dawit refused")."""
    out = []
    for event in _EVENT.finditer(text):
        lo = max(0, event.start() - SUBJECT_WINDOW)
        for finder in (_BEFORE_EVENT, _LAST_WORD):
            match = finder.search(text, lo, event.start())
            first = match.start("name") if match else 0
            opens = not text[:first].strip() or text[:first].rstrip()[-1] in ".,;:!?-("
            span = _name_span(text, match, gaz, False, opens) if match else None
            if span is not None:
                out.append(span)
                break
    return out


def _owners(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Names right before a possessive care thing ("Ivy's tea call", "Cyril's zimmer")."""
    out = []
    kin = _KIN.finditer(text) if _CARE_MATTER.search(text) else iter(())
    for owned in (*_OWNED.finditer(text), *kin):
        match = _OWNER.search(text, max(0, owned.start() - 40), owned.start())
        span = _name_span(text, match, gaz, False) if match else None
        if span is not None:
            out.append(span)
    return out
