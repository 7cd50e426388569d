"""Reading short answers typed on a phone: commands, yes/no, choices and system names.

Typed names are matched case-insensitively, with ``difflib`` for typos ("birdy",
"whatsap"); numbers pick from the list shown with the question.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.conversation.model import ServiceName


class Command(StrEnum):
    """Words that work at every question (the conversation's fallbacks)."""

    CANCEL = "cancel"
    BACK = "back"
    SKIP = "skip"
    HELP = "help"
    KEEP = "keep"


_COMMAND_WORDS: dict[str, Command] = {
    **dict.fromkeys(("cancel", "stop", "quit", "exit", "abort", "cancel report"), Command.CANCEL),
    **dict.fromkeys(("back", "go back", "previous", "undo"), Command.BACK),
    **dict.fromkeys(("skip", "pass", "dont know", "don't know", "not sure", "n/a"), Command.SKIP),
    **dict.fromkeys(("help", "?", "help me", "what do i do", "what do i say"), Command.HELP),
    **dict.fromkeys(("keep", "same", "keep it", "keep my answer", "unchanged"), Command.KEEP),
}
_YES = frozenset(
    {"yes", "y", "yep", "yup", "yeah", "yea", "ya", "yh", "aye", "ok", "okay", "k", "sure",
     "yes please", "yes pls", "correct", "right",
     "that's right", "thats right", "confirm", "send", "yes send", "yes, send", "send it"}
)  # fmt: skip
_NO = frozenset({"no", "n", "nope", "nah", "no thanks", "not right", "wrong", "change", "edit"})


def clean(text: str) -> str:
    """Lower-case, single spaces, without a leading slash or trailing full stop."""
    # Phones type curly apostrophes ("don’t know").
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split()).lstrip("/").strip(" .!")


def plain(text: str) -> str:
    """``clean`` without punctuation: "Yes, send it!" and "yes send it" read the same."""
    return " ".join(re.sub(r"[^\w\s]", " ", clean(text).replace("'", "")).split())


def command_of(text: str) -> Command | None:
    """The command the whole message is, if it is one ("Cancel", "/back", "skip.")."""
    return _COMMAND_WORDS.get(clean(text))


def is_yes(text: str) -> bool:
    """True for "yes", "y", "yep", "ok", "👍" and the like."""
    cleaned = clean(text)
    return cleaned in _YES or cleaned in {"👍", "✅"}


def is_no(text: str) -> bool:
    """True for "no", "n", "nope" and the like."""
    return clean(text) in _NO


_SERVICE_WORDS: dict[str, ServiceName] = {
    **dict.fromkeys(
        ("1", "adult", "adults", "adult services", "adults services", "adult service",
         "adults service", "adult social care", "home care", "homecare", "home carers",
         "domiciliary", "domiciliary care", "dom care", "care at home", "care in the home",
         "elderly", "older people", "older adults"),
        "adults",
    ),
    **dict.fromkeys(
        ("2", "child", "children", "childrens", "kids", "childrens services",
         "childrens service", "children service", "childrens home", "childrens homes",
         "children home", "children homes", "kids home", "kids homes", "young people",
         "young person", "yp", "cyp", "children and young people",
         "looked after children", "lac"),
        "children",
    ),
}  # fmt: skip


def parse_service(text: str) -> ServiceName | None:
    """Read a service: "adults", "home care", "1", "kids", "children's home", "YP"."""
    cleaned = plain(text)
    if cleaned in _SERVICE_WORDS:
        return _SERVICE_WORDS[cleaned]
    for prefix in ("the ", "a ", "for ", "for the ", "its ", "it s ", "in the ", "at the "):
        if cleaned.startswith(prefix) and cleaned[len(prefix) :] in _SERVICE_WORDS:
            return _SERVICE_WORDS[cleaned[len(prefix) :]]
    close = difflib.get_close_matches(cleaned, ["adults", "children"], n=1, cutoff=0.75)
    return "adults" if close == ["adults"] else "children" if close else None


SYSTEMS: tuple[str, ...] = (
    "Birdie",
    "ClearCare",
    "Orta",
    "OneDrive",
    "Teams",
    "WhatsApp",
    "email",
    "paper",
    "other",
)
"""Systems a breach can involve, in the order they are offered (policy: Systems)."""

_SYSTEM_ALIASES: dict[str, str] = {
    **{s.casefold(): s for s in SYSTEMS},
    **dict.fromkeys(("mail", "emails", "outlook", "e-mail", "gmail", "hotmail"), "email"),
    **dict.fromkeys(("papers", "paperwork", "paper files", "paper records", "printout"), "paper"),
    **dict.fromkeys(("letter", "letters", "care plan folder"), "paper"),
    **dict.fromkeys(("microsoft teams", "ms teams", "team"), "Teams"),
    **dict.fromkeys(("clear care", "clearcare app"), "ClearCare"),
    **dict.fromkeys(("whats app", "whatsapp group", "whatsapp message"), "WhatsApp"),
    **dict.fromkeys(("one drive", "sharepoint"), "OneDrive"),
    **dict.fromkeys(("something else", "another", "others"), "other"),
}
_SQUASHED = {k.replace(" ", "").replace("-", ""): v for k, v in _SYSTEM_ALIASES.items()}
_FILLER = frozenset(
    {"and", "the", "a", "an", "on", "in", "via", "by", "with", "my", "our", "app", "also",
     "system", "systems", "both", "plus", "then", "it", "was", "through", "using", "too"}
)  # fmt: skip
_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\bplus\b|\n)\s*")


@dataclass(frozen=True, slots=True)
class SystemsAnswer:
    """What was read from a systems answer.

    Attributes:
        systems: Recognised systems, canonical names, in list order, no duplicates.
        unknown: How many words could not be matched (the words themselves are not
            kept: they may name a client).
    """

    systems: tuple[str, ...]
    unknown: int


def parse_systems(text: str) -> SystemsAnswer:
    """Read a multi-select answer: ``"birdie, teams"``, ``"1 3"``, ``"Whatsap and e-mail"``."""
    found: set[str] = set()
    unknown = 0
    for chunk in (c for c in _SPLIT.split(clean(text)) if c):
        names, misses = _match_chunk(chunk)
        found.update(names)
        unknown += misses
    return SystemsAnswer(tuple(s for s in SYSTEMS if s in found), unknown)


def _match_chunk(chunk: str) -> tuple[list[str], int]:
    whole = _match_word(chunk.replace(" ", "").replace("-", ""))
    if whole is not None:
        return [whole], 0
    names: list[str] = []
    misses = 0
    for word in chunk.split():
        if word in _FILLER:
            continue
        name = _match_word(word.replace("-", ""))
        if name is None:
            misses += 1
        else:
            names.append(name)
    return names, misses


def _match_word(word: str) -> str | None:
    if word.isdigit():
        number = int(word)
        return SYSTEMS[number - 1] if 1 <= number <= len(SYSTEMS) else None
    if word in _SQUASHED:
        return _SQUASHED[word]
    if len(word) < 4:  # short words fuzzy-match too much ("on" → "Orta")
        return None
    close = difflib.get_close_matches(word, list(_SQUASHED), n=1, cutoff=0.7)
    return _SQUASHED[close[0]] if close else None


CONTAINMENT: tuple[tuple[str, str], ...] = (
    ("locked_device", "Locked or secured the device"),
    ("changed_password", "Changed a password"),
    ("retrieved_papers", "Retrieved or secured the papers"),
    ("recalled_message", "Deleted or recalled the message"),
    ("none_yet", "Nothing yet"),
)
"""Containment steps offered (policy 1c and 3), as (code, label)."""

_CONTAINMENT_WORDS: dict[str, str] = {
    **{code: code for code, _ in CONTAINMENT},
    **{label.casefold(): code for code, label in CONTAINMENT},
    **dict.fromkeys(
        ("lock", "locked", "locked device", "locked phone", "lock device"), "locked_device"
    ),
    **dict.fromkeys(
        ("password", "changed password", "change password", "reset password"), "changed_password"
    ),
    **dict.fromkeys(
        ("papers", "retrieved papers", "retrieve papers", "got papers back"), "retrieved_papers"
    ),
    **dict.fromkeys(
        ("deleted", "deleted message", "recalled", "recalled email", "unsent"), "recalled_message"
    ),
    **dict.fromkeys(("none", "none yet", "nothing", "nothing yet", "not yet", "no"), "none_yet"),
}


def parse_containment(text: str) -> tuple[str, ...] | None:
    """Read an answer made only of listed steps (``"1, 2"``, ``"locked, password"``).

    Returns:
        The step codes in list order, or ``None`` when the answer is anything else: the
        caller then keeps it as the reporter's own words.
    """
    codes: set[str] = set()
    for chunk in (c for c in _SPLIT.split(clean(text)) if c):
        for part in [chunk] if chunk in _CONTAINMENT_WORDS else chunk.split():
            code = _containment_code(part)
            if code is None:
                return None
            codes.add(code)
    if not codes:
        return None
    if len(codes) > 1:  # "1 and 5": something was done after all
        codes.discard("none_yet")
    return tuple(code for code, _ in CONTAINMENT if code in codes)


def _containment_code(part: str) -> str | None:
    if part.isdigit():
        number = int(part)
        return CONTAINMENT[number - 1][0] if 1 <= number <= len(CONTAINMENT) else None
    return _CONTAINMENT_WORDS.get(part)


def containment_label(code: str) -> str:
    """The label of a containment code (the code itself if unknown)."""
    return dict(CONTAINMENT).get(code, code)
