"""Normalisation of chat text before analysis, with offsets mapped back to the original.

Evasion tricks that keep a message readable to people but hide it from pattern matching:
zero-width and bidi control characters, fullwidth digits and letters, Cyrillic or Greek
look-alike letters, and digits spaced or dotted out ("9 4 3 4 7 6 5 9 1 9", "943.476.5919").
Every character of the normalised text remembers the span of original text it came from,
so findings are reported against the text the user actually wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nlp.confusables import fold_char

# Digits spread out by separators, e.g. "9 4 3 4 7 6 5 9 1 9", "0-7-7-0-0 ...", "94 3 4 7 ...":
# short groups; `_collapse_spans` also wants 9+ digits in groups averaging at most two.
_SPACED_DIGITS = re.compile(r"(?<!\d)\d{1,3}(?:[ .\-_/]{1,3}\d{1,3}){3,}(?!\d)")
# Digit groups joined by dots, e.g. "943.476.5919"; a dotted date has only 8 digits and
# is left alone by the length check in `_collapse_digits`.
_DOTTED_GROUPS = re.compile(r"(?<![\d.])\d{2,5}(?:\.\d{1,5}){2,}(?![\d]|\.\d)")
_SEPARATORS = frozenset(" .-_/")
_MIN_COLLAPSED_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text and, per normalised character, the original span it came from.

    Attributes:
        text: The normalised text that recognizers analyse.
        starts: ``starts[j]`` is the original offset where normalised char ``j`` begins;
            ``None`` when the text was unchanged (identity mapping).
        ends: ``ends[j]`` is the original offset just past normalised char ``j``.
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            point = self.starts[start] if start < len(self.starts) else self._orig_len()
            return point, point
        return self.starts[start], self.ends[end - 1]

    def _orig_len(self) -> int:
        return self.ends[-1] if self.ends else 0


def _is_control(ch: str) -> bool:
    # Cf holds zero-width spaces/joiners, soft hyphen, BOM and the bidi embeddings/isolates.
    return unicodedata.category(ch) == "Cf"


def _segments(text: str) -> list[tuple[int, int]]:
    """Split into base character + following combining marks, so NFKC can compose them."""
    bounds: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        bounds.append((i, j))
        i = j
    return bounds


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Drop controls, NFKC each segment and fold look-alikes; return text and offset maps."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for seg_start, seg_end in _segments(text):
        segment = "".join(ch for ch in text[seg_start:seg_end] if not _is_control(ch))
        if not segment:
            continue
        for ch in unicodedata.normalize("NFKC", segment):
            out.append(fold_char(ch))
            starts.append(seg_start)
            ends.append(seg_end)
    return "".join(out), starts, ends


def _collapse_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SPACED_DIGITS.finditer(text):
        count = sum(c.isdigit() for c in m.group())
        groups = len(re.findall(r"\d+", m.group()))
        if count >= _MIN_COLLAPSED_DIGITS and count <= 2 * groups:
            spans.append(m.span())
    for m in _DOTTED_GROUPS.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= _MIN_COLLAPSED_DIGITS:
            spans.append(m.span())
    return spans


def _collapse_digits(
    text: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    """Remove the separators inside spaced-out or dotted-out digit runs."""
    drop: set[int] = set()
    for a, b in _collapse_spans(text):
        drop.update(i for i in range(a, b) if text[i] in _SEPARATORS)
    if not drop:
        return text, starts, ends
    keep = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in keep), [starts[i] for i in keep], [ends[i] for i in keep]


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for analysis.

    Args:
        text: The message as the user wrote it.

    Returns:
        The normalised text with a map back to ``text``; the map is the identity (and
        cheap) when nothing needed changing, which is the common case.
    """
    if text.isascii():
        if not _collapse_spans(text):
            return Normalised(text)
        folded, starts, ends = text, list(range(len(text))), list(range(1, len(text) + 1))
    else:
        folded, starts, ends = _fold(text)
    collapsed, starts, ends = _collapse_digits(folded, starts, ends)
    if collapsed == text and len(starts) == len(text):
        return Normalised(text)
    return Normalised(collapsed, tuple(starts), tuple(ends))
