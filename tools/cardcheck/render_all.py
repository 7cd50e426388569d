"""Regenerate docs/cards/*.png: check every sample card, then screenshot it.

Run from the repository root: ``.venv/bin/python tools/cardcheck/render_all.py``.
Needs ``scripts/ensure-test-tools.sh`` to have run (node renderer and chromium).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cardrender import check_cards, render_cards

from bot.teams.cards.samples import sample_cards

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cards"


def main() -> int:
    """Check and render every sample card; exit 1 if the renderer reports any issue."""
    cards = sample_cards()
    issues = {name: found for name, found in check_cards(cards).items() if found}
    for name, found in issues.items():
        for issue in found:
            print(f"{name}: {issue['event']}: {issue['message']}", file=sys.stderr)
    if issues:
        return 1
    for name, path in render_cards(cards, DOCS).items():
        print(f"{name}: {path.relative_to(DOCS.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
