"""Generated care-chat style training sentences, labelled for the person tagger.

WNUT-17 is social media with few lower-case or all-capitals names and almost no care
vocabulary. These templates add names in those forms, with titles and possessives, plus
sentences where name-like words are ordinary words. Names come from the shipped gazetteer
(census and curated lists), never from the evaluation sets. Fixed seed: reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

from nlp.names import Gazetteer
from nlp.recognizers.person_features import tokenize

# {P} = full name, {T} = title + surname, {F} = given name alone, {S} = surname alone.
PERSON_TEMPLATES = (
    "just left {P} , she was in good spirits",
    "{P} refused her tablets again this morning",
    "can someone cover {P} at 3pm",
    "{T} had a fall in the bathroom , no injuries",
    "popped in to see {T} , all fine",
    "{P}'s daughter rang about the key safe",
    "{T}'s meds need reordering",
    "family of {P} asked for a call back",
    "{F} says the hoist is broken again",
    "running late for {T} sorry",
    "is anyone free to swap with me for {P} tomorrow",
    "{P} wasn't eating much today",
    "update on {P} : GP visit booked",
    "spoke to {T} about her care plan",
    "{T} asked if {F} can come earlier",
    "dropped off shopping for {P}",
    "{P} and {P} both need bloods doing",
    "please can you ring {T} before 10",
    "visited {P} at home , needs more pads",
    "{S} family complained about the late call",
    "hi all , {P} has been admitted",
    "handover : {T} unsettled overnight",
    "{P} ( {T} ) needs two carers now",
    "re {P} - social worker is {P}",
    "message from {F} : running 10 mins late",
    "{F} will do the lunch call",
    "cheers {F} !",
    "with {P} now",
    "{T} is asking for you {F}",
    "{F} is so funny lol",
    "{F} said she would ring back",
    "lol {F} you are right",
    "me and {F} went to town",
    "love this {F} ! !",
    "{P} is the best",
    "what did {F} say ?",
    "ask {F} about it",
    "{F} and {F} are coming later",
    "happy birthday {F} x",
    "i think {S} is wrong about this",
    "{P} was on the radio this morning",
    "met {P} yesterday",
    "thanks {F} for covering",
)
NEUTRAL_TEMPLATES = (
    "Will do , thanks",
    "May I swap my Friday shift",
    "Grace period for training ends in June",
    "Bill the council for the extra hours",
    "stuck on {R} , running late",
    "parked on {R} near the shop",
    "picked up meds from {O}",
    "{O} was closed so went to the other one",
    "client {I} had a good day",
    "{I} refused personal care , logged it",
    "care plan {C} updated",
    "see care plan {C} for the new times",
    "police ref {C} for the incident",
    "visit moved to Monday 10am",
    "Faith and Hope are the names of the new units",
    "Hope you all have a good weekend",
    "Mark the visit as complete please",
    "can we Rose-tint this , no",
    "who is on call tonight ?",
    "meeting at {O} at 2pm",
    "training at {O} next Tuesday",
    "LOL yes",
    "ALL VISITS DONE FOR TODAY",
    "Pat on the back for everyone today",
)
ROADS = ("Station Road", "Church Lane", "Victoria Street", "Park Avenue", "Mill Lane", "High St")
ORGS = ("Lloyds Pharmacy", "Sainsburys", "Southmead Hospital", "Age UK", "Superdrug", "Asda")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "mr", "mrs", "Mrs.", "Mr.", "MRS", "Nurse")


def _cased(word: str, style: str) -> str:
    if style == "lower":
        return word.lower()
    if style == "upper":
        return word.upper()
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


class _Names:
    def __init__(self, gaz: Gazetteer, rng: random.Random) -> None:
        self.rng = rng
        self.first = sorted(k for k, r in gaz.first.items() if r <= 4000 and k.isalpha())
        self.last = sorted(
            k for k, r in gaz.last.items() if r <= 30000 and k.replace("'", "").isalpha()
        )

    def fill(self, slot: str, style: str) -> tuple[str, bool]:
        first = _cased(self.rng.choice(self.first), style)
        last = _cased(self.rng.choice(self.last), style)
        if slot == "P":
            return f"{first} {last}", True
        if slot == "T":
            return f"{self.rng.choice(TITLES)} {last}", True
        return (first if slot == "F" else last), True


def _labelled(template: str, fill: Callable[[str], tuple[str, bool]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for piece in template.split():
        if len(piece) >= 3 and piece[0] == "{" and piece[2] == "}":
            value, is_person = fill(piece[1])
            words = [w for w, _, _ in tokenize(value)]
            if piece[1] == "T":
                out.append((words[0], "O"))
                words = words[1:]
            for k, w in enumerate(words):
                out.append((w, ("B" if k == 0 else "I") if is_person else "O"))
            rest = piece[3:]
        else:
            rest = piece
        if rest.startswith("'s"):
            out.append(("'s", "O"))
            rest = rest[2:]
        out.extend((w, "O") for w, _, _ in tokenize(rest))
    return out


def generate(gaz: Gazetteer, n: int, seed: int = 17) -> list[list[tuple[str, str]]]:
    """``n`` labelled sentences (tags ``B``/``I``/``O``), about two thirds with names."""
    rng = random.Random(seed)
    names = _Names(gaz, rng)
    sentences: list[list[tuple[str, str]]] = []
    for _ in range(n):
        style = rng.choices(("title", "lower", "upper"), weights=(6, 3, 1))[0]
        if rng.random() < 0.68:
            template = rng.choice(PERSON_TEMPLATES)
            fill: Callable[[str], tuple[str, bool]] = partial(names.fill, style=style)
        else:
            template = rng.choice(NEUTRAL_TEMPLATES)
            fill = partial(_neutral, rng=rng)
        sent = _labelled(template, fill)
        if style == "lower" and rng.random() < 0.5:
            sent = [(w.lower(), t) for w, t in sent]
        sentences.append(sent)
    return sentences


def _neutral(slot: str, rng: random.Random) -> tuple[str, bool]:
    if slot == "R":
        return rng.choice(ROADS), False
    if slot == "O":
        return rng.choice(ORGS), False
    if slot == "I":
        return rng.choice(("AB", "J.K.", "MT", "R.S.", "DW")), False
    return f"{rng.choice(('CP', 'REF', 'CR'))}-{rng.randint(10000, 99999)}", False
