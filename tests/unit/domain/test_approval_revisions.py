"""The SIRO approved the report as it was: a revision sends it back for approval."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import review as rv
from bot.domain.breach import Breach, BreachError

from .conftest import DPO, SIRO, T0, assessment, investigation
from .test_review import _report_ready


@pytest.fixture
def approved(acknowledged: Breach) -> Breach:
    done = rv.decide_approval(_report_ready(acknowledged), by=SIRO, at=T0, approved=True)
    assert done.breach.approved
    return done.breach


def test_a_revised_investigation_withdraws_the_approval(approved: Breach) -> None:
    later = T0 + timedelta(hours=2)
    revised = rv.record_investigation(approved, investigation(at=later))
    assert revised.breach.approval is None
    assert revised.event.data["approval_withdrawn"] is True
    with pytest.raises(BreachError, match="get the SIRO's approval"):
        rv.close(revised.breach, by=DPO, at=later, outcome="Done")


def test_a_revised_assessment_withdraws_the_approval(approved: Breach) -> None:
    revised = rv.assess(approved, assessment(high_risk=True, at=T0 + timedelta(hours=1)))
    assert revised.breach.approval is None
    assert revised.event.data["approval_withdrawn"] is True


def test_without_an_approval_nothing_is_withdrawn(acknowledged: Breach) -> None:
    first = rv.assess(acknowledged, assessment())
    assert first.event.data["approval_withdrawn"] is False
