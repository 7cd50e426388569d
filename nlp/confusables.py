"""Cyrillic and Greek letters that look like Latin ones, folded to Latin before analysis.

Hand-written on purpose: Unicode's full confusables data (UTS #39) maps many characters to
multi-character "skeletons" (for example "m" → "rn") and folds digits to letters, which would
break offsets and damage ordinary text. Here only one-to-one look-alikes of Latin letters are
listed, so each character maps to exactly one character.
"""

from __future__ import annotations

_PAIRS = (
    # Cyrillic lower case
    "аa еe оo рp сc уy хx іi јj ѕs һh ԁd ӏl ԛq ԝw"
    # Cyrillic upper case
    " АA ВB ЕE КK МM НH ОO РP СC ТT ХX ІI ЈJ ЅS ӀI ԚQ ԜW ҮY"
    # Greek upper case
    " ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX"
    # Greek lower case (only the unmistakable ones)
    " οo ιi κk νv ρp τt υu χx"
)

CONFUSABLES: dict[str, str] = {pair[0]: pair[1] for pair in _PAIRS.split()}
"""Look-alike character → the Latin letter it imitates."""


def fold_char(ch: str) -> str:
    """Return the Latin letter ``ch`` imitates, or ``ch`` itself."""
    return CONFUSABLES.get(ch, ch)
