"""What the DPOs read: the Markdown review and the PNG chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from bot.domain.assessment import DataType
from bot.domain.breach import ActionKind
from bot.services.reports.monthly import Month
from bot.services.reports.render import to_markdown, write_report
from tests.unit.report import builders as b

NOW = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


def _report() -> object:
    first = b.acked(
        b.reported("BR-2026-0001", datetime(2026, 3, 2, 10, tzinfo=UTC)), timedelta(minutes=8)
    )
    first = b.assessed(
        first, datetime(2026, 3, 2, 12, tzinfo=UTC), DataType.CHILDREN, high_risk=True
    )
    first = b.action(first, datetime(2026, 3, 2, 13, tzinfo=UTC), ActionKind.REMEDIATION)
    late = b.reported(
        "BR-2026-0002", datetime(2026, 3, 3, 10, tzinfo=UTC), minutes_after_discovery=95
    )
    return b.monthly(Month(2026, 3), [first, late], now=NOW)


def test_markdown_shows_the_figures_and_no_free_text() -> None:
    text = to_markdown(_report(), "breach-report-2026-03.png")  # type: ignore[arg-type]
    assert text.startswith("# Breach register: monthly review, March 2026")
    assert "| Breaches reported | 2 |" in text
    assert "| Reported within the hour | 50% (1 of 2 with a known discovery time) |" in text
    assert "| Median time to acknowledge | 8 min (1 acknowledged, 1 not yet acknowledged) |" in text
    assert "| ICO 72-hour clocks | 0 met, 1 missed, 0 decided not to notify, 0 running |" in text
    assert (
        "| BR-2026-0001 | adults | Thu 05 Mar 2026 09:40 GMT | Thu 05 Mar 2026 09:40 GMT "
        "| **missed** |" in text
    )
    assert "| BR-2026-0001 | adults | 0 | 1 | Mon 02 Mar 2026 13:00 GMT |" in text
    assert "| paper | 2 |" in text  # both breaches involved paper records
    assert "![Timeliness and ICO clocks, March 2026](breach-report-2026-03.png)" in text
    for secret in ("Zebedee", "Pelican", "Sam Carer", b.SECRET):
        assert secret not in text


def test_an_empty_month_says_so_plainly() -> None:
    text = to_markdown(b.monthly(Month(2026, 1), [], now=NOW))
    assert "| Breaches reported | 0 |" in text
    assert "n/a" in text
    assert "No ICO clock was settled in this period or running at its end." in text
    assert "No open containment or remediation actions." in text
    assert "No breaches reported in this period." in text


def test_report_files_are_written_with_a_readable_chart(tmp_path: Path) -> None:
    markdown, chart = write_report(_report(), tmp_path / "reports")  # type: ignore[arg-type]
    assert (markdown.name, chart.name) == ("breach-report-2026-03.md", "breach-report-2026-03.png")
    assert chart.name in markdown.read_text(encoding="utf-8")
    with Image.open(chart) as image:
        assert image.format == "PNG"
        assert image.size == (900, 400)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 10  # bars and text were drawn


def test_a_report_without_a_service_shows_as_not_given() -> None:
    breach = b.abandoned("BR-2026-0003", datetime(2026, 3, 4, 10, tzinfo=UTC), service=None)
    text = to_markdown(b.monthly(Month(2026, 3), [breach], now=NOW))
    assert "| not given | 1 | 0 (n/a) | 0 | 1 | 0 |" in text
