"""PHONE_NUMBER: UK mobile and landline numbers in national, +44 and unspaced forms.

Numbers abroad are recognised when written with their + country code.

Candidates are found by a UK-shaped pattern and validated with ``phonenumbers`` (Google's
libphonenumber metadata). Ofcom reserves some ranges for drama (for example 07700 900xxx,
01632 960xxx); libphonenumber calls the mobile and 01632 ranges invalid, but they are
phone-number shaped and a carer never has a reason to type one, so they ARE flagged.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from nlp.recognizers._fast import ReferenceAwareRecognizer
from nlp.recognizers._util import digits

# One digit, optionally after a separator and/or the ")" closing an area code.
_DIGIT = r"(?:[ \-]?\)?[ \-]?\d)"
# +44 / 0044 (optionally "(0)") then 9-10 national digits, or a trunk 0 (optionally in
# brackets) then 9-10 digits, grouped however the writer liked.
_UK_PHONE = (
    r"(?<![\w+])(?:(?:\+|00)44[ \-]?(?:\(0\)[ \-]?)?\d" + _DIGIT + r"{8,9}"
    r"|\(?0" + _DIGIT + r"{9,10})(?![\w\-])"
)

# Numbers abroad (a relative in Poland or Nigeria) are only recognised in + form.
_INTERNATIONAL = r"(?<![\w+])\+(?!44)[1-9](?:[ \-]?\(?\d\)?){6,14}(?![\w\-])"

# Ofcom drama ranges (national significant number prefix, block length in digits).
_DRAMA_PREFIXES = (
    "7700900",
    "1632960",
    "1134960",
    "1144960",
    "1154960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "2079460",
    "1914980",
    "2896496",
    "2920180",
    "3069990",
    "8081570",
    "9098790",
)


def national_digits(candidate: str) -> str:
    """The national significant number: digits without +44/0044 and the trunk 0."""
    d = digits(candidate)
    if candidate.lstrip("(").startswith(("+44", "0044")):
        d = d[4:] if candidate.lstrip("(").startswith("0044") else d[2:]
    return d[1:] if d.startswith("0") else d


def is_drama_number(candidate: str) -> bool:
    """True when the number lies in one of Ofcom's ranges reserved for TV and radio drama."""
    return national_digits(candidate).startswith(_DRAMA_PREFIXES)


def is_valid_international(candidate: str) -> bool:
    """A +country number that libphonenumber considers valid."""
    import phonenumbers

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(candidate, None)))
    except phonenumbers.NumberParseException:
        return False


def is_uk_phone(candidate: str) -> bool:
    """A valid UK number per libphonenumber, or an Ofcom drama number of the right length."""
    import phonenumbers

    nsn = national_digits(candidate)
    if len(nsn) not in (9, 10):
        return False
    if is_drama_number(candidate):
        return len(nsn) == 10
    try:
        parsed = phonenumbers.parse("0" + nsn, "GB")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(parsed))


class UkPhoneRecognizer(ReferenceAwareRecognizer):
    """UK phone numbers (and +country numbers); validated, so other long numbers pass."""

    PREFILTER = re.compile(r"\d")
    PATTERNS = (
        Pattern("UK phone", _UK_PHONE, 0.4),
        Pattern("international phone", _INTERNATIONAL, 0.4),
    )
    CONTEXT = ("phone", "tel", "mobile", "mob", "call", "ring", "number", "text", "landline")

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="UkPhoneRecognizer",
            patterns=list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.DOTALL,
        )

    def load(self) -> None:
        """Load libphonenumber's UK metadata now, not on the first number seen."""
        is_uk_phone("07911 123456")

    def validate_result(self, pattern_text: str) -> bool:
        """A number is a phone number only when UK (or its country's) numbering says so."""
        if pattern_text.startswith("+") and not pattern_text.startswith("+44"):
            return is_valid_international(pattern_text)
        return is_uk_phone(pattern_text)
