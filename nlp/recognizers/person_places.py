"""Places and organisations named like people: "Lawrence Weston", "St Mary Redcliffe",
"Marks and Spencer", "Eastville Park", "the Kate Garraway ward".

Pure rules over the person tagger's tokens. The place names are Great Britain's populated
places from OS Open Names (OGL v3; ``nlp/names/uk_places.txt.gz``); shops, charities and
landmarks are a short hand list (``nlp/names/organisations.txt``).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib import resources

from nlp.names import FAKER_RANK, Gazetteer, fold
from nlp.recognizers.person_crf import WordScores
from nlp.recognizers.person_features import PERSON_VERBS, tokenize, word_before
from nlp.recognizers.person_rules import called_client

# A word after a name that makes the whole an organisation ("the Kate Garraway ward",
# "Marie Curie nurse"); the last group only when capitalised ("Dorothy House").
_INSTITUTIONS = frozenset(
    [
        "ground",
        "grounds",
        "tower",
        "theatre",
        "statue",
        "mosque",
        "masjid",
        "gurdwara",
        "mandir",
        "temple",
        "synagogue",
        "chapel",
        "ward",
        "wards",
        "hospice",
        "foundation",
        "trust",
        "fund",
        "school",
        "academy",
        "college",
        "unit",
        "building",
        "library",
        "institute",
        "society",
        "charity",
        "clinic",
        "surgery",
        "practice",
        "church",
        "chapel",
        "shop",
        "shops",
        "store",
        "centre",
        "center",
        "nurse",
        "nurses",
        "appeal",
        "pub",
        "lido",
        "cafe",
        "café",
        "bar",
        "inn",
        "arms",
        "club",
        "pool",
        "gym",
    ]
)
_CAPITAL_INSTITUTIONS = frozenset(
    ["house", "court", "hall", "lodge", "home", "homes", "cottage", "villa", "manor"]
)
# Last words of a park, landmark or district ("Eastville Park", "Blaise Castle").
_LANDMARKS = frozenset(
    [
        "park",
        "green",
        "hill",
        "common",
        "downs",
        "fields",
        "gardens",
        "castle",
        "causeway",
        "croft",
        "market",
        "square",
        "quay",
        "wharf",
        "cross",
        "gate",
        "abbey",
        "cathedral",
        "priory",
        "museum",
        "zoo",
        "theatre",
        "stadium",
        "arena",
        "pier",
        "bridge",
        "vale",
        "mead",
        "meads",
        "down",
        "wood",
        "woods",
        "exchange",
        "roundabout",
        "aquarium",
        "broadway",
        "marshes",
        "quays",
        "rec",
        "towers",
        "yard",
        "minster",
        "waterpark",
    ]
)
_SAINTS = frozenset({"st", "saint", "ste"})
# Words before a park's name ("to Lydiard Park"): "Grace Park" after them is a park.
TO_A_PARK = frozenset({"to", "at", "from", "round", "around", "in", "near", "through"})
# First words of places' names, hardly ever of a person's: "Royal Derby", "West Quay".
PLACE_STARTS = frozenset(
    {"royal", "north", "south", "east", "west", "upper", "lower", "ty", "queen", "queens"}
)
# Second words that make a town's name a club's or a hospital's: "Bradford City".
TOWN_SECONDS = frozenset({"city", "royal", "united", "town", "rovers", "county", "albion"})
# Last words of a service's or organisation's name, after other capitalised words.
_ORGANISATION_ENDS = _LANDMARKS | frozenset(
    {"service", "services", "team", "project", "partnership", "network", "hub", "group", "health"}
)
PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "at",
        "to",
        "from",
        "near",
        "around",
        "round",
        "via",
        "through",
        "towards",
        "toward",
        "by",
        "past",
        "outside",
        "into",
    ]
)
# After a name ending in "Park": a person's, not a park's ("Joy Park refused her shower").
_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "he's", "she's", "shes", "hes"})
PARK_PERSON_VERBS = frozenset(
    {"refused", "refuses", "refusing", "declined", "needs", "needed", "wants", "wanted", "fell"}
)
_COMMON_GIVEN = frozenset({"fn1", "fn2"})
_ANY_GIVEN = frozenset({"fn1", "fn2", "fn3", "fn4"})


def _read(name: str) -> list[str]:
    data = resources.files("nlp.names").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return [ln for ln in data.decode("utf-8").splitlines() if ln.strip() and ln[0] != "#"]


INSTITUTIONS = _INSTITUTIONS
_SERVICE_KINDS = frozenset({"health", "medical", "day", "community", "family", "leisure", "sports"})
# Place words that are common surnames too: "Edna Hill", "Peter Green", "Joy Wood".
SURNAME_ENDS = frozenset({"hill", "green", "wood", "field", "bank", "hall", "park", "cross"})
# Last words of an organisation's name that no surname shares ("Bristol Drugs Project").
_NAMED_ENDS = _ORGANISATION_ENDS - _LANDMARKS
# Last words of a house's or organisation's name after a name: "Maynard Lodge", "Grace Villa",
# "Mary Clifford Hospice"; not "Dorothy Hall" (a family name too).
_HOUSE_ENDS = _INSTITUTIONS | _NAMED_ENDS | (_CAPITAL_INSTITUTIONS - SURNAME_ENDS)
# Words that end a place's or an organisation's name ("Victoria Park", "Fern House").
PLACE_ENDS = _INSTITUTIONS | _CAPITAL_INSTITUTIONS | _ORGANISATION_ENDS | {"infirmary", "royal"}


class PlaceRules:
    """Decides whether a candidate full name is a place or an organisation."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        listed = _read("uk_places.txt.gz")
        # "bishops cleeve", "kings lynn": chat leaves the apostrophe out.
        self.places = frozenset(listed) | {p.replace("'", "") for p in listed if "'" in p}
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        for line in _read("organisations.txt"):
            words = tuple(fold(w) for w in line.replace("'s", " 's").split())
            self._phrases.setdefault(words[0], []).append(words)

    def is_place(self, words: list[str], ws: list[WordScores], a: int, b: int) -> bool:
        """Whether ``words[a:b]`` (a full name candidate) names a place or organisation."""
        if called_client(words, a, b):
            return False  # "Barrington Wray (YP)": whatever else the words name
        folded = [fold(w) for w in words]
        before = word_before(words, a)
        if before >= 0 and words[before][:1].isupper() and folded[before] in _SAINTS:
            return True  # "St Mary Redcliffe", "St. Brendan's"
        if b - a > 1 and words[a][:1].isupper() and folded[a] in PLACE_STARTS:
            return True  # "Royal Derby", "West Quay", "Upper Knowle", "Tŷ Celyn"
        if b - a > 1 and folded[a] in self.places and folded[a + 1] in TOWN_SECONDS:
            return True  # "Bradford City", "Bradford Royal Infirmary"
        # "at the Ben Brierley in Moston": a pub; not "for the Ismail W contact".
        the = before >= 0 and folded[before] == "the" and b - a > 1 and words[a][:1].isupper()
        nxt = folded[b] if b < len(words) else ""
        if the and len(words[b - 1]) > 2 and nxt not in ("'s", "’s"):
            return True  # "the Golden Lion on Gloucester Road does a quiz"
        park = b - a > 1 and folded[b - 1] == "park" and words[b - 1][:1].isupper()
        if park and before >= 0 and folded[before] in TO_A_PARK:
            return True  # "Took YP to Lydiard Park", "home from Arrowe Park"
        owned = b + 1 < len(words) and folded[b] in ("'s", "’s") and words[b + 1][:1].isupper()
        if owned and folded[b + 1] in _INSTITUTIONS | _CAPITAL_INSTITUTIONS | _LANDMARKS:
            return True  # "Elizabeth Gaskell's House"
        if b - a > 2 and folded[b - 1] in _LANDMARKS and words[b - 1][:1].isupper():
            return True  # "Belle Vue Park"
        if before >= 0 and "title" in ws[before].trait_set:
            # "Mr Lawrence Weston" is a person; "the Lord Nelson" is a pub, and "Mrs Brown's
            # Cafe", "mrs jones' cafe" are cafes.
            pub = before > 0 and folded[before - 1] == "the" and words[before][:1].isupper()
            owned = b + 1 < len(words) and folded[b] in ("'s", "'")
            return pub or (owned and folded[b + 1] in _INSTITUTIONS)
        if before >= 0 and words[before][:1].isupper() and folded[before] in _INSTITUTIONS:
            return True  # "Oasis Academy John Williams", "St Peter's Hospice Mary Ward"
        after_and = b + 1 < len(words) and folded[b] == "and" and words[b + 1][:1].isupper()
        if after_and and (words[a] == "The" or (before >= 0 and words[before] == "The")):
            return True  # "The Rose and Crown": a pub
        # "the William Budd health centre", "Penny Brohn are doing a wellbeing day".
        if b + 1 < len(words) and folded[b] in _SERVICE_KINDS and folded[b + 1] in _INSTITUTIONS:
            return True
        plural = b < len(words) and folded[b] == "are" and b - a > 1
        if plural and not (before >= 0 and "title" in ws[before].trait_set):
            return True
        inner = range(a, b - 1)
        if any(words[i][:1].isupper() and folded[i] in _INSTITUTIONS for i in inner):
            return True  # "Oasis Academy John Williams"
        if self._in_phrase(folded, a, b):
            return True
        if self._names_institution(words, folded, b):
            return True
        last = folded[b - 1]
        if b - a > 1 and words[b - 1][:1].isupper() and last in _HOUSE_ENDS:
            return True  # "Mary Clifford Hospice", "Bristol Drugs Project", "Hope Chapel"
        first = folded[a]
        rare_given = self._gaz.first.get(first, FAKER_RANK) >= FAKER_RANK
        if b - a > 1 and first in self.places and rare_given and words[a].istitle():
            return True  # "Bristol Rovers", "Bristol Refugee Rights"
        after = folded[b] if b < len(words) else ""
        if after in _INSTITUTIONS or (after in _CAPITAL_INSTITUTIONS and words[b][0].isupper()):
            return True
        name = [w for w in folded[a:b] if w not in ("'s", ".")]
        landmark = len(name) > 1 and name[-1] in _LANDMARKS
        if landmark and not ws[a].trait_set & _ANY_GIVEN and words[b - 1][:1].isupper():
            return True  # "Stokes Croft", "Arnos Vale": no given name, a landmark's word
        prep = a > 0 and folded[a - 1] in PLACE_PREPOSITIONS
        if self._a_park(words, folded, a, b):
            return True
        if after in PERSON_VERBS and not prep:
            return False  # "Stanley Green refused lunch": a person
        if " ".join(name) in self.places:
            return True  # "Lawrence Weston", "Cribbs Causeway"
        if landmark:
            rest = " ".join(name[:-1])
            given = bool(ws[a].trait_set & _COMMON_GIVEN)
            return rest in self.places and (prep or not given)  # "to Victoria Park"
        return False

    @staticmethod
    def _a_park(words: list[str], folded: list[str], a: int, b: int) -> bool:
        """ "Russell Park is closed for the funfair", "clifton park has the show": two words
        ending in "Park" (written alike) name a park unless what follows is said of a
        person ("Joy Park refused her shower", "Seo-yeon Park needs her meds")."""
        if b - a != 2 or folded[b - 1] != "park" or words[a].islower() != words[b - 1].islower():
            return False
        rest = folded[b : b + 12]
        end = next((j for j, w in enumerate(rest) if w in (".", "!", "?", ";")), len(rest))
        person_verb = bool(rest) and rest[0] in PARK_PERSON_VERBS
        return not (set(rest[:end]) & _PRONOUNS or person_verb)

    @staticmethod
    def _names_institution(words: list[str], folded: list[str], b: int) -> bool:
        """The candidate opens a longer capitalised name that ends in an institution's word:
        "Knowle West Health Park", "Bristol Dementia Wellbeing Service"."""
        for j in range(b, min(len(words), b + 3)):
            if not words[j][:1].isupper():
                return False
            if j > b and (folded[j] in _INSTITUTIONS or folded[j] in _ORGANISATION_ENDS):
                return True
        return False

    def organisations_in(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the listed organisations' names in ``text`` ("John Lewis")."""
        tokens = tokenize(text)
        folded = [fold(t[0]) for t in tokens]
        return [
            (tokens[i][1], tokens[end - 1][2])
            for i in range(len(folded))
            for end in self._phrase_ends(folded, i)
        ]

    def _in_phrase(self, folded: list[str], a: int, b: int) -> bool:
        """A listed organisation's name overlaps tokens ``[a, b)``."""
        return any(end > a for i in range(max(0, a - 3), b) for end in self._phrase_ends(folded, i))

    def _phrase_ends(self, folded: list[str], i: int) -> Iterator[int]:
        """Where each listed organisation's name that starts at token ``i`` ends."""
        for phrase in self._phrases.get(folded[i], ()):
            end = i + len(phrase)
            if tuple(folded[i:end]) == phrase:
                yield end
