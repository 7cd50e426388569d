"""The spaCy side of the detector: a Presidio NLP engine over an already loaded pipeline.

No pretrained English pipeline can be installed here and nothing may be downloaded at run
time, so the default is ``spacy.blank("en")``: tokenisation only. Presidio's own
``SpacyNlpEngine.load`` would try to download a missing model; this engine never does.
"""

from __future__ import annotations

from typing import Any

from nlp.errors import DetectorError


def load_spacy(model: str | None) -> Any:
    """Load the named spaCy pipeline, or a blank English one when ``model`` is None.

    Raises:
        DetectorError: ``model`` is not an installed spaCy pipeline.
    """
    import spacy

    if model is None:
        return spacy.blank("en")
    from pathlib import Path

    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise DetectorError(
            f"spaCy pipeline {model!r} is not installed; install it or leave spacy_model unset"
        )
    # The parser is the slowest component and nothing here needs dependency parses.
    return spacy.load(model, exclude=["parser"])


def build_engine(nlp: Any) -> Any:
    """A Presidio ``NlpEngine`` that processes text with the given spaCy pipeline.

    Lemmas fall back to the lower-cased token when the pipeline has no lemmatizer (the blank
    pipeline), so Presidio's context-word enhancer still finds words like "dob" or "nhs".
    """
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

    class LoadedSpacyNlpEngine(SpacyNlpEngine):
        def __init__(self, pipeline: Any) -> None:
            super().__init__(models=[{"lang_code": "en", "model_name": pipeline.meta["name"]}])
            # Presidio declares ``nlp`` as None until load(); this engine starts loaded.
            self.nlp = {"en": pipeline}  # type: ignore[assignment]
            self._has_lemmas = "lemmatizer" in pipeline.pipe_names

        def load(self) -> None:
            """Already loaded at construction; never downloads."""

        def _doc_to_nlp_artifact(self, doc: Any, language: str) -> NlpArtifacts:
            if self._has_lemmas:
                return super()._doc_to_nlp_artifact(doc, language)
            entities, scores = self._get_updated_entities(
                list(self._get_entities(doc)), self._get_scores_for_entities(doc)
            )
            return NlpArtifacts(
                entities=entities,
                tokens=doc,
                tokens_indices=[token.idx for token in doc],
                lemmas=[token.lower_ for token in doc],
                nlp_engine=self,
                language=language,
                scores=scores,
            )

    return LoadedSpacyNlpEngine(nlp)
