"""The per-week trend chart, drawn with matplotlib as inline SVG text.

SVG keeps the HTML report one self-contained file that prints sharply. The chart only
ever shows week dates and counts, never message content.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from bot.whatsapp.audit import WeekCount

_MAX_LABELS = 12
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def weekly_chart_svg(weeks: Sequence[WeekCount]) -> str:
    """An ``<svg>`` element: messages scanned and flagged per week.

    Returns an empty string when there are no weeks to draw.
    """
    if not weeks:
        return ""
    import matplotlib  # heavy: only when a report is drawn
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    xs = list(range(len(weeks)))
    fig = Figure(figsize=(8.0, 2.8), dpi=96)
    ax = fig.subplots()
    ax.bar(xs, [w.messages for w in weeks], color="#c9d6e3", label="messages scanned")
    ax.bar(xs, [w.flagged for w in weeks], color="#b3261e", label="flagged")
    step = max(1, -(-len(weeks) // _MAX_LABELS))
    ax.set_xticks(xs[::step], [w.week_start.strftime("%d %b %Y") for w in weeks[::step]])
    ax.tick_params(axis="x", labelsize=7, labelrotation=30)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel("messages per week", fontsize=8)
    ax.set_xlabel("week starting (Monday)", fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2)
    fig.tight_layout()
    buf = io.StringIO()
    # Text stays text (smaller, selectable); no date metadata, so output is reproducible.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "careguard"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    # The RDF metadata block only names matplotlib; the report does not need it.
    return _METADATA.sub("", svg[svg.index("<svg") :], count=1)
