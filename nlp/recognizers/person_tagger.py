"""Person-name spans from the CRF tagger plus title and place rules (no Presidio here).

Decoding uses per-token marginal probabilities rather than the single best tag path, so the
recall/precision balance is a threshold chosen on WNUT-17 dev. Lower-case tokens get a lower
threshold: the training data has few lower-case names, so the model is under-confident on
exactly the "betty kowalski" spellings chat is full of.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from nlp.names import CORE_ENGLISH, RARE_FAMILY, Gazetteer, fold, load_gazetteer
from nlp.recognizers.person_crf import CrfModel, WordScores
from nlp.recognizers.person_features import PLACE_WORDS, STREET_WORDS, tokenize, word_before
from nlp.recognizers.person_initials import (
    given_then_initial,
    initialled,
    stray_initial,
    title_before,
)
from nlp.recognizers.person_lexical import could_be_surname, firm_compound, plausible_single
from nlp.recognizers.person_orders import family_first
from nlp.recognizers.person_places import PlaceRules
from nlp.recognizers.person_rules import (
    BLOCK,
    CUES_1,
    CUES_2,
    HONORIFICS,
    SHAPES,
    SURNAME_PLACES,
    address_part,
    after_number,
    called_client,
    firm_lists,
    is_cased,
    merge,
    name_word,
    repeated_mentions,
    trim_case,
    trim_common,
    trim_lead,
    unknown,
)
from nlp.rewrite import TITLES

FULL, TITLED, SINGLE = "full_name", "title_name", "single_name"
# Lowest probability given to a full name or title + name found by the rules.
PAIR_FLOOR = 0.5
_STRONG = frozenset({"fn1", "fn2", "ln1", "ln2"})
_NAMEISH = _STRONG | {"fn3", "ln3"}
_GIVEN = frozenset({"fn1", "fn2", "fn3"})
_SURNAME = frozenset({"ln1", "ln2"})
_PLAIN = frozenset({"cw", "stop", "punct", "digit"})


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A person name found in text.

    Attributes:
        start: Offset of the first character of the name, or of its title ("Mrs").
        end: Offset just past the name (a possessive ``'s`` is not included).
        probability: Mean model probability of the name's tokens (0-1).
        kind: ``full_name`` (two or more name words), ``title_name`` ("Mrs Patterson")
            or ``single_name`` (one word, e.g. a first name alone).
    """

    start: int
    end: int
    probability: float
    kind: str


def default_model_path() -> Path:
    """The shipped model file."""
    return Path(str(resources.files("nlp.models").joinpath("person_crf.json.gz")))


class PersonTagger:
    """Finds person names with a CRF over token features and gazetteers.

    Safe to share between threads: the only state that changes is a cache of per-word
    weight sums, and a lost cache update only costs a recomputation.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        threshold: float = 0.2,
        lower_threshold: float = 0.05,
    ) -> None:
        """Load the gazetteers and the model.

        Raises:
            DetectorError: The model file is missing or unreadable.
        """
        self._model = CrfModel.load(model_path or default_model_path())
        self.gazetteer: Gazetteer = load_gazetteer()
        self.places = PlaceRules(self.gazetteer)
        self.threshold = threshold
        self.lower_threshold = lower_threshold

    def find(self, text: str) -> list[NameSpan]:
        """Person-name spans in ``text``, in order; a name never crosses a line break."""
        if "\n" not in text:
            out = self._find_line(text, 0)
        else:
            out = []
            offset = 0
            for line in text.split("\n"):
                out.extend(self._find_line(line, offset))
                offset += len(line) + 1
        if any(span.kind != SINGLE for span in out):
            extra = repeated_mentions(text, [(n.start, n.end, n.kind != SINGLE) for n in out])
            out = sorted(out + [NameSpan(a, b, 0.5, SINGLE) for a, b in extra], key=_start)
        return out

    def _find_line(self, text: str, offset: int) -> list[NameSpan]:
        tokens = tokenize(text)
        if not tokens:
            return []
        words = [t[0] for t in tokens]
        ws = [self._model.word(w, self.gazetteer) for w in words]
        if all(w.trait_set & _PLAIN for w in ws):
            return []  # only common words, stop words, numbers and punctuation: no name
        probs, begins = self._marginals(ws)
        runs = self._runs(words, probs, begins)
        gaz = self.gazetteer
        initial = initialled(words, ws, gaz) + given_then_initial(words, ws, gaz)
        initial += family_first(words, gaz)
        ruled = self._titled(words, ws, runs) + self._pairs(words, ws) + self._cued(words, ws)
        ruled += initial
        # A run of initials + surname is never trimmed ("tariq b": "b" is a common word).
        whole = dict(initial)
        backed = {i for a, b in ruled for i in range(a, b)}
        firms = firm_lists(words, ws)
        cased = is_cased(words)
        kept: list[tuple[int, int, str, float]] = []
        pending = merge(runs + ruled)[::-1]  # a stack: the next run is last
        while pending:
            a, end = pending.pop()
            a = trim_lead(words, ws, a, end)
            while a < end and "title" in ws[a].trait_set:
                a += 1  # the title is not part of the name ("nan visited" -> "visited")
            if a >= end or a in firms or after_number(ws, a):
                continue
            if (
                a > 1
                and fold(words[a - 1]) in SURNAME_PARTICLES
                and self._is_title(words, ws, a - 2)
            ):
                a -= 1  # "mr ó briain": the particle is part of the surname
            b = trim_common(words, ws, a, trim_case(words, a, end))
            b = max(self._trim_english(words, a, b), whole.get(a, 0))
            if a < b < end - 1:
                # "Sunita wants Ali Karimi": the model ran two names together through a
                # verb; what follows the trimmed name is read as a run of its own.
                pending.append((b + 1, end))
            b = stray_initial(words, a, b, backed)
            kind = self._kind(words, ws, a, b, a in whole)
            prob = sum(probs[a:b]) / max(b - a, 1)
            if kind is None or (
                kind == SINGLE and not self._keep_single(words, ws, a, prob, cased)
            ):
                continue
            if kind == TITLED or (kind == FULL and a in backed):
                prob = max(prob, PAIR_FLOOR)
            # A courtesy title belongs to the finding ("Mrs Patterson" -> rewrite "Mrs P."); a
            # kinship word does not ("nan Jean Tovey" -> "nan J.T.").
            title = word_before(words, a)
            courtesy = kind == TITLED and fold(words[title]).rstrip(".") in TITLES
            first = title if courtesy else a
            kept.append((first, b, kind, prob))
        return [
            NameSpan(offset + tokens[a][1], offset + tokens[b - 1][2], prob, kind)
            for a, b, kind, prob in kept
        ]

    def _keep_single(
        self, words: list[str], ws: list[WordScores], a: int, prob: float, cased: bool
    ) -> bool:
        """Whether a one-word run stays a (never flagged) single name."""
        if not plausible_single(words[a], ws[a], prob) or firm_compound(words[a], self.gazetteer):
            return False
        # In a line written with capitals, a lower-case word alone must be a listed name.
        return not (cased and words[a].islower() and not _STRONG & ws[a].trait_set)

    def _marginals(self, ws: list[WordScores]) -> tuple[list[float], list[float]]:
        marginals = self._model.marginals(ws)
        begins = [m[1] for m in marginals]
        probs = [m[1] + m[2] for m in marginals]
        return probs, begins

    def _runs(
        self, words: list[str], probs: list[float], begins: list[float]
    ) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        start = -1
        for i, word in enumerate(words):
            limit = self.lower_threshold if word.islower() else self.threshold
            inside = probs[i] >= limit and word[0].isalpha()
            # A new name starts where "begins a name" outweighs "continues one".
            if start >= 0 and (not inside or begins[i] > probs[i] - begins[i]):
                runs.append((start, i))
                start = -1
            if inside and start < 0:
                start = i
        if start >= 0:
            runs.append((start, len(words)))
        return runs

    @staticmethod
    def _is_title(words: list[str], ws: list[WordScores], i: int) -> bool:
        """Token ``i`` (or the word before it, if ``i`` is its full stop) is a title."""
        return title_before(words, ws, i + 1)

    def _titled(
        self, words: list[str], ws: list[WordScores], runs: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """ "Title + surname" names the model missed ("mr kapoor", "Dr Siddiqui")."""
        covered = {i for a, b in runs for i in range(a, b)}
        out = []
        for i in range(1, len(words)):
            if i in covered or not self._is_title(words, ws, i - 1):
                continue
            # "mr ó briain", "Mrs Mac Donald": a surname particle and the name after it.
            particle = fold(words[i]) in SURNAME_PARTICLES and i + 1 < len(words)
            if particle and could_be_surname(words[i + 1], self.gazetteer):
                out.append((i, i + 2))
            elif could_be_surname(words[i], self.gazetteer):
                out.append((i, i + 1))
        return out

    def _pairs(self, words: list[str], ws: list[WordScores]) -> list[tuple[int, int]]:
        """Capitalised name pairs backed by the gazetteers ("Gordon Ashworth", "Favian Rangel").

        The model leans on sentence context learnt from social media ("on my way to X" is
        usually a place). Two words capitalised alike, neither an ordinary, common or place
        word, at least one a listed given or family name and the other listed or unknown,
        optionally with a middle initial ("Szabina J Gelencsér"), are taken as a full name.
        """
        out: list[tuple[int, int]] = []
        n = len(ws)
        for i in range(n - 1):
            a = ws[i].trait_set
            if ws[i].shape not in SHAPES:
                continue
            # "Grace Adeyemi": an ordinary word may start a pair only if it is a given name.
            placed = BLOCK & a == {"place"} and called_client(words, i, i + 2)
            if BLOCK & a and (BLOCK & a != {"ord"} or not _GIVEN & a) and not placed:
                continue
            j = i + 1
            if ws[j].shape == "s=X" and j + 1 < n:  # a middle initial
                j += 2 if j + 2 < n and "punct" in ws[j + 1].trait_set else 1
            b = ws[j].trait_set
            blocked = BLOCK & b
            if blocked - {"ord"} == {"place"} and _GIVEN & a and fold(words[j]) in SURNAME_PLACES:
                blocked = frozenset()  # "Edna Hill"
            if (BLOCK & a) | blocked <= {"place"} and called_client(words, i, j + 1):
                blocked = frozenset()  # "Barrington Wray (YP)": a place's name is a client's
            if ws[j].shape != ws[i].shape or blocked:
                continue
            # Capitals are often acronyms and headings: there both words must be listed.
            unknown_ok = ws[i].shape == "s=Xx"
            # "Kaveh Moradi", "Thangam Yogarajah": two words no English writer uses as words.
            rare = unknown_ok and self._not_english(words[i]) and self._not_english(words[j])
            # "526 Cyro Schmutzer", "Rua Cyro Schmutzer": after a number or street word.
            lead = fold(words[i - 1]) if i > 0 else ""
            rare = rare and not (lead[:1].isdigit() or lead in STREET_WORDS)
            listed = _STRONG & a and (_NAMEISH & b or (unknown_ok and unknown(b)))
            if listed or (_SURNAME & b and unknown_ok and unknown(a)) or rare:
                out.append((i, j + 1))
        return out

    def _trim_english(self, words: list[str], a: int, b: int) -> int:
        """End of a lower-case run at an English word no list has as a name ("claire pym
        assessed zarmina ahmadzai": "assessed" ends the first name)."""
        gaz = self.gazetteer
        for i in range(a + 1, b):
            key = fold(words[i])
            # "matej picking up": a rare family name that is an everyday word is the word.
            family = gaz.last.get(key, RARE_FAMILY + 1) <= RARE_FAMILY or key in gaz.ordinary
            if not words[i].islower() or key in gaz.first or family:
                continue
            if gaz.english.get(key, 0) >= CORE_ENGLISH:
                return i
        return b

    def _not_english(self, word: str) -> bool:
        """A word of three letters or more that English rarely or never uses ("Moradi")."""
        key = fold(word)
        gaz = self.gazetteer
        if len(key) < 3 or not word.isalpha() or key in gaz.countries:
            return False
        return gaz.english.get(key, 0) < CORE_ENGLISH

    def _cued(self, words: list[str], ws: list[WordScores]) -> list[tuple[int, int]]:
        """Names right after a naming phrase: "my name is X", "known as X", "called X"."""
        lowered = [w.lower() for w in words]
        out: list[tuple[int, int]] = []
        for i in range(len(words)):
            if not (CUES_1 & {lowered[i]} or tuple(lowered[max(0, i - 1) : i + 1]) in CUES_2):
                continue
            j = i + 1
            while j < len(words) and j - i <= 3 and name_word(ws[j], ws[i + 1]):
                j += 1
            # "says discharge tmrw": after "says", speech unless the word is a listed name.
            if j > i + 1 and (lowered[i] != "says" or _NAMEISH & ws[i + 1].trait_set):
                out.append((i + 1, j))
        return out

    def _kind(
        self, words: list[str], ws: list[WordScores], a: int, b: int, initialled: bool = False
    ) -> str | None:
        """Classify a candidate run, or None when it is a place or organisation."""
        if b <= a or (len(words[a]) == 1 and all(w == "." for w in words[a + 1 : b])):
            return None  # a lone initial ("nan J.T.") is what the policy asks for
        if all(initials_word(w) for w in words[a:b]):
            return None  # "YP CM", "YP NH-B": a client word and initials, as the policy asks
        if address_part(words, a, b, self.gazetteer.countries):
            return None
        last = fold(words[b - 1])
        following = fold(words[b]) if b < len(words) else ""
        # "Edna Hill", "Peter Green": a given name followed by a place-like surname is a name;
        # "Southmead Hospital", "Bristol Royal Infirmary" are not.
        given = bool(ws[a].trait_set & _GIVEN)
        # Only a common given name may run into a place word ("Bristol" is a rare given name).
        # "G. Okafor hospital appt": a lower-case place word after an initialled name is not
        # part of a place's name.
        loose = initialled and b < len(words) and words[b].islower() and words[b - 1].istitle()
        # "Mrs Ferreira hospital transport": after a courtesy title, likewise.
        courtesy = a > 0 and fold(words[word_before(words, a)]).rstrip(".") in TITLES
        loose = loose or (
            courtesy and self._is_title(words, ws, a - 1) and b < len(words) and words[b].islower()
        )
        if (
            following in PLACE_WORDS
            and not (
                ws[a].trait_set & {"fn1", "fn2"}
                and b - a > 1
                and (words[b].islower() or following in _ADDRESS_UNITS)
            )
            and not loose
        ):
            return None  # "John Frost Square", "Southmead Hospital"
        titled_initials = initialled and self._is_title(words, ws, a - 1)
        if (
            b - a > 1
            and last in PLACE_WORDS
            and not (given and last in SURNAME_PLACES)
            and not titled_initials  # "Mr T. Ward"
        ):
            return None
        if b - a > 1 and fold(words[a]) in STREET_WORDS:
            return None
        if (b - a > 1 or self._is_title(words, ws, a - 1)) and self.places.is_place(
            words, ws, a, b
        ):
            return None  # "Bristol Rovers"; "the Lord Nelson", "Mrs Brown's Cafe"
        if self._is_title(words, ws, a - 1) and (
            not words[a].islower() or fold(words[word_before(words, a)]).rstrip(".") in HONORIFICS
        ):
            return TITLED
        return FULL if b - a > 1 else SINGLE


# Words that begin an Irish, Scottish, Dutch, Arabic or other surname: "ó briain", "mac an
# tsaoi", "van der berg", "al rashid", "bin laden".
_SURNAME_PARTICLES_WORDS = """
    o ó ni ní nic mac mc van von de da di del della al el bin ibn abu ap
"""
SURNAME_PARTICLES = frozenset(_SURNAME_PARTICLES_WORDS.split())


# Words of an address that may follow a name: "Margaret Brennick Suite 541".
_ADDRESS_UNITS = frozenset({"suite", "flat", "apt", "apartment", "floor", "unit", "room"})


def initials_word(word: str) -> bool:
    """Capitals of at most three letters, maybe hyphenated: "CM", "NH-B", "YP"."""
    letters = word.replace("-", "")
    return word.isupper() and letters.isalpha() and len(letters) <= MAX_INITIALS_WORD


# An all-capitals word this short is initials or an abbreviation, not a name.
MAX_INITIALS_WORD = 3


def _start(span: NameSpan) -> int:
    return span.start
