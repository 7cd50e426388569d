"""Professionals named with their role are not client data ("the GP, Dr Hartley-Ross").

A social worker, GP, nurse or pharmacist named in chat is someone the organisation works
with, not a client: the policy protects clients' identities. A PERSON span counts as a
professional's name when its role is written right next to it:

* before it, joined only by little words or punctuation: "SW is Joanne Pell", "the IRO
  Marcus Feeney", "district nurse Sarah Whitlock", "GP Dr Siddiqui", "the social worker
  (Mrs Okoro)";
* after it: "Dr Okafor the consultant", "Mr Hussain, the pharmacist", "Joanne Pell (SW)";
* a doctor or nurse title with a workplace: "Dr Mbeki from the falls clinic", "Nurse Bev
  from the hospice", "Mr Adeyemi at the pharmacy", "Rang the surgery, Dr Patel ...", "Dr
  Osei in ED said ...".

A doctor ("Dr Siddiqui", "Dr adebayo wants bloods repeated") is a professional unless the
message calls them the client ("Dr Hussain the client in Fishponds"): in the development
sets 148 of 149 doctors named were professionals. A client named in the same message is
still flagged: the role must touch the name it describes.
"""

from __future__ import annotations

import re

# Roles written before or after a name, in any case.
_ROLES = (
    r"gp|doctor|consultant|registrar|surgeon|nurse|matron|midwife|paramedic|pharmacist"
    r"|chemist|physio|physiotherapist|social\s+worker|health\s+visitor|care\s+co-?ordinator"
    r"|occupational\s+therapist|speech\s+therapist|therapist|dietitian|dietician|podiatrist"
    r"|chiropodist|dentist|optician|audiologist|psychiatrist|psychologist|advocate|solicitor"
    r"|chaplain|vicar|priest|imam|rabbi|key\s*worker|case\s*worker|support\s+worker"
    r"|befriender|sw|iro|cpn|hcp|ot|dn|hca|anp|pcso|ward\s+sister|charge\s+nurse|teacher|head\s*teacher"
    r"|(?:virtual\s+)?school\s+(?:head|officer|nurse)|virtual\s+school|head\s+of\s+(?:the\s+)?(?:year|care|service|virtual\s+school|\w+)|senco|tutor"
    r"|(?:registered|care|home|deputy|team|service|practice|ward|line)\s+manager"
    r"|(?:housing|police|probation|youth|family\s+support|liaison|welfare|attendance|education|fire)"
    r"\s+officer|lado|paediatrician|paediatric\s+\w+|neurologist|cardiologist|geriatrician"
    r"|dermatologist|oncologist|radiographer|optometrist|specialist\s+nurse|continence\s+nurse"
    r"|interpreter|translator|guardian|councillor|reviewing\s+officer|worker|co-?ordinator"
    r"|dsl|children['’]s\s+reporter|head(?=\s+(?:at|of|from)\s)|practitioner|(?<=protection\s)chair|(?<=conference\s)chair"
    r"|clinician|locum|yot(?:\s+(?:officer|worker))?|receptionist|coach|mentor|sgt|sergeant"
    r"|inspector|(?:night\s+)?sitter|independent\s+visitor"
)
# The organisation's own roles: "Gemma Hayes is the new TL", "the manager on call, Mark
# Long". Written straight after a name they are the client's ("mrs pembertons carer"), so
# after a name they count only with "is the", "our" or a comma.
_STAFF_ROLES = (
    r"(?:acting\s+|deputy\s+)?manager|deputy|team\s+leader|tl|senior|lead|(?:reg\s*44\s+)?visitor"
    r"|(?:senior\s+|night\s+|bank\s+|relief\s+)?carer"
    r"|care\s+assistant|duty\s+(?:sw|social\s+worker|manager|officer)|(?:co-?)?kw"
)
# Words joining a name to the role it takes: "is now the named coordinator", "will be key
# worker for the new YP", "takes over as coordinator", "has been made up to senior carer".
_BECOMES = (
    r"\s+(?i:(?:is|will\s+be|has\s+been)\s+(?:now\s+|made\s+up\s+to\s+|appointed\s+(?:as\s+)?)?"
    r"|will\s+now\s+be\s+|is\s+going\s+to\s+be\s+|takes\s+over\s+as\s+|becomes\s+"
    r"|is\s+moving\s+[^.!?,]{0,40}?\bas\s+)"
    r"(?i:(?:the|our|a|an|new|named|link|acting)\s+)*"
)
# Up to three words describing a role after "is" ("is our new Dari speaking carer"); not a
# verb first, a number ("a 2 carer call"), a preposition or a possessive ("is asking for
# her key worker", "was shouting at the carer").
_ROLE_GAP = (
    r"(?!\w+ing\b)(?:(?!\d|two\b|double\b|(?:at|to|with|for|by|from|on|in|her|his|their)"
    r"(?![\w\-]))[\w\-]+\s+){0,3}?"
)
# Acronyms that are also words or names: roles only in capitals ("SALT", "PC", "ACP"); the
# ones that are no word are roles in any case above ("ot marek lis coming at 2").
_CAPITAL_ROLES = r"SALT|PC|ACP|PA"
_ROLE = rf"(?:(?i:\b(?:{_ROLES}))|\b(?:{_CAPITAL_ROLES}))"
_ANY_ROLE = rf"(?:(?i:\b(?:{_ROLES}|{_STAFF_ROLES}))|\b(?:{_CAPITAL_ROLES}))"
# Words that may sit between a role and the name it describes.
_LINK = (
    r"(?:\s*(?:[,:(\-–]|\b(?:is|was|the|our|her|his|their|new|named|called|today|tonight"
    r"|this\s+(?:week|weekend|morning|afternoon|evening)"
    r"|(?:assessment|appointment|appt|visit|session|meeting|review)\s+with|now|still"
    # "therapist will be Sioned Jenkins", "TL on call tonight is Mutasim Babiker"
    r"|will\s+be|on[\s\-]+call"
    # "the new social worker for Elm House is Priti Sharma"
    r"|for\s+(?:[\w'’\-()]+\s+){1,3}?(?=(?:is|are)\b))\b)\s*)*"
)
# Verbs that end a clause about a role ("matron at southmead rang, mrs szabo ...").
_SAID = r"(?i:rang|rung|called|phoned|said|says|emailed|texted|wrote|confirmed)\b"
# "Our new SW lead, Gareth Lloyd": a role may carry a rank word.
_BEFORE = re.compile(
    rf"{_ANY_ROLE}(?:\s+(?i:lead|manager|team\s+manager|team\s+lead|supervisor|contact)){{0,1}}"
    # "the SW for yp DA, Hannah Briggs", "advocate from Barnardo's, Chloe Hart"
    # "The head at Fitzalan, Mr Ahmed", "The optician at Specsavers in Spindles, Mr Li"
    # (not "matron at southmead rang, mrs szabo ...": a verb ends that clause).
    rf"(?:\s+(?i:for|from|at)\s+(?:(?!{_SAID})[\w'’\-]+\s+){{0,4}}(?!{_SAID})[\w'’\-]+\s*[,(])?{_LINK}\s*$"
)
# "The social worker chairing the Hollybank review is Tamsin Okoro", "Our LADO contact for
# Devon is now Rachel Tonks", "the EDT social worker last night was a Mr Nwosu": the role,
# a few words about it, then "is" or "was" and the name.
_ROLE_IS = re.compile(
    rf"{_ANY_ROLE}(?![\w'’])(?:\s+(?!{_SAID})[\w'’\-]+){{0,6}}?\s+(?i:is|was)(?:\s+now)?"
    r"(?:\s+(?i:a|an|the))?\s*$"
)
# "Tom Hewitt from Coram Voice is the new advocate", "Tariq Mahmoud from adult social care is
# our new link social worker".
_FROM_THEN_ROLE = re.compile(
    rf"^\s+(?i:from|at|with)(?:\s+[\w'’&\-]+){{1,4}}?{_BECOMES}{_ROLE_GAP}{_ANY_ROLE}(?![\w'’])"
)
# "Miss Carter, JT's form teacher": a client's initials may stand for "her"/"his".
_AFTER = re.compile(
    # "Chris Maguire, the community mental health nurse": a few words may describe the role.
    r"^\s*(?:[,(\-–]\s*(?:(?:(?i:is\s+)?(?:(?i:the|our|her|his|their|a)|[A-Z]{1,3}['’]s)\s+(?:[\w'’]+\s+){0,3})"
    r"|(?:\w+\s+)?)"
    # Without a comma, "his"/"her" belong to the name: "remind Ezekiel his optician appt".
    # "Farzana Rezaei is our new Dari speaking carer": a few words may describe the role.
    r"|(?:(?i:is\s+)?(?i:the|our|your|a)\s+(?:\w+\s+){0,3})?"
    # "is now the named coordinator", "will be key worker", "takes over as coordinator"
    rf"|{_BECOMES}{_ROLE_GAP})"
    rf"{_ROLE}(?![\w'’])(?!\s+(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Nurse)\b)"
)
_STAFF_AFTER = re.compile(
    r"^\s*(?:,\s*(?i:here\s*,\s*)?(?i:(?:the|our|a|new|acting)\s+)+"
    r"|\s+(?i:here\s*,\s*|is\s+|was\s+)(?i:(?:the|our|a|new|acting)\s+)*"
    rf"|{_BECOMES})"
    # "is the on-call manager"; not "is a 2 carer call" (a call two carers do), nor "was
    # shouting at the carer".
    rf"{_ROLE_GAP}(?i:{_STAFF_ROLES})(?![\w'’])"
)
# Places of work: "from the falls clinic" for anyone; "at the pharmacy" only where clients
# are not usually found ("Mrs Jones at the hospital" may be a client).
_WORKPLACES = (
    r"clinic|surgery|practice|pharmacy|chemist|hospice|hospital|council|team|service|trust"
    r"|virtual\s+school"
    r"|ward|unit|centre|center|agency|charity|ambulance|police|gp|cmht|dentist|opticians"
    r"|office|hc|health\s+centre"
)
_AT_WORKPLACE = re.compile(
    rf"^\s*,?\s*(?i:at|on)\s+(?i:the\s+)?(?:[\w'’\-]+\s+){{0,3}}(?i:{_WORKPLACES})\b"
)
_FROM = re.compile(
    rf"^\s*,?\s*(?i:from|of|with)\s+(?i:the\s+)?(?:[\w'’\-]+\s+){{0,3}}(?i:{_WORKPLACES})\b"
)
# "Mrs Jones from Age UK", "Tom from the Carers Trust": an organisation's name.
_FROM_ORGANISATION = re.compile(
    r"^\s*,?\s*(?i:from|at|of|with)\s+(?i:the\s+)?(?:[A-Z][\w'’&\-]*\s+){1,3}"
    r"(?:UK|Trust|Foundation|Charity|Council|Society|Association|Partnership|Services?|Network"
    r"|Alliance|Project|Housing|Care)\b"
    # "Julie Sharp from CHC": a service known by its letters.
    r"|^\s*,?\s*(?i:from|at)\s+(?:the\s+)?[A-Z]{2,6}\b(?!['’])"
)
_AT = re.compile(
    r"^\s*,?\s*(?i:at|from)\s+(?i:the\s+)?(?:[\w'’\-]+\s+){0,2}"
    r"(?i:pharmacy|chemist|surgery|practice|council|clinic|gp|opticians|dentist|camhs|cmht)\b"
)
# "has discharged G. Harrington from the falls clinic": the name is what was done to.
_DONE_TO = re.compile(
    r"(?i:discharged|referred|admitted|transferred|seen|saw|took|brought|collected|visited"
    r"|moved|sent|for)\s+$"
)
_TITLED_WORKPLACE = re.compile(rf"(?i:{_WORKPLACES})\s*[,:\-–]\s*$")
# Clergy titles name the minister, not a client ("Rev Thomas from St Mark's").
_CLERGY = re.compile(r"(?i:rev|revd|reverend|pastor)\b\.?\s")
# "Father Liam from St Joseph's", "Fr. Tomasz": capitalised, a priest (not "her father").
_CLERGY_BEFORE = re.compile(r"\b(?:Father|Fr\.?)\s+$")
_DOCTOR = re.compile(r"(?i:dr|doctor|prof|professor)\b\.?\s")
_PRO_TITLE = re.compile(r"(?i:dr|doctor|nurse|sister|matron|prof|professor)\b\.?\s")
# A doctor or nurse "in ED", "on the ward": where they work, not where they are treated.
_IN_DEPARTMENT = re.compile(
    r"^\s*,?\s*(?i:in|on)\s+(?i:the\s+)?(?:ED|A\s*&\s*E|AE|(?i:a\s+and\s+e|resus|majors|minors"
    r"|outpatients|theatres?|icu|itu|the\s+ward|ward\s+\w+)|[A-Z]\d{1,2})\b"
)
# A service visited, written straight after the client's name: "Ciara D dentist tues 9.15".
_VISIT_AFTER = re.compile(
    r"^\s+(?i:dentist|optician|opticians|gp|audiologist|podiatrist|chiropodist|physio)"
    r"\s+(?i:appt|appointment|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|today|tomorrow|tmrw|at|@|\d)"
)
# A doctor giving a clinical view: "Dr Adeyinka, she's happy for the dose to go up".
_CLINICAL = re.compile(
    # "Dr Adeyemi (out of hours) she said ...": a bracketed aside may come first.
    r"^\s*(?:\([^)]{1,30}\)\s*)?,?\s*(?i:(?:he|she|they)(?:['’]s|\s+is|\s+was)?\s+)?(?i:said|says|advised|advises"
    r"|prescribed|has\s+prescribed|increased|reduced|stopped|reviewed|is\s+happy|happy"
    r"|recommended|recommends|thinks|suggested|suggests|agreed|referred|rang|called|phoned"
    r"|will\s+(?:ring|call|phone|visit|review|do)|has\s+asked\s+for|asked\s+for"
    r"|is\s+(?:doing|coming|visiting))\b"
)
# A span that swallowed its role word ("Physio Tom Ridley", "nurse Sarah Whitlock").
_ROLE_FIRST = re.compile(rf"{_ROLE}\s")
# "Dr Hussain the client in Fishponds": a doctor who is a client is said to be one.
_CALLED_CLIENT = re.compile(
    r"^\s*[,(\-–]?\s*(?i:(?:is\s+)?(?:the|our|a|new)\s+)*(?i:client|service\s+user|resident"
    r"|patient\s+of\s+ours|yp|young\s+person)\b"
)
_LAST_WORD = re.compile(r"\w+\s+$")
WINDOW = 48


def is_professional(text: str, start: int, end: int) -> bool:
    """True when the name at ``text[start:end]`` is written with a professional's role."""
    span = text[start:end]
    before = text[max(0, start - WINDOW) : start]
    after = text[end : end + WINDOW]
    # "ward sister Ann Foy": the span may have taken the role's last word as a title.
    lead = _LAST_WORD.search(before)
    led = (lead.group(0) if lead else "") + span
    # "Heard back from the IRO, Keanu's review": an owner, not the role's name.
    owner = after[:2] in ("'s", "’s") and not _PRO_TITLE.match(span)
    role_before = _BEFORE.search(before) or _ROLE_IS.search(before)
    if _ROLE_FIRST.match(span) or _ROLE_FIRST.match(led) or (role_before and not owner):
        return True
    if _CLERGY.match(span) or _CLERGY.match(led) or _CLERGY_BEFORE.search(before):
        return True
    role_after = _AFTER.match(after) or _STAFF_AFTER.match(after) or _FROM_THEN_ROLE.match(after)
    if role_after and not _VISIT_AFTER.match(after):
        return True
    workplace = _FROM.match(after) or _AT.match(after) or _FROM_ORGANISATION.match(after)
    if workplace and not _DONE_TO.search(before):
        return True
    titled = bool(_PRO_TITLE.match(span))
    if not titled:
        return False
    if _AT_WORKPLACE.match(after):
        return True  # "Sister Bernadette at Woodlands Hospice"
    if _DOCTOR.match(span) and not _CALLED_CLIENT.match(after):
        return True  # 148 of 149 doctors named in the development sets were professionals
    # A clinical view needs a doctor's title: "Sister Jean Tovey rang" may be family.
    clinical = bool(_DOCTOR.match(span)) and bool(_CLINICAL.match(after))
    return bool(_TITLED_WORKPLACE.search(before) or _IN_DEPARTMENT.match(after) or clinical)
