"""One typing slip: the rule that tells "cancle" from an answer, on a phone keyboard."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_OFFSETS = (0.0, 0.25, 0.75)  # each keyboard row sits a little right of the one above

REAL_WORDS = frozenset({"ack", "hack", "hell", "jeep", "keel", "kip", "sip", "ski", "slip", "yelp"})
"""English words one slip away from a conversation word: answers, never typos."""


@cache
def _neighbours(key: str) -> frozenset[str]:
    """Keys next to ``key`` on a QWERTY keyboard (same row, or touching above and below)."""
    at = {c: (r, x + _ROW_OFFSETS[r]) for r, row in enumerate(_KEY_ROWS) for x, c in enumerate(row)}
    row, x = at.get(key, (9, 0.0))
    return frozenset(
        c
        for c, (r, x2) in at.items()
        if (r == row and abs(x - x2) == 1) or (abs(r - row) == 1 and abs(x - x2) < 1)
    )


def near_miss(word: str, targets: Iterable[str]) -> str | None:
    """The target ``word`` is one typing slip away from, if any: "cancle" → "cancel".

    A slip: two neighbouring letters swapped ("hlep"), one left out ("skp"), one doubled
    or hit with its neighbour ("cancell"), or, in words of four letters or more, one
    replaced by a neighbouring key ("bsck"). :data:`REAL_WORDS` never count.
    """
    typed = word.casefold()
    if len(typed) < 3 or not typed.isalpha() or typed in REAL_WORDS:
        return None  # "ok", "n/a", "slip": answers
    return next((t for t in targets if typed != t and _one_slip(typed, t)), None)


def _one_slip(typed: str, target: str) -> bool:
    if len(typed) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(typed, target, strict=True)) if a != b]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            return typed[diffs[0]] == target[diffs[1]] and typed[diffs[1]] == target[diffs[0]]
        return (
            len(diffs) == 1
            and len(target) >= 4
            and typed[diffs[0]] in _neighbours(target[diffs[0]])
        )
    if len(typed) == len(target) - 1:
        return any(target[:i] + target[i + 1 :] == typed for i in range(len(target)))
    if len(typed) == len(target) + 1:
        dropped = (i for i in range(len(typed)) if typed[:i] + typed[i + 1 :] == target)
        return any(_stray(typed, i) for i in dropped)
    return False


def _stray(typed: str, i: int) -> bool:
    """True when the extra letter at ``i`` doubles, or is a neighbouring key of, one beside it."""
    extra, beside = typed[i], typed[max(i - 1, 0) : i] + typed[i + 1 : i + 2]
    return any(c == extra or extra in _neighbours(c) for c in beside)
