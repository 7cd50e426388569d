"""Invariants of the monthly figures over arbitrary registers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.breach import Service
from bot.services.reports.monthly import Month
from tests.unit.report import builders as b

MARCH = Month(2026, 3)
NOW = datetime(2026, 6, 1, tzinfo=UTC)

breach_specs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=120 * 24 * 60),  # minutes after 1 Feb 2026
        st.sampled_from(list(Service)),
        st.integers(min_value=0, max_value=240),  # minutes from discovery to report
        st.one_of(st.none(), st.integers(min_value=0, max_value=600)),  # minutes to acknowledge
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(breach_specs)
def test_every_march_report_is_counted_once_and_only_march_reports_are(specs) -> None:
    start = datetime(2026, 2, 1, tzinfo=UTC)
    breaches = []
    for n, (offset, service, delay, ack) in enumerate(specs, start=1):
        breach = b.reported(
            f"BR-2026-{n:04d}",
            start + timedelta(minutes=offset),
            service=service,
            minutes_after_discovery=delay,
        )
        breaches.append(breach if ack is None else b.acked(breach, timedelta(minutes=ack)))
    report = b.monthly(MARCH, breaches, now=NOW)
    in_march = [x for x in breaches if MARCH.start <= x.reported_at < MARCH.end]
    assert report.reported == len(in_march)
    for figures in report.services:
        assert figures.within_hour + figures.late + figures.timing_unknown == figures.reported
    assert report.within_hour == sum(1 for x in in_march if x.report_minutes_late == 0)
    assert len(report.acknowledge_minutes) + report.unacknowledged == report.reported
    if report.acknowledge_minutes:
        assert min(report.acknowledge_minutes) <= report.median_minutes_to_acknowledge
        assert report.median_minutes_to_acknowledge <= max(report.acknowledge_minutes)
