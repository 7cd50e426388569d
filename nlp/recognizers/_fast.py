"""A leaner ``PatternRecognizer.analyze`` for short chat messages.

Presidio's own loop builds a regex explanation and times every pattern with
``datetime.now()`` per call, and uses the third-party ``regex`` engine; on an 80-character
message that bookkeeping costs more than the matching. This base class keeps Presidio's
recognizer shape (patterns, context words, ``validate_result``/``invalidate_result``, results
as ``RecognizerResult``) but matches with the standard library's ``re`` and builds an
explanation only for a match. A pattern may name a group ``value``: the result then covers
just that group (e.g. the date after "DOB").
"""

from __future__ import annotations

import re

from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from nlp.recognizers._util import follows_reference_word


class FastPatternRecognizer(PatternRecognizer):
    """``PatternRecognizer`` with a faster `analyze`; see the module docstring."""

    # A cheap test that every match needs (e.g. a digit); text without it is skipped.
    PREFILTER: re.Pattern[str] | None = None

    # Declared for mypy: Presidio assigns these in its constructors without annotations.
    name: str
    id: str
    patterns: list[Pattern]
    global_regex_flags: int | None

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Every validated pattern match in ``text``."""
        if self.PREFILTER is not None and self.PREFILTER.search(text) is None:
            return []
        flags = (self.global_regex_flags if regex_flags is None else regex_flags) or 0
        results: list[RecognizerResult] = []
        for pattern in self.patterns:
            for match in self._regex(pattern.regex, flags).finditer(text):
                start, end = match.span("value") if "value" in match.re.groupindex else match.span()
                if start == end:
                    continue
                result = self._result(text[start:end], start, end, pattern.score)
                if result is not None:
                    results.append(result)
        return list(EntityRecognizer.remove_duplicates(results))

    def _regex(self, regex: str, flags: int) -> re.Pattern[str]:
        cache: dict[tuple[str, int], re.Pattern[str]] = self.__dict__.setdefault("_compiled", {})
        compiled = cache.get((regex, flags))
        if compiled is None:
            compiled = cache[(regex, flags)] = re.compile(regex, flags)
        return compiled

    def _result(self, matched: str, start: int, end: int, score: float) -> RecognizerResult | None:
        valid = self.validate_result(matched)
        if valid is not None:
            score = EntityRecognizer.MAX_SCORE if valid else EntityRecognizer.MIN_SCORE
        if self.invalidate_result(matched):
            score = EntityRecognizer.MIN_SCORE
        if score <= EntityRecognizer.MIN_SCORE:
            return None
        return RecognizerResult(
            entity_type=self.supported_entities[0],
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=score, validation_result=bool(valid)
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


class ReferenceAwareRecognizer(FastPatternRecognizer):
    """A number recognizer that ignores numbers written right after a reference word.

    "crime ref 5223012345" or "incident 0456" is a police or incident reference, which the
    policy allows, even when the digits would pass as an NHS or phone number. A message that
    names the entity (`NAMED_BY`: "her nhs number for the equipment order 577 143 2601")
    keeps its numbers whatever reference word comes before them.
    """

    NAMED_BY: re.Pattern[str] | None = None

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Pattern matches minus those that are police, incident or care-plan references."""
        results: list[RecognizerResult] = super().analyze(
            text, entities, nlp_artifacts, regex_flags
        )
        if self.NAMED_BY is not None and self.NAMED_BY.search(text) is not None:
            return results
        return [r for r in results if not follows_reference_word(text, r.start)]
