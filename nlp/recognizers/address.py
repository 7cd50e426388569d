"""ADDRESS: a house or flat number with a street ("42 Hillside Road", "Flat 3, 21 Gloucester Road").

A street named without a number ("stuck on Gloucester Road") is not an address and is
left alone, as are areas ("Southmead").
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from nlp.recognizers._fast import FastPatternRecognizer

_STREET_TYPES = (
    "road|rd|street|st|avenue|ave|lane|ln|close|cl|drive|dr|way|crescent|cres|court|ct"
    "|place|pl|gardens|gdns|grove|gr|terrace|terr|hill|park|square|sq|mews|row|walk|view"
    "|rise|parade|green|vale|mead|meadow|meadows|croft|fields|hollow|gate|wharf|quay|embankment"
    "|esplanade|boulevard|approach|chase|yard|passage|circus|broadway|villas|cottages"
    "|causeway|brow|downs|leaze|lawns|orchard|paddock|dene|parkway"
)
# Little words that cannot begin a street name: "2 walks in the park" is not an address.
_STOP = (
    r"(?!(?:in|the|of|at|to|on|for|and|with|a|an|up|down|along|past|near|off|via|towards?"
    r"|onto|into|round|around|over|across|behind|opposite|by|from|times?|mins?|hours?"
    r"|days?|visits?|calls?)\b)"
)
# A number after these words is a bus, a bay, a room or a care plan, not a house: "the 76
# bus", "Bus 76", "cp 1846, same street"; not after a comma ("this week, 41 Hartcliffe Way").
_NOT_HOUSE = re.compile(
    r"\b(?:bus|route|service|level|bay|ward|room|bed|platform|junction|exit|gate|wk|week|cp"
    r"|care\s+plan)[^\w,]*$",
    re.IGNORECASE,
)
_NAME_WORD = _STOP + r"[A-Za-z][A-Za-z'’\-]*"
# After the street name's first word, "up" and "down" are part of it ("Ashley Down Road").
_LATER_WORD = r"(?:(?:up|down)\s+|" + _STOP + r"[A-Za-z][A-Za-z'’\-]*\s+)"
# "Flat 3, 21 Gloucester Road"; "Flat 3 Elm Court, 12 Church Lane" (a named block).
_BLOCK = (
    r"court|house|mansions|lodge|tower|towers|buildings|block|heights|point|hall|place"
    r"|apartments|flats|gardens"
)
_FLAT = (
    r"(?:(?:flat|apartment|apt|unit|room)\s*\d{1,4}[A-Za-z]?,?\s+"
    rf"(?:(?:{_STOP}[A-Za-z][A-Za-z'’\-]*\s+){{1,3}}(?:{_BLOCK}),?\s+)?)?"
)
# A street written as one word ending in a street type: "19 Kingsway", "4 Parkside". Only
# endings no district shares: "at 4 Southmead", "at 2 Lockleaze" are a time and a place.
_ONE_WORD_STREET = r"[A-Za-z][a-z]{2,}(?:way|gate|side|croft|dene)\b"
_STREET = rf"(?:{_NAME_WORD}\s+{_LATER_WORD}{{0,2}}(?:{_STREET_TYPES})\b|{_ONE_WORD_STREET})"
_ADDRESS = rf"(?<![\w/.:\-]){_FLAT}\d{{1,4}}[A-Za-z]?,?\s+{_STREET}"
# "Flat 12, Brunel House, Redcliffe Way": a flat in a named block, the street unnumbered.
_FLAT_IN_BLOCK = (
    r"(?<![\w/.:\-])(?:flat|apartment|apt|unit)\s*\d{1,4}[A-Za-z]?,?\s+"
    rf"(?:{_STOP}[A-Za-z][A-Za-z'’\-]*\s+){{1,3}}(?:{_BLOCK}),?\s+{_STREET}"
)
# "Flat 6, Broadwalk House, Knowle": a flat in a named block, no street; the block's name
# capitalised (a flat number and a block are a home address however the street is left out).
_FLAT_BLOCK_ONLY = (
    r"(?<![\w/.:\-])(?i:flat|apartment|apt)\s*\d{1,4}[A-Za-z]?,?\s+"
    rf"(?-i:(?:[A-Z][A-Za-z'’\-]*\s+){{1,3}})(?i:{_BLOCK})\b"
    r"(?-i:(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?)"
)

# A named house on a street, without a number: "The Cottage, Mill Lane, Frenchay".
_HOUSE = r"cottage|farmhouse|farm|bungalow|lodge|barn|villa|manor|rectory|vicarage|old\s+school"
_NAMED_HOUSE = (
    rf"(?<![\w/.:\-])(?:the\s+)?(?:{_STOP}[A-Za-z][A-Za-z'’\-]*\s+){{0,2}}(?:{_HOUSE}),\s+"
    rf"{_NAME_WORD}\s+{_LATER_WORD}{{0,2}}(?:{_STREET_TYPES})\b"
)


class AddressRecognizer(FastPatternRecognizer):
    """A house or flat number followed by a street name and a street type."""

    PREFILTER = re.compile(rf"\d|{_HOUSE}", re.IGNORECASE)
    PATTERNS = (
        Pattern("number + street", _ADDRESS, 0.7),
        Pattern("flat in a named block + street", _FLAT_IN_BLOCK, 0.7),
        Pattern("named house + street", _NAMED_HOUSE, 0.7),
        Pattern("flat in a named block", _FLAT_BLOCK_ONLY, 0.7),
    )
    CONTEXT = ("lives", "live", "address", "at", "visit", "house", "flat")

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_entity="ADDRESS",
            name="AddressRecognizer",
            patterns=list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.IGNORECASE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Number + street matches, minus bus routes, bays, rooms and the like."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not _NOT_HOUSE.search(text[max(0, r.start - 20) : r.start])]
