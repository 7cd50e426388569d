"""Whatever the input, findings point at real, non-overlapping spans of the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.detector import Detector

_PIECES = st.sampled_from(
    [
        "NHS 943 476 5919",
        "9 4 3 4 7 6 5 9 1 9",
        "０７７００ ９００１２３",
        "Mrs Раttеrsоn",
        "DOB 12/03/1941",
        "42 Hillside Road",
        "BS7 8AA",
        "\u200b",
        "\u202e",
        " ",
        "Doris",
        "🙂",
        "e\u0301",
        "ﬁ",
        "AB 12 34 56 C",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=8).map("".join))
def test_findings_slice_the_original(detector: Detector, text: str) -> None:
    findings = detector.scan(text).findings
    previous_end = 0
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= previous_end  # sorted, no overlaps
        assert text[f.start : f.end].strip()
        assert 0.0 < f.score <= 1.0
        previous_end = f.end


def test_edge_inputs(detector: Detector) -> None:
    assert not detector.scan("").flagged
    assert not detector.scan("\u200b\u200d\u202e").flagged
    long = ("All fine today, nothing to report. " * 300) + "NHS 943 476 5919"
    (finding,) = detector.scan(long).findings
    assert long[finding.start : finding.end] == "943 476 5919"
