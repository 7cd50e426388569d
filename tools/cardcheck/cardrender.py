"""Check Adaptive Cards with Microsoft's JavaScript renderer and screenshot them in Chromium.

Used by ``render_all.py`` (regenerates ``docs/cards/*.png``) and by the card tests. Needs
``node`` with ``npm ci`` done in this folder, and Debian's ``chromium``; both are installed by
``scripts/ensure-test-tools.sh`` (run by ``make test``).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

HERE = Path(__file__).resolve().parent
HOST_CONFIG = HERE / "teams-light-host-config.json"
RENDERER = HERE / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"
CHROMIUM = Path("/usr/bin/chromium")
BACKGROUND = (0xF5, 0xF5, 0xF5)
SLOT_PADDING = 12
TIMEOUT_S = 60

Card = Mapping[str, Any]


class ToolMissingError(RuntimeError):
    """Node, the npm renderer or Chromium is not installed."""


def node() -> str:
    """Path of ``node`` with the renderer installed, or raise :class:`ToolMissingError`."""
    found = shutil.which("node")
    if not found:
        raise ToolMissingError("node is not installed")
    if not RENDERER.exists():
        raise ToolMissingError(f"run `npm ci` in {HERE.name} (or scripts/ensure-test-tools.sh)")
    return found


def chromium() -> str:
    """Path of Debian's chromium, or raise :class:`ToolMissingError`."""
    if not CHROMIUM.exists():
        raise ToolMissingError("/usr/bin/chromium is not installed")
    return str(CHROMIUM)


def check_cards(cards: Mapping[str, Card]) -> dict[str, list[dict[str, str]]]:
    """Parse every card with the ``adaptivecards`` renderer; name → list of issues."""
    result = subprocess.run(  # noqa: S603 (fixed program and script path)
        [node(), str(HERE / "check.js")],
        input=json.dumps(cards),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"check.js failed ({result.returncode}): {result.stderr.strip()}")
    issues: dict[str, list[dict[str, str]]] = json.loads(result.stdout)
    return issues


def _screenshot(
    cards: Mapping[str, Card], *, columns: int, slot: tuple[int, int], scale: int, work: Path
) -> Image.Image:
    spec = {
        "hostConfig": json.loads(HOST_CONFIG.read_text(encoding="utf-8")),
        "cards": list(cards.items()),
        "columns": columns,
        "slotWidth": slot[0],
        "slotHeight": slot[1],
    }
    data = work / "cards.js"
    data.write_text(f"window.CARDGRID = {json.dumps(spec)};\n", encoding="utf-8")
    rows = math.ceil(len(cards) / columns)
    shot = work / "grid.png"
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--hide-scrollbars", "--mute-audio",
        f"--user-data-dir={work / 'profile'}", f"--force-device-scale-factor={scale}",
        f"--window-size={columns * slot[0]},{rows * slot[1]}", f"--screenshot={shot}",
        "--virtual-time-budget=5000",
        f"{(HERE / 'render.html').as_uri()}?data={data.as_uri()}",
    ]  # fmt: skip
    result = subprocess.run(  # noqa: S603 (fixed program; arguments built here)
        command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    if result.returncode != 0 or not shot.exists():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-500:]}")
    return Image.open(shot).convert("RGB")


def _crop_card(
    grid: Image.Image, index: int, *, columns: int, slot: tuple[int, int], scale: int, name: str
) -> Image.Image:
    w, h = slot[0] * scale, slot[1] * scale
    left, top = (index % columns) * w, (index // columns) * h
    cell = grid.crop((left, top, left + w, top + h))
    background = Image.new("RGB", cell.size, BACKGROUND)
    box = ImageChops.difference(cell, background).getbbox()
    if box is None:
        raise RuntimeError(f"card {name} rendered blank")
    if box[3] > h - SLOT_PADDING * scale // 2:
        raise RuntimeError(f"card {name} is taller than its {slot[1]} px slot; raise slot height")
    margin = 8 * scale
    return cell.crop((max(box[0] - margin, 0), max(box[1] - margin, 0),
                      min(box[2] + margin, w), min(box[3] + margin, h)))  # fmt: skip


def render_cards(
    cards: Mapping[str, Card],
    out_dir: Path,
    *,
    width: int = 400,
    slot_height: int = 1100,
    scale: int = 2,
) -> dict[str, Path]:
    """Render every card in one headless-Chromium run; write ``out_dir/<name>.png``.

    Args:
        cards: name → Adaptive Card JSON.
        out_dir: Where the PNGs go (created if needed).
        width: Card width in CSS pixels (400 ≈ a phone in portrait).
        slot_height: Room for the tallest card, in CSS pixels.
        scale: Device pixel ratio of the screenshots.

    Returns:
        name → PNG path.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    columns = max(1, math.ceil(math.sqrt(len(cards))))
    slot = (width + 2 * SLOT_PADDING, slot_height)
    written: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="careguard-cards-") as tmp:
        grid = _screenshot(cards, columns=columns, slot=slot, scale=scale, work=Path(tmp))
        for index, name in enumerate(cards):
            image = _crop_card(grid, index, columns=columns, slot=slot, scale=scale, name=name)
            path = out_dir / f"{name}.png"
            # A palette image keeps the docs small; text stays crisp at 256 colours.
            image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
            written[name] = path
    return written
