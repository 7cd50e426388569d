"""Microsoft's own adaptivecards renderer accepts every card; Chromium draws them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import ModuleType

from PIL import Image

from bot.teams.cards import BreachState, breach_alert_card, samples

DOCS_CARDS = Path(__file__).resolve().parents[3] / "docs" / "cards"


def test_renderer_parses_every_card_without_errors_or_warnings(
    cardrender: ModuleType, node_tool: str
) -> None:
    cards = samples.sample_cards()
    # Each state with a late, incomplete report and long history too.
    for state in BreachState:
        view = replace(samples.ESCALATED, state=state, history=samples.ESCALATED.history * 3)
        cards[f"variant-{state.value}"] = breach_alert_card(view)
    issues = cardrender.check_cards(cards)
    assert set(issues) == set(cards)
    assert {name: found for name, found in issues.items() if found} == {}


def test_renderer_check_reports_a_broken_card(cardrender: ModuleType, node_tool: str) -> None:
    broken = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {"type": "TextBlok", "text": "x"},
            {"type": "TextBlock", "text": "y", "color": "Purple"},
        ],
    }
    issues = cardrender.check_cards({"broken": broken})["broken"]
    assert [i["event"] for i in issues] == ["UnknownElementType", "InvalidPropertyValue"]


def _ink_fraction(image: Image.Image) -> float:
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    return dark / (grey.width * grey.height)


def test_cards_render_to_non_blank_pngs(
    cardrender: ModuleType, chromium_tool: str, node_tool: str, tmp_path: Path
) -> None:
    cards = {k: samples.sample_cards()[k] for k in ("breach-reported", "name-warning")}
    written = cardrender.render_cards(cards, tmp_path, scale=1)
    assert set(written) == set(cards)
    for path in written.values():
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.width >= 380
            assert image.height >= 200
            colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
            assert colours is None or len(colours) > 20  # text, fills and borders, not a blank
            assert 0.01 < _ink_fraction(image) < 0.5  # there is text, and it is not all dark


def test_docs_have_a_screenshot_of_every_card() -> None:
    names = {p.stem for p in DOCS_CARDS.glob("*.png")}
    missing = set(samples.sample_cards()) - names
    assert not missing, f"run tools/cardcheck/render_all.py; missing {sorted(missing)}"
