"""Draw CareGuard's Teams app icons: a shield with a check mark.

Writes ``color.png`` (192×192, white shield on teal) and ``outline.png`` (32×32, white on
transparent) next to this file, or into the folder given as the only argument. Shapes are
drawn at 16× and scaled down, so edges are smooth and the result is the same on every run.

Run: ``.venv/bin/python manifest/make_icons.py``
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (11, 110, 105, 255)
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 16

Point = tuple[float, float]


def _quad(p0: Point, c: Point, p1: Point, steps: int = 24) -> list[Point]:
    """Points on a quadratic Bézier curve from p0 to p1 (p0 excluded)."""
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t**2 * p1[0]
        y = (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t**2 * p1[1]
        out.append((x, y))
    return out


def shield(half_width: float = 0.30, top: float = 0.14, bottom: float = 0.88) -> list[Point]:
    """The shield outline in unit coordinates (0..1), clockwise from the top-left corner."""
    left, right = 0.5 - half_width, 0.5 + half_width
    corner = top + 0.10
    side_end = 0.50
    pts: list[Point] = [(left, corner)]
    pts += _quad((left, corner), (0.5 - half_width / 2, top), (0.5, top))
    pts += _quad((0.5, top), (0.5 + half_width / 2, top), (right, corner))
    pts.append((right, side_end))
    pts += _quad((right, side_end), (right, bottom - 0.12), (0.5, bottom))
    pts += _quad((0.5, bottom), (left, bottom - 0.12), (left, side_end))
    return pts


CHECK: tuple[Point, ...] = ((0.37, 0.50), (0.47, 0.61), (0.65, 0.40))


def _scaled(points: Sequence[Point], size: int) -> list[Point]:
    return [(x * size, y * size) for x, y in points]


def _polyline(
    draw: ImageDraw.ImageDraw, points: Sequence[Point], width: float, fill: int | tuple[int, ...]
) -> None:
    """A thick polyline with round joints and ends."""
    w = max(1, round(width))
    draw.line(list(points), fill=fill, width=w, joint="curve")
    for x, y in points:
        r = w / 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def color_icon(size: int = 192) -> Image.Image:
    """White shield with a teal check mark on a teal square."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), TEAL)
    draw = ImageDraw.Draw(image)
    draw.polygon(_scaled(shield(), big), fill=WHITE)
    _polyline(draw, _scaled(CHECK, big), 0.075 * big, TEAL)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def outline_icon(size: int = 32) -> Image.Image:
    """Shield outline and check mark in white on a transparent background."""
    big = size * SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    outline = _scaled(shield(half_width=0.36, top=0.08, bottom=0.94), big)
    _polyline(draw, [*outline, outline[0]], 0.085 * big, 255)
    _polyline(draw, _scaled(CHECK, big), 0.10 * big, 255)
    alpha = mask.resize((size, size), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    image.putalpha(alpha)
    return image


def write_icons(folder: Path) -> tuple[Path, Path]:
    """Write ``color.png`` and ``outline.png`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    color, outline = folder / "color.png", folder / "outline.png"
    color_icon().convert("RGB").save(color, optimize=True)
    outline_icon().save(outline, optimize=True)
    return color, outline


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in write_icons(target):
        print(path)
