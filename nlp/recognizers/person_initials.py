"""Names written with initials: "P. Hollis", "Mrs R.J. Tennant", "mr r tennant", "tariq b".

The policy lets staff write initials only ("Mrs P.", "P.H."): an initial followed by a
surname still names the client, and so does a first name followed by the surname's initial.
Pure functions over the person tagger's tokens (``words``) and per-token scores (``ws``).
"""

from __future__ import annotations

from nlp.names import CORE_ENGLISH, FAKER_RANK, Gazetteer, fold
from nlp.recognizers.person_crf import WordScores
from nlp.recognizers.person_features import PLACE_WORDS, word_before

# Letter runs that are abbreviations, not initials ("P.S. Ring me", "e.g. Boots").
_ABBREVIATIONS = "ps pps pto nb eg ie am pm aka uk gp ot sw rsvp asap fyi tbc tba ooh dob ni cp"
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
_NOT_SURNAME = frozenset({"cw", "stop", "punct", "digit", "title"})
_SURNAME_PLACES = frozenset({"hill", "park", "green", "hall", "field", "wood", "bank"})
_LISTED = frozenset({"fn1", "fn2", "fn3", "ln1", "ln2", "ln3"})
_LISTED_SURNAME = frozenset({"ln1", "ln2", "ln3"})
_COMMON_GIVEN = frozenset({"fn1", "fn2"})
_GIVEN = _COMMON_GIVEN | {"fn3"}
MAX_INITIALS = 3
# Single letters that are words or chat-speak after a name ("Sarah I think", "tom u star",
# "Thanks Sarah x"), never a surname's initial.
_NOT_INITIAL = frozenset("IiaurnykcxX")
# ... unless what follows is what is said about the person ("kasia n needs", "omar k had a
# bad night", "lakshmi r - legs swollen"): then "n", "r", "k", "y", "c" are initials too.
_MAYBE_INITIAL = frozenset("nrkyca")
_PREDICATE_WORDS = """
    needs need wants has had is was says said slept ate refused fell got went woke likes loves
    seems seemed looks looked keeps kept did does didnt doesnt wont cant broke asked came - – :
    kicked threw hit punched refusing declined wouldnt didn't wouldn't won't 's ’s absconded
    very back not in awake asleep breathing spent took took wife husband son daughter mum dad
    yp settled slept rang told stayed prefers prefer enjoyed enjoys
"""
PREDICATES = frozenset(_PREDICATE_WORDS.split())
# A bare lower-case initial starts the message or a clause ("s mensah wants ...", "ok, s
# mensah ..."), never after an apostrophe ("people ' s safety").
_CLAUSE_MARKS = frozenset(".,;:!?-–()")
# Surname tiers after initials; a lower-case surname after dotted initials may be rare.
_ANY_SURNAME = frozenset({"ln1", "ln2", "ln3", "ln4"})
_STRONG_SURNAME = frozenset({"ln1", "ln2"})
# Letter runs of abbreviations that are also initials before a surname ("A.M. Fitzgerald").
_TIMES = frozenset({"am", "pm"})


def title_before(words: list[str], ws: list[WordScores], i: int) -> bool:
    """A title ("Mrs", "mr.", "Dr") ends right before token ``i``."""
    j = word_before(words, i)
    return j >= 0 and "title" in ws[j].trait_set


def initials_at(words: list[str], i: int) -> tuple[int, str, bool]:
    """``(index after the initials, their letters, dotted?)`` of initials starting at ``i``.

    Initials are one-letter tokens, each optionally followed by a full stop ("R . J .").
    No initials gives ``(i, "", False)``.
    """
    letters = ""
    dotted = False
    j = i
    n = len(words)
    while (
        j < n
        and len(letters) < MAX_INITIALS
        and ((len(words[j]) == 1 and words[j].isalpha()) or _hyphened(words[j]))
    ):
        letters += words[j].replace("-", "")
        j += 1
        if j < n and words[j] == ".":
            dotted = True
            j += 1
    return j, letters, dotted


def _hyphened(word: str) -> bool:
    """Hyphenated initials written as one word: "S-J", "j-p"."""
    return len(word) == 3 and word[1] == "-" and word[0].isalpha() and word[2].isalpha()


def _surname_word(
    word: str,
    ws: WordScores,
    gaz: Gazetteer,
    lower: bool,
    tiers: frozenset[str] = _LISTED,
    titled: bool = False,
) -> bool:
    """Whether ``word`` can be the surname after initials, cased like them."""
    if not word[:1].isalpha() or len(word) < 2:
        return False
    traits = ws.trait_set
    key = fold(word)
    # "Mr T. Ward": after a title and initials, a place word that is a family name is one.
    family = titled and word[0].isupper() and bool(traits & _LISTED_SURNAME)
    if key in PLACE_WORDS and key not in _SURNAME_PLACES and not family:
        return False
    if lower:
        # "m. kowalczyk": a lower-case surname must be listed and not an everyday word.
        return (
            word.islower()
            and bool(traits & tiers)
            and not traits & _NOT_SURNAME
            and key not in gaz.common
            and key not in gaz.ordinary
            and not gaz.everyday_word(key)  # "mr k.s. hearing aid"
        )
    if not word[0].isupper():
        return False
    blocked = traits & _NOT_SURNAME
    # "P. Baker": a listed surname that is also a lower-case word ("baker") still counts.
    # In capitals ("MRS J NEEDS") an everyday word must be a common family name ("BAKER").
    tiers = _STRONG_SURNAME if word.isupper() else _LISTED_SURNAME
    return not blocked or (blocked == {"cw"} and bool(traits & tiers))


def initialled(words: list[str], ws: list[WordScores], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Token runs of initials + surname ("P. Hollis", "R.J. Tennant", "r tennant").

    Without a title before them, lower-case initials need a full stop and a listed surname
    ("m. kowalczyk"), and a bare "A" or "I" is an article or a pronoun ("A Lovely day").
    """
    out: list[tuple[int, int]] = []
    n = len(words)
    i = 0
    while i < n:
        if len(words[i]) != 1 and not _hyphened(words[i]):  # most words are not initials
            i += 1
            continue
        j, letters, dotted = initials_at(words, i)
        if not letters:
            i += 1
            continue
        if i > 0 and words[i - 1].isalpha() and len(words[i - 1]) == 1:
            i = j  # the tail of a longer run of letters: not initials
            continue
        lower = letters.islower()
        titled = title_before(words, ws, i)
        ok = (
            j < n
            and (titled or _not_abbreviation(words, ws, i, j, letters, dotted))
            and (letters.isupper() or lower)
            and (titled or (lower and dotted) or (not lower and (dotted or letters not in "AI")))
            and _surname_word(words[j], ws[j], gaz, lower, titled=titled)
        ) or (j < n and lower and _bare_lower(words, ws, gaz, i, j, letters, dotted, titled))
        if ok and _hyphened(words[i]) and ws[j].trait_set & _NOT_SURNAME:
            ok = False  # "Mrs A-O. All good": initials, then a new sentence
        if ok:
            out.append((i, j + 1))
            i = j + 1
        else:
            i = max(j, i + 1)
    return out


def _not_abbreviation(
    words: list[str], ws: list[WordScores], i: int, j: int, letters: str, dotted: bool
) -> bool:
    """Initials, not an abbreviation: "A.M. Fitzgerald" (not "9 a.m. Monday") counts."""
    key = letters.casefold()
    if key not in ABBREVIATIONS:
        return True
    after_time = i > 0 and words[i - 1][:1].isdigit()
    surname = j < len(words) and words[j].istitle() and bool(ws[j].trait_set & _ANY_SURNAME)
    return key in _TIMES and dotted and letters.isupper() and surname and not after_time


def _bare_lower(
    words: list[str],
    ws: list[WordScores],
    gaz: Gazetteer,
    i: int,
    j: int,
    letters: str,
    dotted: bool,
    titled: bool,
) -> bool:
    """Lower-case initials the main rule does not take: "c. o'donoghue", "s mensah".

    Dotted initials may take a rare listed surname; one bare letter (not a chat word or a
    pronoun) only a common listed family name that is not also a given name.
    """
    if (titled and not dotted) or (letters in ABBREVIATIONS and not titled):
        return False  # "miss c. llywelyn" may take an unlisted surname, "miss c llywelyn" not
    key = fold(words[j])
    if dotted:
        # "a. jankowska": after dotted initials, a word in no list may be the surname.
        word, traits = words[j], ws[j].trait_set
        unknown = (
            word.islower()
            and len(word) >= 4
            and key not in gaz.common
            and key not in gaz.ordinary
            and not traits & (_LISTED | _NOT_SURNAME)
        )
        return unknown or _surname_word(word, ws[j], gaz, True, _ANY_SURNAME)
    if _said_of(words, ws, gaz, i, j, letters):
        return True
    return (
        len(letters) == 1
        and letters not in _NOT_INITIAL
        and (i == 0 or words[i - 1] in _CLAUSE_MARKS)
        and _surname_word(words[j], ws[j], gaz, True, _STRONG_SURNAME)
        and key not in gaz.first
    )


# Words after which a bare initial + surname is someone spoken to or about ("spoke to p
# mcbride about ...").
_BEFORE_NAME_WORDS = "to for with at from visited saw see seen yp"
_BEFORE_NAME = frozenset(_BEFORE_NAME_WORDS.split())
_ABOUT = PREDICATES | {"about"}


def _said_of(
    words: list[str], ws: list[WordScores], gaz: Gazetteer, i: int, j: int, letters: str
) -> bool:
    """One lower-case letter + a surname-like word, then what is said of the person: "e baker
    had a cough", "k sivapalan refused", "f mason's grandson".

    The word may be an everyday word that is a listed family name ("baker") or a word in no
    list ("sivapalan"); the letter must open a clause or follow "to", "for", "with" ...
    """
    if len(letters) != 1 or letters in "ai":
        return False
    if letters in _NOT_INITIAL and letters not in _MAYBE_INITIAL:
        return False
    if not (i == 0 or words[i - 1] in _CLAUSE_MARKS or fold(words[i - 1]) in _BEFORE_NAME):
        return False
    word = words[j]
    if j + 1 >= len(words) or fold(words[j + 1]) not in _ABOUT or not word.islower():
        return False
    traits = ws[j].trait_set
    if len(word) < 3 or traits & {"stop", "punct", "digit", "title"}:
        return False
    key = fold(word)
    # "baker", "mason": more common as a family name than as a given name.
    listed = key in gaz.last and gaz.last[key] < gaz.first.get(key, FAKER_RANK + 1)
    return listed or (len(word) >= 4 and key not in gaz.common and not traits & _LISTED)


def given_then_initial(
    words: list[str], ws: list[WordScores], gaz: Gazetteer
) -> list[tuple[int, int]]:
    """A given name followed by one initial: the surname's ("tariq b", "Ebo A", "Halima Y.").

    The name must be a listed given name, cased like chat writes it (capitalised, or all lower
    case), and the letter must stand alone and not be a word or chat-speak: "Ebo A" and
    "doreen w," are names; "tom a lift", "Tom I think", "Thanks Sarah x" are not.
    """
    out: list[tuple[int, int]] = []
    n = len(words)
    for i in range(n - 1):
        word, nxt = words[i], words[i + 1]
        if len(nxt) != 1:  # cheap test first
            continue
        traits = ws[i].trait_set
        after = words[i + 2] if i + 2 < n else ""
        # What follows the initial, past its full stop ("Olu B. was found").
        then = words[i + 3] if after == "." and i + 3 < n else after
        said = fold(then) in PREDICATES
        # A rare given name ("Halima") only when capitalised, like its initial, or when what
        # follows is said about the person ("precious o needs").
        given = _COMMON_GIVEN if word.islower() and not said else _GIVEN
        # "Iris N's leg ulcer", "Olu B. was found": a capitalised name that is also a word,
        # or in no list, before a capital initial and what is said of the person.
        capital_said = said and word.istitle() and nxt.isupper() and nxt not in "AI"
        everyday = capital_said and traits & given and "ord" in traits
        # "jack p says the meals are muck": the same in lower case, before what is said.
        lower_said = said and word.islower() and nxt.islower() and nxt not in _NOT_INITIAL
        everyday = everyday or (lower_said and traits & _COMMON_GIVEN and "ord" in traits)
        unlisted = (
            capital_said
            and len(word) >= 3
            and not traits & (_LISTED | _NOT_SURNAME | {"ord"})
            and fold(word) not in gaz.common
        )
        # "tagwa b hoist sling", "Dariush R. agreed": a name in no list and no English.
        key = fold(word)
        rare = gaz.english.get(key, 0) < CORE_ENGLISH and key not in gaz.common | gaz.ordinary
        unlisted = unlisted or (len(word) >= 4 and word.isalpha() and (gaz.unlisted(key) or rare))
        if not (everyday or unlisted) and (
            len(word) < 2 or not traits & given or traits & (_NOT_SURNAME | {"ord"})
        ):
            continue
        dotted = after == "." and nxt.isupper()  # "Nimco I. had": a dotted "I" is an initial
        maybe = (said and nxt in _MAYBE_INITIAL) or dotted
        if not nxt.isalpha() or (nxt in _NOT_INITIAL and not maybe):
            continue
        if word.islower() != nxt.islower() or (not word.islower() and not word.istitle()):
            continue
        if after == "." and i + 3 < n and len(words[i + 3]) == 1 and words[i + 3].isalpha():
            continue  # "Tom J.P." is a given name before someone's initials ("N. (YP)" is not)
        if len(after) == 1 and after.isalpha():
            continue
        out.append((i, i + 3 if after == "." else i + 2))
    return out


def stray_initial(words: list[str], a: int, b: int, backed: set[int]) -> int:
    """End of a model's run before a trailing initial no rule backs ("Visited H" of "H.Y.")."""
    end = b - 1 if b - a > 2 and words[b - 1] == "." else b
    last = end - 1
    if end - a >= 2 and len(words[last]) == 1 and words[last].isalpha() and last not in backed:
        return last
    return b
