"""Value generators and templates for the UK identifier table (see `nlp.evaluation.uk_table`)."""

from __future__ import annotations

import random
import string
from collections.abc import Callable

POSITIVE_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "UK_NHS": [
        ("NHS no ", " for JB, pharmacy asked"),
        ("", ""),
        ("Can you check ", " on the system please?"),
        ("her nhs number is ", ", the GP needs it"),
        ("NHS:", "."),
        ("(", ")"),
    ],
    "UK_NINO": [
        ("NI number ", " for the new starter"),
        ("", ""),
        ("Payroll need ", " by Friday"),
        ("NI:", "."),
    ],
    "UK_POSTCODE": [
        ("New client postcode ", ", parking is tight"),
        ("", ""),
        ("Heading to ", " now, 10 mins away"),
        ("Address is Bristol ", "."),
        ("(", ")"),
    ],
    "PHONE_NUMBER": [
        ("Daughter's mobile is ", " if no answer"),
        ("", ""),
        ("Ring ", " after 2pm please"),
        ("call me on ", " when you're free"),
        ("tel:", ""),
        ("Mob. ", "!"),
    ],
}
LOOKALIKE_TEMPLATES = [
    "Please update {} on the system today",
    "{}",
    "Noted {} in the handover book, thanks",
]

_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_FORBIDDEN = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
_PC1 = "ABCDEFGHIJKLMNOPRSTUWYZ"
_PC2 = "ABCDEFGHKLMNOPQRSTUVWXY"
_PC3 = "ABCDEFGHJKPSTUW"
_PC4 = "ABEHMNPRVWXY"
_PC_IN = "ABDEFGHJLNPQRSTUWXYZ"
# (written prefix, digits to add) for each Ofcom drama range; the block is 1,000 numbers.
_DRAMA = [
    ("07700 900", 3),
    ("01632 960", 3),
    ("0113 496 0", 3),
    ("0114 496 0", 3),
    ("0115 496 0", 3),
    ("0116 496 0", 3),
    ("0117 496 0", 3),
    ("0118 496 0", 3),
    ("0121 496 0", 3),
    ("0131 496 0", 3),
    ("0141 496 0", 3),
    ("0151 496 0", 3),
    ("0161 496 0", 3),
    ("0191 498 0", 3),
    ("020 7946 0", 3),
    ("028 9649 6", 3),
    ("029 2018 0", 3),
    ("0306 999 0", 3),
    ("0808 157 0", 3),
    ("0909 879 0", 3),
]


def _check_digit(nine: list[int]) -> int:
    check = 11 - sum(d * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
    return 0 if check == 11 else check


def _nhs_format(rng: random.Random, digits: str) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if style == 1:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


def _nhs(rng: random.Random, valid: bool) -> str:
    while True:
        nine = [rng.randrange(10) for _ in range(9)]
        check = _check_digit(nine)
        if valid and check != 10:
            return _nhs_format(rng, "".join(map(str, [*nine, check])))
        if not valid:
            wrong = rng.choice([d for d in range(10) if d != check])
            return _nhs_format(rng, "".join(map(str, [*nine, wrong])))


def nhs_numbers(rng: random.Random, n: int) -> list[str]:
    """NHS numbers with a valid check digit, spaced, hyphenated or unspaced."""
    return [_nhs(rng, valid=True) for _ in range(n)]


def _nino_text(rng: random.Random, prefix: str, suffix: str) -> str:
    d = "".join(rng.choice(string.digits) for _ in range(6))
    style = rng.randrange(3)
    if style == 0:
        return f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}"
    text = f"{prefix}{d}{suffix}"
    return text.lower() if style == 2 else text


def ninos(rng: random.Random, n: int) -> list[str]:
    """NINOs obeying the prefix and suffix rules, spaced, unspaced or lower case."""
    out: list[str] = []
    while len(out) < n:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_FORBIDDEN:
            out.append(_nino_text(rng, prefix, rng.choice("ABCD")))
    return out


def _outward(rng: random.Random, fmt: str) -> str:
    c = rng.choice
    digit = string.digits
    pieces = {
        "A9": c(_PC1) + c(digit),
        "A99": c(_PC1) + c("123456789") + c(digit),
        "A9A": c(_PC1) + c(digit) + c(_PC3),
        "AA9": c(_PC1) + c(_PC2) + c(digit),
        "AA99": c(_PC1) + c(_PC2) + c("123456789") + c(digit),
        "AA9A": c(_PC1) + c(_PC2) + c(digit) + c(_PC4),
    }
    return pieces[fmt]


def postcodes(rng: random.Random, n: int) -> list[str]:
    """Postcodes in every format (cycled), spaced, unspaced or lower case; GIR 0AA included."""
    formats = ["A9", "A99", "A9A", "AA9", "AA99", "AA9A"]
    out = ["GIR 0AA", "gir0aa"]
    for i in range(n - len(out)):
        inward = rng.choice(string.digits) + rng.choice(_PC_IN) + rng.choice(_PC_IN)
        outward = _outward(rng, formats[i % len(formats)])
        style = rng.randrange(4)
        text = f"{outward}{inward}" if style == 2 else f"{outward} {inward}"
        out.append(text.lower() if style == 3 else text)
    return out


def _phone_text(rng: random.Random, national: str) -> str:
    compact = national.replace(" ", "")
    style = rng.randrange(5)
    if style == 0:
        return national
    if style == 1:
        return compact
    if style == 2:
        return "+44 " + national[1:]
    if style == 3:
        return "+44" + compact[1:]
    return "+44 (0)" + national[1:]


def phones(rng: random.Random, n: int) -> list[str]:
    """Ofcom drama numbers in national, unspaced and +44 forms."""
    out = []
    for i in range(n):
        prefix, extra = _DRAMA[i % len(_DRAMA)]
        national = prefix + "".join(rng.choice(string.digits) for _ in range(extra))
        out.append(_phone_text(rng, national))
    return out


def _bad_nino(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        prefix = rng.choice("DFIQUV") + rng.choice(_NINO_SECOND)
    elif kind == 1:
        prefix = rng.choice(_NINO_FIRST) + rng.choice("DFIOQUV")
    elif kind == 2:
        prefix = rng.choice(sorted(_NINO_FORBIDDEN))
    else:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        return _nino_text(rng, prefix, rng.choice("EFGHJKMNPQRSTWXYZ"))
    return _nino_text(rng, prefix, rng.choice("ABCD"))


def _bad_postcode(rng: random.Random) -> str:
    digit = rng.choice(string.digits)
    kind = rng.randrange(3)
    if kind == 0:
        return f"{rng.choice('QVX')}{rng.choice(_PC2)}{digit} {digit}{rng.choice(_PC_IN)}A"
    if kind == 1:
        return f"{rng.choice(_PC1)}{rng.choice('IJZ')}{digit} {digit}AB"
    return f"{rng.choice(_PC1)}{rng.choice(_PC2)}{digit} {digit}{rng.choice('CIKMOV')}A"


def _police_ref(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"crime ref {_nhs(rng, valid=True).replace(' ', '').replace('-', '')}"
    if kind == 1:
        return f"incident {rng.randrange(1, 9999):04d} of {rng.randrange(1, 29)}/03/2024"
    if kind == 2:
        return f"police log {rng.randrange(1000, 9999)} {rng.randrange(1, 29)}/03"
    if kind == 3:
        return f"CAD {rng.randrange(100, 99999)}"
    return f"URN 52/{rng.randrange(100000, 999999)}/24"


def _care_plan(rng: random.Random) -> str:
    n = rng.randrange(10000, 99999)
    return rng.choice([f"CP-{n}", f"CP{n}", f"care plan {n}", f"CP-{_nhs(rng, valid=True)}"])


def _date_time(rng: random.Random) -> str:
    d, m = rng.randrange(1, 29), rng.randrange(1, 13)
    return rng.choice(
        [
            f"{d:02d}/{m:02d}/2024 10:30",
            "Monday 10am",
            f"{d}.{m}.2025 at 14.30",
            f"{d} March 2025 at 3pm",
            f"visit 09:15-09:45 on {d}/{m}",
        ]
    )


def _bad_phone(rng: random.Random) -> str:
    return rng.choice(
        [
            f"1{rng.randrange(1000, 9999)} {rng.randrange(100000, 999999)}",
            f"0117 4960 {rng.randrange(10, 99)}",
            f"07700 {rng.randrange(9000, 9999)}",
            f"{rng.randrange(100, 999)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        ]
    )


def lookalike_values(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """``(kind, value)`` look-alikes; none of them identifies anyone."""
    makers: dict[str, Callable[[], str]] = {
        "nhs_bad_checksum": lambda: _nhs(rng, valid=False),
        "nino_bad_rules": lambda: _bad_nino(rng),
        "postcode_bad_letters": lambda: _bad_postcode(rng),
        "police_or_incident_ref": lambda: _police_ref(rng),
        "care_plan_ref": lambda: _care_plan(rng),
        "date_or_time": lambda: _date_time(rng),
        "not_a_phone_number": lambda: _bad_phone(rng),
    }
    return [(kind, make()) for kind, make in makers.items() for _ in range(n // 2)]
