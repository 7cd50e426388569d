"""Names written family name first: "nguyen van minh", "Tran Thi Lan", "pham thi hoa".

Vietnamese names put the family name first and usually carry a middle name that marks it
("van", "thi"); those middle names are English words or rare elsewhere, so the tagger
misses the whole name in lower case. Pure function over the tagger's tokens.
"""

from __future__ import annotations

from nlp.names import Gazetteer, fold

VIETNAMESE_FAMILY = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "truong",
        "dinh",
        "luong",
        "trinh",
        "lam",
        "mai",
        "cao",
    ]
)
VIETNAMESE_MIDDLE = frozenset(
    ["van", "thi", "duc", "ngoc", "huu", "quoc", "thanh", "xuan", "kim", "minh", "dinh", "cong"]
)


def family_first(words: list[str], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Token runs of family name + middle name + given name, cased alike.

    The given name must be a listed given name, not an everyday word ("do van hire").
    """
    out: list[tuple[int, int]] = []
    for i in range(1, len(words) - 1):
        if words[i].lower() not in VIETNAMESE_MIDDLE:  # cheap test first: most words fail
            continue
        a, b, c = words[i - 1 : i + 2]
        if not (a.isalpha() and c.isalpha() and len(c) > 1):
            continue
        same_case = a.islower() == b.islower() == c.islower()
        given = fold(c)
        listed = given in gaz.first and given not in gaz.common
        if same_case and listed and fold(a) in VIETNAMESE_FAMILY and fold(b) in VIETNAMESE_MIDDLE:
            out.append((i - 1, i + 2))
    return out
