"""The Teams light-theme host config used for screenshots is a valid host config."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT / "tests" / "data" / "adaptive-cards" / "host-config.json"
HOST_CONFIG = ROOT / "tools" / "cardcheck" / "teams-light-host-config.json"


def test_host_config_matches_the_host_config_schema() -> None:
    definitions = json.loads(SCHEMA.read_text(encoding="utf-8"))["definitions"]
    validator = jsonschema.Draft6Validator(
        {"$ref": "#/definitions/HostConfig", "definitions": definitions}
    )
    config = json.loads(HOST_CONFIG.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(config)] == []


def test_host_config_styles_every_container_style_the_cards_use() -> None:
    config = json.loads(HOST_CONFIG.read_text(encoding="utf-8"))
    styles = config["containerStyles"]
    for style in ("default", "emphasis", "good", "attention", "warning", "accent"):
        assert styles[style]["backgroundColor"].startswith("#")
        assert set(styles[style]["foregroundColors"]) >= {"default", "attention", "good", "warning"}
    assert config["supportsInteractivity"] is True
