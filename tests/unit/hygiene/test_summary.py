"""``/hygiene``: warnings per channel and ISO week, with entity types, fixes and feedback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.hygiene_report import iso_week, period_bounds, render_report
from bot.services.messages import (
    CardAction,
    HygieneSummary,
    HygieneWeekCounts,
    Verb,
)
from tests.unit.hygiene.conftest import Hygiene
from tests.unit.hygiene.fakes import CARER, CLEAN_MESSAGE, DPO, OFFICE, OTHER_CARER, message


async def _warn(hy: Hygiene, text: str, **kwargs: object) -> str:
    warning = await hy.warn(message(text, **kwargs))  # type: ignore[arg-type]
    return warning.warning_id


async def _two_weeks_of_warnings(hy: Hygiene) -> None:
    # Week 46 (Mon 9 Nov): one warning in the rota channel.
    hy.clock.set(datetime(2026, 11, 12, 10, 0, tzinfo=UTC))
    await _warn(hy, "Edwin Marrowby needs a lift", message_id="m1")
    # Week 47: three in the rota channel, one in the office channel.
    hy.clock.set(datetime(2026, 11, 16, 8, 0, tzinfo=UTC))
    fixed = await _warn(hy, "Zelda Quincefield 943 476 5919", message_id="m2")
    await hy.post(message(CLEAN_MESSAGE, message_id="m2", edited=True))
    not_client = await _warn(hy, "Ottilie Fenwright is the new cook", message_id="m3")
    await hy.click(
        CardAction(CARER, Verb.WARNING_NOT_CLIENT_DATA.value, {"warning": not_client}, "a:1")
    )
    await _warn(hy, "Ring 07700900123", message_id="m4", actor=OTHER_CARER)
    breach = await _warn(hy, "Edwin Marrowby fell", message_id="m5", channel=OFFICE)
    await hy.to_breach(DPO, breach)
    assert fixed


async def test_summary_counts_warnings_per_channel_and_week(hy: Hygiene) -> None:
    await _two_weeks_of_warnings(hy)
    hy.clock.set(datetime(2026, 11, 19, 12, 0, tzinfo=UTC))
    summary = await hy.summary(DPO)
    assert isinstance(summary, HygieneSummary)
    assert summary.period == "13 weeks, 2026-W35 to 2026-W47"
    assert len(summary.weeks) == 13
    assert summary.weeks[0] == HygieneWeekCounts(
        "2026-W47", (("Adults – Office", 1), ("Adults – Rota", 3))
    )
    assert summary.weeks[1] == HygieneWeekCounts("2026-W46", (("Adults – Rota", 1),))
    assert all(week.counts == () for week in summary.weeks[2:])


async def test_report_breaks_down_entity_types_fixes_and_feedback(hy: Hygiene) -> None:
    await _two_weeks_of_warnings(hy)
    report = await hy.report(weeks=2)
    assert report.weeks == ("2026-W47", "2026-W46")
    assert report.total == 5
    rota = next(r for r in report.rows if r.week == "2026-W47" and r.place == "Adults – Rota")
    assert rota.warnings == 3
    assert rota.by_entity == (("PERSON", 2), ("PHONE_NUMBER", 1), ("UK_NHS", 1))
    assert (rota.fixed, rota.not_client_data, rota.edited, rota.breaches) == (1, 1, 0, 0)
    office = next(r for r in report.rows if r.place == "Adults – Office")
    assert office.breaches == 1
    text = render_report(report)
    assert "2026-W46:" in text
    assert "'not client data' 1" in text
    assert "Marrowby" not in text


async def test_warnings_before_the_period_are_left_out(hy: Hygiene) -> None:
    await _two_weeks_of_warnings(hy)
    report = await hy.report(weeks=1)
    assert report.weeks == ("2026-W47",)
    assert report.total == 4


def test_iso_weeks_follow_uk_time_across_the_clock_change() -> None:
    # Sunday 23:30 UTC in summer is already Monday 00:30 in the UK.
    assert iso_week(datetime(2026, 7, 12, 23, 30, tzinfo=UTC)) == "2026-W29"
    # In winter UK time is UTC.
    assert iso_week(datetime(2026, 11, 15, 23, 30, tzinfo=UTC)) == "2026-W46"


def test_the_period_starts_on_a_uk_monday_at_midnight() -> None:
    now = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)  # Wednesday; the clocks went forward on 29 Mar
    assert period_bounds(now, weeks=1) == (datetime(2026, 3, 29, 23, 0, tzinfo=UTC), now)  # BST
    assert period_bounds(now, weeks=2)[0] == datetime(2026, 3, 23, 0, 0, tzinfo=UTC)  # GMT
    with pytest.raises(ValueError, match="at least one week"):
        period_bounds(now, weeks=0)
