"""Tokenisation and per-token features for the person tagger (shared by training and use).

The features are cheap string tests and gazetteer lookups, so a chat message of ~15 tokens
is featurised in tens of microseconds. Training (``nlp.training.train_person``) and the
recognizer must use exactly these functions, or the model sees different inputs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlp.names import Gazetteer, fold

# Words with inner hyphens/apostrophes stay whole ("Ruby-Mae", "O'Neill"); a trailing
# possessive "'s" is split off ("Barlow's" -> "Barlow", "'s"); other symbols stand alone.
TOKEN_RE = re.compile(r"[@#]?\w+(?:[-'’]\w+)*|[^\w\s]")
_POSSESSIVE = re.compile(r"(?<=\w)['’][sS]$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = _words(
    "mr mrs ms miss mx dr doctor prof professor sir dame lady lord rev revd reverend fr "
    "father sister nurse auntie aunty aunt uncle nan nanna nana grandma grandad mister "
    "madam mam mum master"
)
# Street and address words (never a surname in practice), in English and the address
# formats chat may quote ("Rua ...", "Via ...", "Apt. 4").
STREET_WORDS = _words(
    "road rd street st lane ln avenue ave close drive court way crescent terrace grove "
    "gardens mews walk row flat apt apartment suite floor rua avenida via calle strada "
    "strasse straße vej gatan weg ulica"
    # Street types of other English-speaking countries' addresses ("Philip Bypass",
    # "Gairbekov Rapids"); not verbs, since "Edna Barlow falls" is a name.
    " boulevard blvd parkway pkwy highway hwy bypass rapids springs harbor harbour"
    " heights plaza turnpike extension extensions village villages"
)
# Words that mark an organisation or place when next to a capitalised word.
PLACE_WORDS = STREET_WORDS | _words(
    "road rd street st lane ln avenue ave close drive dr court way park place square "
    "crescent terrace grove gardens hill view walk row green mews estate centre center "
    "hospital infirmary surgery clinic pharmacy practice society trust council college "
    "school university church ward unit house hall home homes care services service ltd "
    "limited plc group team foundation charity association partnership nhs station airport "
    "bank shop store supermarket market cafe hotel club beach city county river lake island "
    "bay port valley mountain inc llc corp company co university institute agency"
)
_STOPWORDS = _words(
    "a an the and or but if of to in on at by for with from is are was were be been am i "
    "you he she it we they me him her us them my your his its our their this that these "
    "those there here what which who whom whose when where why how not no yes so do does "
    "did done have has had can could will would shall should may might must just also too "
    "very really lol omg rt via"
)


# Verbs of speech, being and doing that typically follow a person's name ("Mehrudin
# shouted", "Timotea lives", "Järvilehto began"): one shared feature, so the model can learn
# the pattern for names it has never seen.
PERSON_VERBS = _words(
    "said says told asked replied explained shouted whispered called rang phoned texted "
    "is was has had lives lived began begins started starts wants wanted needs needed "
    "refused refuses spent went goes came comes left arrived visited died fell seems "
    "looks feels felt wrote writes sang sings played plays works worked will would can "
    "could should did does"
)


def word_before(words: list[str], i: int) -> int:
    """Index of the word right before token ``i``, past a full stop after it ("Mrs . Okafor"
    gives the index of "Mrs"); -1 at the start."""
    return i - 2 if i > 1 and words[i - 1] == "." else i - 1


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Split text into ``(token, start, end)`` triples, splitting off possessive ``'s``."""
    out: list[tuple[str, int, int]] = []
    for m in TOKEN_RE.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if len(word) >= 3 and _POSSESSIVE.search(word):
            out.append((word[:-2], start, end - 2))
            out.append((word[-2:], end - 2, end))
        else:
            out.append((word, start, end))
    return out


def _shape(word: str) -> str:
    if word.isupper():
        return "X" if len(word) == 1 else "XX"
    if word.istitle():
        return "Xx"
    if word.islower():
        return "x"
    if word[:1].isupper():
        return "Xmix"
    return "xmix" if word[:1].isalpha() else "o"


def _rank_bucket(rank: int | None, cuts: tuple[int, int, int]) -> str:
    if rank is None:
        return ""
    if rank == 0 or rank <= cuts[0]:
        return "1"
    return "2" if rank <= cuts[1] else ("3" if rank <= cuts[2] else "4")


def token_traits(word: str, gaz: Gazetteer) -> tuple[str, ...]:
    """Context-free traits of one token: shape, gazetteer membership, word class."""
    key = fold(word)
    bare = key.replace("'", "")
    parts = key.split("-") if "-" in key else [key]
    first = gaz.first.get(key)
    if first is None and len(parts) > 1 and parts[0] in gaz.first:
        first = gaz.first[parts[0]]
    last = gaz.last.get(key, gaz.last.get(bare))
    if last is None and len(parts) > 1 and parts[-1] in gaz.last:
        last = gaz.last[parts[-1]]
    traits = ["s=" + _shape(word)]
    if fb := _rank_bucket(first, (300, 1500, 10**9)):
        traits.append("fn" + fb)
    if lb := _rank_bucket(last, (1000, 10000, 50000)):
        traits.append("ln" + lb)
    if key in gaz.ordinary:
        traits.append("ord")
    if key in gaz.common:
        traits.append("cw")
    if key in _STOPWORDS:
        traits.append("stop")
    if key.rstrip(".") in TITLES:
        traits.append("title")
    if key in PLACE_WORDS:
        traits.append("place")
    if word[0] in "@#":
        traits.append("tag" + word[0])
    if any(ch.isdigit() for ch in word):
        traits.append("digit")
    if not word[0].isalnum() and word[0] not in "@#":
        traits.append("punct")
    return tuple(traits)


def sentence_features(
    words: Sequence[str], gaz: Gazetteer, cache: dict[str, tuple[str, ...]] | None = None
) -> list[list[str]]:
    """Feature strings for every token of a sentence (window of two on each side)."""
    if cache is None:
        cache = {}
    traits: list[tuple[str, ...]] = []
    for w in words:
        t = cache.get(w)
        if t is None:
            t = token_traits(w, gaz)
            if len(cache) < 50_000:
                cache[w] = t
        traits.append(t)
    lowered = [w.lower() for w in words]
    n = len(words)
    feats: list[list[str]] = []
    for i in range(n):
        low = lowered[i]
        f = ["b", "w=" + low, "suf=" + low[-3:], "pre=" + low[:2], *traits[i]]
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                tag = f"{off}:"
                f.extend(tag + t for t in traits[j])
                if off in (-1, 1):
                    f.append(tag + "w=" + lowered[j])
        if i + 1 < n:
            f.extend("pair:" + a + "|" + b for a in traits[i][:2] for b in traits[i + 1][:2])
            if lowered[i + 1] in PERSON_VERBS:
                f.append("+1:verb")
        feats.append(f)
    return feats
