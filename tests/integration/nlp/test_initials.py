"""Initials are what the policy asks for: a title with initials is never a client name."""

from __future__ import annotations

import pytest

from nlp.detector import Detector


@pytest.mark.parametrize(
    "text",
    [
        "Mrs P. refused her tea",
        "Mrs Z.Q. is settled today",
        "Dr S. visited at 10",
        "Mr K said hello",
        "spoke to mrs p about it",
        "Mrs JB ate well",
        "Mrs P.'s tea was cold",
    ],
)
def test_title_with_initials_is_not_flagged(detector: Detector, text: str) -> None:
    assert not detector.scan(text).flagged


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr Ko said hi", "Mr Ko"),
        ("Mrs Li fell in the lounge", "Mrs Li"),
        ("Mrs Patterson refused her tea", "Mrs Patterson"),
    ],
)
def test_short_surnames_after_a_title_are_still_flagged(
    detector: Detector, text: str, name: str
) -> None:
    spans = [text[f.start : f.end] for f in detector.scan(text).findings]
    assert name in spans


def test_the_suggested_rewrite_passes_the_detector(detector: Detector) -> None:
    text = "Mrs Patterson and Dr Siddiqui met Margaret Thompson"
    rewrite = detector.suggest_rewrite(text)
    assert rewrite != text
    assert not detector.scan(rewrite).flagged
