"""The monthly review's figures, computed from domain breaches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.assessment import DataType
from bot.domain.breach import ActionKind, Service
from bot.domain.values import IcoDecision
from bot.services.reports.monthly import ClockOutcome, Month, ReportError
from tests.unit.report import builders as b

MARCH = Month(2026, 3)
AFTER_MARCH = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)


def at(day: int, hour: int = 10, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-3", "March", "", "26-03", "1999-12"])
def test_bad_month_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(ReportError, match="YYYY-MM"):
        Month.parse(text)


def test_month_follows_uk_time_across_the_clocks_going_forward() -> None:
    assert Month.parse(" 2026-03 ") == MARCH
    assert MARCH.start == datetime(2026, 3, 1, 0, 0, tzinfo=UTC)  # GMT
    assert MARCH.end == datetime(2026, 3, 31, 23, 0, tzinfo=UTC)  # midnight BST
    assert Month(2026, 12).next() == Month(2027, 1)
    assert MARCH.label == "March 2026"
    # 23:30 UTC on 31 March is 00:30 on 1 April in London: an April breach.
    late_night = b.reported("BR-2026-0009", datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    assert b.monthly(MARCH, [late_night], now=AFTER_MARCH).reported == 0
    assert b.monthly(Month(2026, 4), [late_night], now=AFTER_MARCH).reported == 1


def test_future_month_is_refused() -> None:
    with pytest.raises(ReportError, match="not started"):
        b.monthly(Month(2026, 6), [], now=AFTER_MARCH)


def test_counts_by_service_timeliness_and_data_type() -> None:
    breaches = [
        b.assessed(
            b.acked(b.reported("BR-2026-0001", at(2)), 5 * timedelta(minutes=1)),
            at(3),
            DataType.PERSONAL,
            DataType.SPECIAL_CATEGORY,
        ),
        b.reported("BR-2026-0002", at(4), minutes_after_discovery=61),  # one minute late
        b.reported("BR-2026-0003", at(5), service=Service.CHILDREN, minutes_after_discovery=60),
        b.abandoned("BR-2026-0004", at(6)),  # children, discovery time unknown
        b.reported("BR-2026-0005", at(20, month=2)),  # February: not counted
    ]
    report = b.monthly(MARCH, breaches, now=AFTER_MARCH)
    adults, children = report.services
    assert (adults.reported, adults.within_hour, adults.late, adults.timing_unknown) == (2, 1, 1, 0)
    assert (children.reported, children.within_hour, children.late, children.timing_unknown) == (
        2,
        1,
        0,
        1,
    )
    assert children.incomplete == 1
    assert report.reported == 4
    assert report.share_within_hour == pytest.approx(2 / 3)
    assert adults.by_data_type[DataType.PERSONAL] == 1
    assert adults.by_data_type[DataType.SPECIAL_CATEGORY] == 1
    assert adults.by_data_type[None] == 1  # BR-2026-0002 not yet assessed
    assert children.by_data_type[None] == 2
    assert children.by_data_type[DataType.CHILDREN] == 0


def test_median_time_to_acknowledge_counts_only_acknowledgements_within_the_period() -> None:
    minute = timedelta(minutes=1)
    breaches = [
        b.acked(b.reported("BR-2026-0001", at(2)), 4 * minute),
        b.acked(b.reported("BR-2026-0002", at(3)), 30 * minute),
        b.acked(b.reported("BR-2026-0003", at(4)), 10 * minute),
        b.reported("BR-2026-0004", at(5)),
        # Reported at 22:50 UTC on 31 March (still March in London), acknowledged in April.
        b.acked(b.reported("BR-2026-0005", datetime(2026, 3, 31, 22, 50, tzinfo=UTC)), 20 * minute),
    ]
    report = b.monthly(MARCH, breaches, now=AFTER_MARCH)
    assert report.median_minutes_to_acknowledge == 10
    assert report.unacknowledged == 2
    assert b.monthly(MARCH, [], now=AFTER_MARCH).median_minutes_to_acknowledge is None
    assert b.monthly(MARCH, [], now=AFTER_MARCH).share_within_hour is None


def _high_risk(ref: str, reported_at: datetime) -> object:
    breach = b.acked(b.reported(ref, reported_at), timedelta(minutes=5))
    return b.assessed(breach, reported_at + H, DataType.SPECIAL_CATEGORY, high_risk=True)


def test_ico_clocks_met_missed_decided_and_running() -> None:
    met = b.ico(_high_risk("BR-2026-0001", at(2)), at(3))  # told after ~1 day
    missed = _high_risk("BR-2026-0002", at(9))  # never told: deadline passed in March
    late_told = b.ico(_high_risk("BR-2026-0003", at(16)), at(20))  # told after 4 days
    # A register written before "not reportable" was refused for a high-risk breach
    # may hold one; the report still counts its clock as decided.
    decided = replace(
        _high_risk("BR-2026-0004", at(23)),
        ico_decision=IcoDecision(False, b.DPO, at(24), "Encrypted device, no risk", None),
    )
    spans = _high_risk("BR-2026-0005", at(30))  # deadline 2 April
    low = b.assessed(b.acked(b.reported("BR-2026-0006", at(3)), H), at(4))
    report = b.monthly(MARCH, [met, missed, late_told, decided, spans, low], now=AFTER_MARCH)
    outcomes = {c.reference: c.outcome for c in report.ico_clocks}
    assert outcomes == {
        "BR-2026-0001": ClockOutcome.MET,
        "BR-2026-0002": ClockOutcome.MISSED,
        "BR-2026-0003": ClockOutcome.MISSED,
        "BR-2026-0004": ClockOutcome.NOT_NOTIFIED,
        "BR-2026-0005": ClockOutcome.RUNNING,  # at the end of March
    }
    april = b.monthly(Month(2026, 4), [spans], now=AFTER_MARCH)
    assert [c.outcome for c in april.ico_clocks] == [ClockOutcome.MISSED]
    # In the middle of March, a clock with a day to go is still running.
    mid = b.monthly(MARCH, [missed], now=at(11))
    assert [c.outcome for c in mid.ico_clocks] == [ClockOutcome.RUNNING]
    assert mid.as_of == at(11)


def test_open_actions_are_those_still_open_at_the_end_of_the_period() -> None:
    base = b.acked(b.reported("BR-2026-0001", at(2)), timedelta(minutes=5))
    done = b.action(base, at(3), ActionKind.CONTAINMENT, done_at=at(4))
    with_open = b.action(done, at(5), ActionKind.REMEDIATION, done_at=at(8, month=4))
    with_open = b.action(with_open, at(6), ActionKind.CONTAINMENT)
    all_done = b.action(
        b.acked(b.reported("BR-2026-0002", at(2)), H), at(3), ActionKind.CONTAINMENT, done_at=at(9)
    )
    report = b.monthly(MARCH, [with_open, all_done], now=AFTER_MARCH)
    assert [
        (a.reference, a.containment, a.remediation, a.oldest_since) for a in report.open_actions
    ] == [("BR-2026-0001", 1, 1, at(5))]
    assert report.open_breaches == 2
    april = b.monthly(Month(2026, 4), [with_open], now=AFTER_MARCH)
    assert [(a.containment, a.remediation) for a in april.open_actions] == [(1, 0)]


def test_escalations_in_the_month_are_counted() -> None:
    breach = b.reported("BR-2026-0001", at(2))
    events = {
        "BR-2026-0001": [
            b.escalation(breach, at(2) + timedelta(minutes=15)),
            b.escalation(breach, at(2, month=4)),
        ]
    }
    report = b.monthly(MARCH, [breach], now=AFTER_MARCH, events=events)
    assert report.escalations == 1


def test_abandoned_report_that_never_named_a_service_is_still_counted() -> None:
    breaches = [b.reported("BR-2026-0001", at(2)), b.abandoned("BR-2026-0002", at(3), service=None)]
    report = b.monthly(MARCH, breaches, now=AFTER_MARCH)
    assert report.reported == 2
    assert [(s.service, s.reported, s.timing_unknown) for s in report.services] == [
        (Service.ADULTS, 1, 0),
        (Service.CHILDREN, 0, 0),
        (None, 1, 1),
    ]
    only_known = b.monthly(MARCH, breaches[:1], now=AFTER_MARCH)
    assert [s.service for s in only_known.services] == [Service.ADULTS, Service.CHILDREN]


def test_time_to_close_counts_breaches_closed_in_the_month() -> None:
    from bot.domain.assessment import Closure

    base = b.acked(b.reported("BR-2026-0001", at(2)), timedelta(minutes=5))
    four_days = replace(base, closure=Closure(at(6), b.DPO, "Done"))
    other = b.acked(b.reported("BR-2026-0002", at(3)), timedelta(minutes=5))
    two_days = replace(other, closure=Closure(at(5), b.DPO, "Done"))
    april = b.acked(b.reported("BR-2026-0003", at(20)), timedelta(minutes=5))
    closed_later = replace(april, closure=Closure(at(2, month=4), b.DPO, "Done"))
    report = b.monthly(MARCH, [four_days, two_days, closed_later], now=AFTER_MARCH)
    assert sorted(report.days_to_close) == [2.0, 4.0]
    assert report.median_days_to_close == 3.0
    assert b.monthly(MARCH, [], now=AFTER_MARCH).median_days_to_close is None
