"""The committed icons are the ones manifest/make_icons.py draws, and Teams accepts them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from PIL import Image, ImageChops

from bot.teams.manifest_validate import icon_problems

MANIFEST = Path(__file__).resolve().parents[3] / "manifest"


def _make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", MANIFEST / "make_icons.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_icons_pass_the_package_checks() -> None:
    assert icon_problems((MANIFEST / "color.png").read_bytes(), "color") == []
    assert icon_problems((MANIFEST / "outline.png").read_bytes(), "outline") == []


def test_icons_are_regenerated_identically(tmp_path: Path) -> None:
    _make_icons().write_icons(tmp_path)
    for name in ("color.png", "outline.png"):
        with Image.open(MANIFEST / name) as committed, Image.open(tmp_path / name) as fresh:
            assert committed.size == fresh.size
            diff = ImageChops.difference(committed.convert("RGBA"), fresh.convert("RGBA"))
            assert max(high for _, high in diff.getextrema()) <= 2, name


def test_colour_icon_shows_a_white_shield_on_teal() -> None:
    with Image.open(MANIFEST / "color.png") as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((4, 4)) == (11, 110, 105)  # teal corner
        assert rgb.getpixel((96, 40)) == (255, 255, 255)  # shield near the top
        assert rgb.getpixel((96, 178)) == (11, 110, 105)  # below the shield's point
