"""The whole bot flow on PostgreSQL: report, escalation by the scheduler, acknowledgement."""

from __future__ import annotations

import pytest

from bot.domain.clock import ManualClock
from bot.domain.values import BreachState
from bot.services.messages import EscalationNotice, Verb
from bot.settings import load_organisation
from tests.integration.services.conftest import SESSION_KEY
from tests.unit.services.conftest import CARER, ROOT, START, Harness

pytestmark = pytest.mark.postgres


async def test_report_escalate_acknowledge_on_postgres(pg_services_url: str) -> None:
    organisation = load_organisation(ROOT / "examples" / "citycare.toml")
    key = SESSION_KEY
    clock = ManualClock(START)
    h = Harness(pg_services_url, organisation, key, clock)
    second = Harness(pg_services_url, organisation, key, clock)  # another instance
    try:
        reference = await h.report(CARER)
        clock.advance(minutes=13)
        await h.run_due()
        await second.run_due()
        notices = [
            s
            for s in h.notifier.sent + second.notifier.sent
            if isinstance(s.message, EscalationNotice) and s.message.alert.reference == reference
        ]
        assert [n.to for n in notices] == ["claire.best@citycare.example"]

        outcome = await second.click(second.actor("claire"), Verb.ACKNOWLEDGE, reference)
        assert "You acknowledged" in outcome.toast
        assert h.repo.get(reference).state is BreachState.ACKNOWLEDGED
    finally:
        h.engine.dispose()
        second.engine.dispose()
