"""Masked excerpts: each finding's span becomes ``[ENTITY_TYPE]``, using offsets only.

Kept local (rather than calling ``nlp.rewrite.mask``) so the audit depends on nothing
but finding offsets; the output format is the same.
"""

from __future__ import annotations

from collections.abc import Iterable

Span = tuple[int, int, str]
"""``(start, end, entity_type)`` in the message text."""

EXCERPT_WIDTH = 280
ELLIPSIS = "\u2026"


def mask_spans(text: str, spans: Iterable[Span]) -> str:
    """Replace every span with ``[ENTITY_TYPE]``; overlapping spans become one mask.

    Args:
        text: the message.
        spans: finding offsets; out-of-range offsets are clamped, empty spans ignored.
    """
    merged: list[Span] = []
    for start, end, kind in _clamped(text, spans):
        if merged and start < merged[-1][1]:
            first_start, first_end, first_kind = merged[-1]
            merged[-1] = (first_start, max(first_end, end), first_kind)
            continue
        merged.append((start, end, kind))
    out: list[str] = []
    pos = 0
    for start, end, kind in merged:
        out.append(text[pos:start])
        out.append(f"[{kind}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def excerpt(text: str, spans: Iterable[Span], *, width: int = EXCERPT_WIDTH) -> str:
    """The masked message, cut to about ``width`` characters around the first mask.

    Masking happens before cutting, so a cut can never expose part of an identifier.
    """
    valid = _clamped(text, spans)
    masked = mask_spans(text, valid)
    if len(masked) <= width:
        return masked
    # Text before the first span is unchanged by masking, so its offset still holds.
    first = valid[0][0] if valid else 0
    begin = max(0, first - width // 3)
    end = min(len(masked), begin + width)
    begin = max(0, end - width)
    head = ELLIPSIS if begin > 0 else ""
    tail = ELLIPSIS if end < len(masked) else ""
    return f"{head}{masked[begin:end].strip()}{tail}"


def _clamped(text: str, spans: Iterable[Span]) -> list[Span]:
    """Spans sorted, clamped to the text, empty ones dropped."""
    clamped = ((max(0, s), min(len(text), e), t) for s, e, t in spans)
    return sorted(span for span in clamped if span[1] > span[0])
