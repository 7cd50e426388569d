"""Professionals named with their role are not client data ("the GP, Dr Hartley-Ross").

A social worker, GP, nurse or pharmacist named in chat is someone the organisation works
with, not a client: the policy protects clients' identities. A PERSON span counts as a
professional's name when its role is written right next to it:

* before it, joined only by little words or punctuation: "SW is Joanne Pell", "the IRO
  Marcus Feeney", "district nurse Sarah Whitlock", "GP Dr Siddiqui", "the social worker
  (Mrs Okoro)";
* after it: "Dr Okafor the consultant", "Mr Hussain, the pharmacist", "Joanne Pell (SW)";
* a doctor or nurse title with a workplace: "Dr Mbeki from the falls clinic", "Nurse Bev
  from the hospice", "Mr Adeyemi at the pharmacy", "Rang the surgery, Dr Patel ...".

A bare "Dr Siddiqui" stays flagged (clients can be doctors too), and a client named in the
same message is still flagged: the role must touch the name it describes.
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
    r"|befriender|sw|iro|cpn|hcp"
)
# Acronyms that are also words or names: roles only in capitals ("SALT", "PC", "DN").
_CAPITAL_ROLES = r"SALT|PC|PCSO|HCA|OT|IRO|SW|CPN|DN|ANP|ACP"
_ROLE = rf"(?:(?i:\b(?:{_ROLES}))|\b(?:{_CAPITAL_ROLES}))"
# Words that may sit between a role and the name it describes.
_LINK = r"(?:\s*(?:[,:(\-–]|\b(?:is|was|the|our|her|his|their|new|named|called)\b)\s*)*"
_BEFORE = re.compile(rf"{_ROLE}{_LINK}\s*$")
_AFTER = re.compile(
    r"^\s*[,(\-–]?\s*(?:(?i:is\s+)?(?i:the|our|her|his|their|a)\s+(?:\w+\s+)?)?"
    rf"{_ROLE}(?![\w'’])"
)
# Places of work: "from the falls clinic" for anyone; "at the pharmacy" only where clients
# are not usually found ("Mrs Jones at the hospital" may be a client).
_WORKPLACES = (
    r"clinic|surgery|practice|pharmacy|chemist|hospice|hospital|council|team|service|trust"
    r"|ward|unit|centre|center|agency|charity|ambulance|police|gp|cmht|dentist|opticians"
)
_FROM = re.compile(
    rf"^\s*,?\s*(?i:from|of|with)\s+(?i:the\s+)?(?:[\w'’\-]+\s+){{0,3}}(?i:{_WORKPLACES})\b"
)
_AT = re.compile(
    r"^\s*,?\s*(?i:at|from)\s+(?i:the\s+)?(?:[\w'’\-]+\s+){0,2}"
    r"(?i:pharmacy|chemist|surgery|practice|council|clinic|gp|opticians|dentist)\b"
)
_TITLED_WORKPLACE = re.compile(rf"(?i:{_WORKPLACES})\s*[,:\-–]\s*$")
_PRO_TITLE = re.compile(r"(?i:dr|doctor|nurse|prof|professor)\b\.?\s")
# A span that swallowed its role word ("Physio Tom Ridley", "nurse Sarah Whitlock").
_ROLE_FIRST = re.compile(rf"{_ROLE}\s")
WINDOW = 48


def is_professional(text: str, start: int, end: int) -> bool:
    """True when the name at ``text[start:end]`` is written with a professional's role."""
    span = text[start:end]
    before = text[max(0, start - WINDOW) : start]
    after = text[end : end + WINDOW]
    if _ROLE_FIRST.match(span) or _BEFORE.search(before) or _AFTER.match(after):
        return True
    if _FROM.match(after) or _AT.match(after):
        return True
    titled = bool(_PRO_TITLE.match(span))
    return titled and bool(_TITLED_WORKPLACE.search(before))
