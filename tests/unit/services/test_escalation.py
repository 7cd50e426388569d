"""Escalation, absences and ICO reminders on the scheduler with a manual clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.values import BreachState
from bot.services.messages import AlertStatus, BreachAlert, EscalationNotice, IcoReminder, Verb
from tests.unit.services.conftest import CARER, Harness, texts

RHIANNON = "rhiannon.williams@citycare.example"
CLAIRE = "claire.best@citycare.example"
TONY = "tony.merrick@citycare.example"
SAM = "sam.carer@citycare.example"


async def test_unacknowledged_goes_to_other_dpo_then_siro(h: Harness) -> None:
    reference = await h.report(CARER)
    h.notifier.clear()

    h.clock.advance(minutes=15)
    await h.run_due()

    [notice] = h.notifier.to(CLAIRE)
    assert isinstance(notice.message, EscalationNotice)
    assert notice.message.recipient_role == "DPO Children"
    assert "Not acknowledged within 12 min by Rhiannon Williams" in notice.message.reason
    [told] = h.notifier.to(SAM)
    assert "Claire Best (DPO Children)" in told.text
    updates = [s for s in h.notifier.sent if s.how == "update"]
    assert isinstance(updates[-1].message, BreachAlert)
    assert updates[-1].message.status is AlertStatus.ESCALATED
    assert h.repo.get(reference).assigned_to.upn == CLAIRE  # type: ignore[union-attr]
    assert h.notifier.to(TONY) == []

    h.clock.advance(minutes=15)
    await h.run_due()
    [siro] = h.notifier.to(TONY)
    assert isinstance(siro.message, EscalationNotice)
    assert siro.message.recipient_role == "SIRO"


async def test_whole_chain_is_asked_within_the_hour(h: Harness) -> None:
    await h.report(CARER)
    h.notifier.clear()
    h.clock.advance(minutes=50)
    await h.run_due()  # a worker that was down catches up, step by step
    await h.run_due()
    notified = [s.to for s in h.notifier.sent if isinstance(s.message, EscalationNotice)]
    assert notified == [
        CLAIRE,
        TONY,
        "director.a@citycare.example",
        "director.b@citycare.example",
    ]
    h.clock.advance(minutes=30)
    await h.run_due()
    last = [s for s in h.notifier.sent if isinstance(s.message, EscalationNotice)][-1]
    assert last.to == "director.b@citycare.example"
    assert "everyone in the chain has been asked" in last.message.reason  # type: ignore[union-attr]


async def test_escalation_stops_once_acknowledged(h: Harness) -> None:
    reference = await h.report(CARER)
    h.clock.advance(minutes=5)
    await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    h.notifier.clear()

    for _ in range(6):
        h.clock.advance(minutes=15)
        await h.run_due()

    assert not [s for s in h.notifier.sent if isinstance(s.message, EscalationNotice)]
    assert h.repo.get(reference).assigned_to.upn == RHIANNON  # type: ignore[union-attr]


async def test_escalation_handler_run_twice_sends_once(h: Harness) -> None:
    await h.report(CARER)
    h.clock.advance(minutes=13)
    [item] = h.scheduler.claim(
        "w1", ["breach.ack-timeout"], limit=5, lease=timedelta(minutes=2), max_attempts=5
    )
    await h.bot.jobs.ack_timeout(item)
    await h.bot.jobs.ack_timeout(item)  # a crash before "done": the item runs again

    assert len(h.notifier.to(CLAIRE)) == 1
    assert len(h.notifier.to(SAM)) == 1


async def test_away_dpo_is_skipped_until_the_time_given(h: Harness) -> None:
    out = texts(await h.say(h.actor("rhiannon"), "/away until 17:00"))
    assert "away until Mon 23 Nov, 17:00" in out[0]
    assert "New adults breaches go to Claire Best (DPO Children)" in out[0]

    reference = await h.report(CARER)
    breach = h.repo.get(reference)
    assert breach.assigned_to is not None
    assert breach.assigned_to.upn == CLAIRE
    [post] = [s for s in h.notifier.sent if s.how == "channel"]
    assert "Rhiannon Williams is away: skipped" in post.text

    h.clock.advance(hours=8, minutes=1)  # 17:01: back
    later = await h.report(CARER)
    assert h.repo.get(later).assigned_to.upn == RHIANNON  # type: ignore[union-attr]


async def test_away_is_for_officers_and_needs_a_time(h: Harness) -> None:
    assert "only for the DPOs" in texts(await h.say(CARER, "/away until 17:00"))[0]
    assert "until when" in texts(await h.say(h.actor("claire"), "/away"))[0]
    assert "couldn't read" in texts(await h.say(h.actor("claire"), "/away until banana"))[0]
    await h.say(h.actor("claire"), "/away until 10:00")
    assert "Welcome back" in texts(await h.say(h.actor("claire"), "/away off"))[0]


async def test_high_risk_starts_ico_clock_and_reminders(h: Harness) -> None:
    reference = await h.report(CARER)
    outcome = await h.click(h.actor("rhiannon"), Verb.MARK_HIGH_RISK, reference)
    breach = h.repo.get(reference)
    assert breach.high_risk is True
    assert breach.state is BreachState.ACKNOWLEDGED  # acknowledged on the way
    assert "the ICO must be told by Thu 26 Nov, 08:50" in outcome.toast
    assert len(h.notifier.to(TONY)) == 1  # policy 2c: the SIRO hears of it
    again = await h.click(h.actor("claire"), Verb.MARK_HIGH_RISK, reference)
    assert "already marked high risk" in again.toast
    h.notifier.clear()

    reminders = []
    for hours in (24, 48, 66, 80):
        h.clock.set(breach.became_aware_at + timedelta(hours=hours, minutes=1))  # type: ignore[operator]
        await h.run_due()
        reminders = [s for s in h.notifier.sent if isinstance(s.message, IcoReminder)]
    assert [r.message.hours_elapsed for r in reminders] == [24, 48, 66]  # type: ignore[union-attr]
    assert {r.to for r in reminders} == {RHIANNON}
    assert "(5 h 59 min left)" in reminders[-1].text


async def test_hand_over_to_other_dpo_once(h: Harness) -> None:
    reference = await h.report(CARER)
    first = await h.click(h.actor("rhiannon"), Verb.HAND_OVER, reference)
    second = await h.click(h.actor("rhiannon"), Verb.HAND_OVER, reference)

    assert "handed over to Claire Best" in first.toast
    assert "already with that person" in second.toast
    [notice] = h.notifier.to(CLAIRE)
    assert isinstance(notice.message, EscalationNotice)
    assert "Handed over to you by Rhiannon Williams" in notice.message.reason
    kinds = [e.kind for e in h.repo.events(reference)]
    assert kinds.count("handed_over") == 1


async def test_details_go_privately_to_the_clicker(h: Harness) -> None:
    reference = await h.report(CARER)
    h.notifier.clear()
    outcome = await h.click(h.actor("tony"), Verb.DETAILS, reference)
    assert "private chat" in outcome.toast
    [details] = h.notifier.sent
    assert details.how == "person"
    assert details.to == TONY
    assert "Edna Pumphrey" in details.text  # the full report, only in the 1:1 chat


async def test_acknowledgement_that_lands_while_escalating_wins(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = await h.report(CARER)
    stale = h.repo.get(reference)  # what the escalation read, just before the DPO clicked
    h.clock.advance(minutes=15)
    await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    h.notifier.clear()

    async def read_before_the_click(_item: object) -> object:
        return stale

    monkeypatch.setattr(h.bot.jobs, "_breach", read_before_the_click)
    await h.run_due()

    after = h.repo.get(reference)
    assert after.state is BreachState.ACKNOWLEDGED
    assert after.assigned_to.upn == RHIANNON  # type: ignore[union-attr]
    assert h.notifier.to(CLAIRE) == []
    assert h.notifier.to(SAM) == []
