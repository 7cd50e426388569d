"""Rewrite suggestions (initials, "[... removed]") and masks, from given findings."""

from __future__ import annotations

import pytest

from nlp.detector import Finding
from nlp.rewrite import initials, mask, suggest_rewrite


def f(entity_type: str, text: str, part: str, occurrence: int = 0) -> Finding:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return Finding(entity_type, start, start + len(part), 0.9, "test")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Margaret Thompson", "M.T."),
        ("Mrs Patterson", "Mrs P."),
        ("mr kapoor", "Mr K."),
        ("Dr Siddiqui", "Dr S."),
        ("Edna Barlow's", "E.B.'s"),
        ("betty kowalski", "B.K."),
        ("Stanisław Nowak", "S.N."),
        ("Ruby-Mae Jones", "R.J."),
        ("Doris", "D."),
        ("Mrs O'Neill", "Mrs O."),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_suggest_rewrite_replaces_people_and_identifiers() -> None:
    text = "Margaret Thompson (NHS 943 476 5919) rang Mrs Patterson on 07700 900123."
    findings = [
        f("PERSON", text, "Margaret Thompson"),
        f("UK_NHS", text, "943 476 5919"),
        f("PERSON", text, "Mrs Patterson"),
        f("PHONE_NUMBER", text, "07700 900123"),
    ]
    assert suggest_rewrite(text, findings) == (
        "M.T. (NHS [NHS number removed]) rang Mrs P. on [phone number removed]."
    )


def test_mask_uses_entity_types() -> None:
    text = "Edna Barlow's postcode is BS7 8AA"
    findings = [f("PERSON", text, "Edna Barlow's"), f("UK_POSTCODE", text, "BS7 8AA")]
    assert mask(text, findings) == "[PERSON] postcode is [UK_POSTCODE]"


def test_no_findings_leaves_text_alone() -> None:
    assert suggest_rewrite("All fine today", []) == "All fine today"
    assert mask("All fine today", []) == "All fine today"


def test_every_identifier_type_has_a_plain_label() -> None:
    text = "a b c d e f g"
    kinds = ["UK_NINO", "UK_POSTCODE", "ADDRESS", "DATE_OF_BIRTH", "EMAIL_ADDRESS", "X_Y"]
    findings = [Finding(k, i * 2, i * 2 + 1, 1.0, "t") for i, k in enumerate(kinds)]
    assert suggest_rewrite(text, findings) == (
        "[NI number removed] [postcode removed] [address removed] "
        "[date of birth removed] [email address removed] [x y removed] g"
    )
