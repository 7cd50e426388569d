"""Roster behaviour: client first names flagged, staff names never flagged as clients."""

from __future__ import annotations

from nlp.detector import Detector


def persons(detector: Detector, text: str) -> list[str]:
    return [
        text[f.start : f.end] for f in detector.scan(text).findings if f.entity_type == "PERSON"
    ]


def test_client_first_name_alone_is_flagged_only_with_the_roster(
    detector: Detector, roster_detector: Detector
) -> None:
    # A first name in a neutral sentence: only the roster says it is a client's. (Wording
    # that makes it a client's, "Doris didn't want her breakfast", is flagged either way:
    # tests/unit/nlp/test_client_first_names.py.)
    text = "Doris was in good spirits"
    assert persons(roster_detector, text) == ["Doris"]
    assert persons(detector, text) == []


def test_known_as_name_is_flagged(roster_detector: Detector) -> None:
    assert persons(roster_detector, "peggy was in good spirits") == ["peggy"]


def test_client_full_name_is_flagged(roster_detector: Detector) -> None:
    assert persons(roster_detector, "Visited Margaret Ellery at 2") == ["Margaret Ellery"]


def test_staff_names_are_never_flagged(roster_detector: Detector) -> None:
    texts = [
        "Ask Jade in the office",
        "Tomasz Brzeski covering tonight",
        "Mr Brzeski is covering",
        "Thanks Sarah Penhallow!",
    ]
    for text in texts:
        assert persons(roster_detector, text) == [], text


def test_staff_name_that_is_also_a_client_name_is_flagged(roster_detector: Detector) -> None:
    # Sarah is both a staff first name and a client's first name: the client wins.
    assert persons(roster_detector, "Sarah refused her tablets") == ["Sarah"]


def test_roster_names_are_found_through_evasion(roster_detector: Detector) -> None:
    text = "D\u200boris didn't want her breakfast"
    assert persons(roster_detector, text) == ["D\u200boris"]


def test_roster_name_is_not_run_into_the_next_word(roster_detector: Detector) -> None:
    for text in ["Doris refused lunch", "Doris fell in the hall"]:
        assert persons(roster_detector, text) == ["Doris"], text
    assert roster_detector.suggest_rewrite("Doris refused lunch") == "D. refused lunch"
