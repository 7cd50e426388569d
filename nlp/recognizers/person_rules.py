"""Token-level rules of the person tagger: trimming runs and spotting address lines and firms.

Pure functions over the tagger's tokens (``words``) and per-token scores (``ws``); kept apart
from `nlp.recognizers.person_tagger` so each module stays small.
"""

from __future__ import annotations

from nlp.names import fold
from nlp.recognizers.person_crf import WordScores
from nlp.recognizers.person_features import STREET_WORDS, tokenize, word_before
from nlp.rewrite import TITLES

# Traits that stop a word from being part of a name on its own.
BLOCK = frozenset({"ord", "cw", "stop", "place", "title", "punct", "digit"})


# Titles that make a following lower-case word a surname ("mr kapoor"); kinship words
# ("father", "nan") do not ("my father retired").
HONORIFICS = TITLES - {"nurse", "sister"}  # "the nurse said" is not "Nurse Jones"
# Place words that are also common family names ("Edna Hill", "Peter Green").
SURNAME_PLACES = frozenset({"hill", "park", "green", "hall", "field", "wood", "bank"})
SHAPES = ("s=Xx", "s=XX")
_LN = frozenset({"ln1", "ln2"})
# Phrases after which the next words are a name ("her name is ...", "known as ...").
CUES_1 = frozenset({"called", "named", "says", "surname", "forename"})
CUES_2 = frozenset(
    {
        ("name", "is"),
        ("name", ":"),
        ("name", "?"),
        ("call", "me"),
        ("calls", "me"),
        ("known", "as"),
        ("names", "are"),
        ("name", "was"),
        ("name", "'s"),
    }
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def merge(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping token runs, in order."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(runs):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def trim_case(words: list[str], a: int, b: int) -> int:
    """End of the run once a capitalised name meets a lower-case word ("Rose garden")."""
    if words[a][:1].isupper():
        for i in range(a + 1, b):
            if words[i].islower():
                return i
    return b


UNITS = frozenset({"apt", "apartment", "suite", "flat", "floor", "unit"})
# Street types that are also everyday verbs or nouns: a street only when capitalised.
CAPITAL_STREETS = _wordset(
    "union parks trail trails cove coves falls ridge crossing junction loop circle pike "
    "course meadows meadow fork forks glen knoll lodge mill mills orchard pass pines "
    "point points port ports ranch shore shores spur stream summit track vista"
)


def capital_street(words: list[str], i: int) -> bool:
    """Word ``i`` is a capitalised street type that is also an everyday word ("Trail")."""
    return i < len(words) and words[i][:1].isupper() and fold(words[i]) in CAPITAL_STREETS


def before_country(words: list[str], b: int, countries: frozenset[str]) -> bool:
    """The run is followed by a country name, optionally after a comma."""
    j = b + 1 if b < len(words) and words[b] == "," else b
    return j < len(words) and fold(words[j]) in countries


def is_cased(words: list[str]) -> bool:
    """A line written with capitals: its first word is capitalised ("My father retired")."""
    first = next((w for w in words if w[0].isalpha()), "")
    return first[:1].isupper() and first != "I" and not first.isupper()


def firm_lists(words: list[str], ws: list[WordScores]) -> set[int]:
    """Token indices of "Barnett, Melton and Garcia": three common surnames, the firm style.

    Three single words cased alike, each a common family name and none a common given name,
    joined as "A, B and C" (or "&"), name a law firm, an orchestra or a company.
    """
    out: set[int] = set()
    n = len(words)
    for i in range(n - 4):
        idx = (i, i + 2, i + 4)
        if words[i + 1] != "," or words[i + 3].lower() not in ("and", "&"):
            continue
        if (i > 0 and words[i - 1] == ",") or (i + 5 < n and words[i + 5] == ","):
            continue  # a longer list: people ("Mary, Amy, Erik and Romi")
        shape = ws[i].shape
        if all(
            ws[k].shape == shape and "ln1" in ws[k].trait_set and "fn1" not in ws[k].trait_set
            for k in idx
        ):
            out.update(idx)
    return out


def after_number(ws: list[WordScores], a: int) -> bool:
    """A run right after a number is a street or town of an address ("04862 Victor Hugo")."""
    return a > 0 and "digit" in ws[a - 1].trait_set


# Thanks and greetings before a name ("ta ngozi for the cake"): never part of it.
_THANKS = frozenset({"ta", "thanks", "thx", "cheers", "hi", "hiya", "hey", "morning", "night"})
# Verbs a request opens with, before the name of the one asked: "Tell Bilal ...".
_ASKS = frozenset({"tell", "ask", "remind", "ring", "call", "text", "message", "let", "send"})
_ENDS = frozenset({".", "!", "?", ":", ";", "-", "–"})


def trim_lead(words: list[str], ws: list[WordScores], a: int, b: int) -> int:
    """Start of the run past everyday lower-case words before a capital ("see J. Baker"),
    and past a greeting ("ta ngozi")."""
    while a < b - 1 and fold(words[a]) in _THANKS:
        a += 1
    if a < b - 1 and (a == 0 or words[a - 1] in _ENDS) and fold(words[a]) in _ASKS:
        a += 1  # "Tell Bilal his DBS has come through": a request, then the name
    if not any(w[:1].isupper() for w in words[a:b]):
        return a
    while a < b - 1 and words[a].islower() and ws[a].trait_set & {"cw", "stop"}:
        a += 1
    return a


def trim_common(words: list[str], ws: list[WordScores], a: int, b: int) -> int:
    """End of a run at an everyday word after its first word ("mr kapoor needs").

    In lower case any everyday word ends it; in capitals ("MRS T WANTS") one in no surname list.
    """
    for i in range(a + 1, b):
        traits = ws[i].trait_set
        if "cw" not in traits:
            continue
        if words[i].islower() or (words[i].isupper() and len(words[i]) > 1 and not traits & _LN):
            return i
    return b


def name_word(ws: WordScores, first: WordScores) -> bool:
    """A word that may continue a cued name: not blocked, cased like the first word."""
    if ws.shape == "s=o" or "punct" in ws.trait_set or BLOCK & ws.trait_set - {"ord"}:
        return False
    return ws.shape == first.shape


def unknown(traits: frozenset[str]) -> bool:
    """Only a shape: in no list at all (a name from outside the census lists, say)."""
    return len(traits) == 1


def address_part(words: list[str], a: int, b: int, countries: frozenset[str]) -> bool:
    """Run ``words[a:b]`` is a street, town or country of an address line, not a name."""
    if any(fold(w) in countries for w in words[a:b]) or before_country(words, b, countries):
        return True  # "Poland"; the town of "Maribor, Slovenia 82709"
    following = fold(words[b]) if b < len(words) else ""
    # "Mrs. Jennifer Alcaraz Suite 541": a titled full name before a flat number.
    unit_after_name = following in UNITS and b - a > 1 and _honorific_before(words, a)
    if (following in STREET_WORDS and not unit_after_name) or (
        b - a > 1 and fold(words[b - 1]) in STREET_WORDS
    ):
        return True
    return capital_street(words, b) or (b - a > 1 and capital_street(words, b - 1))


def _honorific_before(words: list[str], a: int) -> bool:
    i = word_before(words, a)
    return i >= 0 and fold(words[i]) in HONORIFICS


def repeated_mentions(text: str, found: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """Later lone mentions of a found full name's words ("Joakim Westgård ... Westgård").

    ``found`` holds ``(start, end, is_full_or_titled)`` of the names found. A capitalised word
    of a full or titled name is a name wherever else it stands alone in the same message;
    the caller reports these as single names, so they are never flagged.
    """
    names = {
        word
        for start, end, full in found
        if full
        for word, _, _ in tokenize(text[start:end])
        if word[:1].isupper() and len(word) > 1 and fold(word).rstrip(".") not in HONORIFICS
    }
    return [
        (start, end)
        for word, start, end in tokenize(text)
        if word in names and not any(a < end and start < b for a, b, _ in found)
    ]


_CLIENT_WORDS = frozenset({"yp", "client", "cyp", "uasc"})


def called_client(
    words: list[str], a: int, b: int, client_words: frozenset[str] = _CLIENT_WORDS
) -> bool:
    """``words[a:b]`` are called a client's: "YP Barrington Wray", "Barrington Wray (YP)"."""
    before = fold(words[a - 1]) if a > 0 else ""
    after = [fold(w) for w in words[b : b + 2]]
    return before in client_words or (
        after[:1] == ["("] and after[1:] != [] and after[1] in client_words
    )
