"""The YAML list of enabled recognizers."""

from __future__ import annotations

import pytest

from nlp.errors import DetectorError
from nlp.registry import build_recognizers, read_config


def test_packaged_configuration_enables_every_entity() -> None:
    recognizers = build_recognizers(read_config(), ner_model=False)
    entities = {e for r in recognizers for e in r.supported_entities}
    assert entities >= {
        "UK_NHS",
        "UK_NINO",
        "PHONE_NUMBER",
        "UK_POSTCODE",
        "ADDRESS",
        "DATE_OF_BIRTH",
        "EMAIL_ADDRESS",
        "PERSON",
    }
    assert "SpacyPersonRecognizer" not in {r.name for r in recognizers}


def test_missing_module_uses_the_fallback() -> None:
    entries = read_config(
        "recognizers:\n"
        "  - class: nlp.recognizers.not_installed_here:Nothing\n"
        "    fallback: nlp.recognizers.title_surname:TitleSurnameRecognizer\n"
    )
    assert [r.name for r in build_recognizers(entries, ner_model=False)] == [
        "TitleSurnameRecognizer"
    ]


def test_context_words_can_be_overridden() -> None:
    entries = read_config(
        "recognizers:\n  - class: nlp.recognizers.uk_nhs:UkNhsRecognizer\n    context: [chi]\n"
    )
    assert build_recognizers(entries, ner_model=False)[0].context == ["chi"]


@pytest.mark.parametrize(
    "text",
    [
        "nothing: here\n",
        "recognizers:\n  - name: x\n",
        "recognizers:\n  - class: os:system\n",
        "recognizers:\n  - class: nlp.recognizers.uk_nhs:UkNhsRecognizer\n    colour: red\n",
    ],
)
def test_bad_configuration_is_refused(text: str) -> None:
    with pytest.raises(DetectorError):
        build_recognizers(read_config(text), ner_model=False)
