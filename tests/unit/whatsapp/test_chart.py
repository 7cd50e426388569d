"""The weekly chart: inline SVG with readable, not crowded, week labels."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.whatsapp.audit import WeekCount
from bot.whatsapp.chart import weekly_chart_svg


def test_no_weeks_no_chart() -> None:
    assert weekly_chart_svg([]) == ""


def test_a_long_period_keeps_labels_readable() -> None:
    start = date(2024, 1, 1)
    weeks = [WeekCount(start + timedelta(weeks=i), 40 + i % 7, i % 3) for i in range(104)]
    svg = weekly_chart_svg(weeks)
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    labels = re.findall(r"\d{2} [A-Z][a-z]{2} \d{4}", svg)
    assert 2 <= len(labels) <= 12
    assert "01 Jan 2024" in labels
    assert "<script" not in svg
    assert "<metadata>" not in svg
    # Only internal references: nothing for a browser or printer to fetch.
    assert all(ref.startswith("#") for ref in re.findall(r'href="([^"]*)"', svg))
