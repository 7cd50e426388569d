"""Escalation, absences and ICO reminders on the timer worker with a manual clock."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.values import BreachState
from bot.services.escalation import escalate
from bot.services.messages import AlertStatus, BreachAlert, EscalationNotice, IcoReminder, Verb
from tests.support.fake_uow import FakeUnitOfWork
from tests.unit.services.conftest import (
    CARER,
    CLAIRE,
    RHIANNON,
    SAM,
    TONY,
    Harness,
    Sent,
    breach,
    events,
)

DIRECTORS = ["director.a@citycare.example", "director.b@citycare.example"]


def notices(h: Harness) -> list[Sent]:
    return [s for s in h.notifier.sent if isinstance(s.message, EscalationNotice)]


async def test_unacknowledged_goes_to_other_dpo_then_siro(h: Harness) -> None:
    reference = await h.report(CARER)
    h.notifier.clear()

    h.clock.advance(minutes=12)  # five people to ask within the hour: 12 minutes each
    await h.run_due()

    [notice] = h.notifier.to(CLAIRE)
    assert isinstance(notice.message, EscalationNotice)
    assert notice.message.recipient_role == "DPO Children"
    assert (
        notice.message.reason == "Not acknowledged within 12 min by Rhiannon Williams (DPO Adults)"
    )
    [told] = h.notifier.to(SAM)
    assert "Claire Best (DPO Children)" in told.text
    updates = [s for s in h.notifier.sent if s.how == "update"]
    assert isinstance(updates[-1].message, BreachAlert)
    assert updates[-1].message.status is AlertStatus.ESCALATED
    assert breach(h, reference).assigned_to.upn == CLAIRE  # type: ignore[union-attr]
    assert h.notifier.to(TONY) == []

    h.clock.advance(minutes=12)
    await h.run_due()
    [siro] = h.notifier.to(TONY)
    assert isinstance(siro.message, EscalationNotice)
    assert siro.message.recipient_role == "SIRO"


async def test_whole_chain_is_asked_within_the_hour(h: Harness) -> None:
    await h.report(CARER)
    h.notifier.clear()
    for _ in range(50):  # the worker running all along, minute by minute
        h.clock.advance(minutes=1)
        await h.run_due()
    assert [s.to for s in notices(h)] == [CLAIRE, TONY, *DIRECTORS]
    h.clock.advance(minutes=30)
    await h.run_due()
    last = notices(h)[-1]
    assert last.to == DIRECTORS[1]
    assert isinstance(last.message, EscalationNotice)
    assert "everyone in the chain has been asked" in last.message.reason
    assert len(notices(h)) == 5  # reminded once, then no more timers
    assert await h.pending_timers("BR-2026-0001:") == []


async def test_a_worker_that_was_down_catches_up_one_person_at_a_time(h: Harness) -> None:
    await h.report(CARER)
    h.notifier.clear()
    h.clock.advance(minutes=50)
    await h.run_due()
    [first] = notices(h)  # nobody is asked and passed over in the same moment
    assert first.to == CLAIRE
    assert "(sent 38 min late" in first.text
    h.clock.advance(minutes=5)
    await h.run_due()
    assert len(notices(h)) == 1  # Claire gets at least half a step (6 minutes)
    h.clock.advance(minutes=1)
    await h.run_due()
    assert [s.to for s in notices(h)] == [CLAIRE, TONY]


async def test_escalation_stops_once_acknowledged(h: Harness) -> None:
    reference = await h.report(CARER)
    h.clock.advance(minutes=5)
    await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    h.notifier.clear()

    for _ in range(6):
        h.clock.advance(minutes=15)
        await h.run_due()

    assert notices(h) == []
    assert breach(h, reference).assigned_to.upn == RHIANNON  # type: ignore[union-attr]


async def test_escalation_handler_run_twice_sends_once(h: Harness) -> None:
    await h.report(CARER)
    h.clock.advance(minutes=12)
    [work] = [
        w for w in await h.uow.read(lambda tx: tx.timers.pending()) if w.due_at <= h.clock.now()
    ]
    assert isinstance(h.uow, FakeUnitOfWork)
    for _ in range(2):  # the same timer fired again (a second instance, a redelivery)
        h.uow.run_now(lambda tx: escalate(tx, h.runtime.deps, work))
    await h.runtime.outbox.drain()

    assert len(h.notifier.to(CLAIRE)) == 1
    assert len(h.notifier.to(SAM)) == 1


async def test_away_dpo_is_skipped_until_the_time_given(h: Harness) -> None:
    out = await h.replies(h.actor("rhiannon"), "/away until 17:00")
    assert "away until Mon 23 Nov, 17:00" in out[0]
    assert "New adults breaches go to Claire Best (DPO Children)" in out[0]

    reference = await h.report(CARER)
    stored = breach(h, reference)
    assert stored.assigned_to is not None
    assert stored.assigned_to.upn == CLAIRE
    [post] = [s for s in h.notifier.sent if s.how == "channel"]
    assert "Rhiannon Williams is away: skipped" in post.text

    h.clock.advance(hours=8, minutes=1)  # 17:01: back
    later = await h.report(CARER)
    assert breach(h, later).assigned_to.upn == RHIANNON  # type: ignore[union-attr]


async def test_away_is_for_officers_and_needs_a_time(h: Harness) -> None:
    assert "only for the DPOs" in (await h.replies(CARER, "/away until 17:00"))[0]
    assert "until when" in (await h.replies(h.actor("claire"), "/away"))[0]
    assert "couldn't read" in (await h.replies(h.actor("claire"), "/away until banana"))[0]
    await h.say(h.actor("claire"), "/away until 10:00")
    assert "Welcome back" in (await h.replies(h.actor("claire"), "/away off"))[0]


async def test_high_risk_starts_ico_clock_and_reminders(h: Harness) -> None:
    reference = await h.report(CARER)
    outcome = await h.click(h.actor("rhiannon"), Verb.MARK_HIGH_RISK, reference)
    stored = breach(h, reference)
    assert stored.high_risk is True
    assert stored.state is BreachState.ACKNOWLEDGED  # acknowledged on the way
    assert "the ICO must be told by Thu 26 Nov, 08:50" in outcome.toast
    assert len(h.notifier.to(TONY)) == 1  # policy 2c: the SIRO hears of it
    again = await h.click(h.actor("tony"), Verb.MARK_HIGH_RISK, reference)
    assert "already marked high risk" in again.toast
    h.notifier.clear()

    reminders: list[Sent] = []
    for hours in (24, 48, 66, 80):
        h.clock.set(stored.became_aware_at + timedelta(hours=hours, minutes=1))  # type: ignore[operator]
        await h.run_due()
        reminders = [s for s in h.notifier.sent if isinstance(s.message, IcoReminder)]
    assert [r.message.hours_elapsed for r in reminders] == [24, 48, 66]  # type: ignore[union-attr]
    assert {r.to for r in reminders} == {RHIANNON}
    assert "(5 h 59 min left)" in reminders[-1].text
    # The 72 hours ran out with no ICO decision: the owner and the SIRO are told.
    late = [s.to for s in notices(h) if "ICO deadline" in s.text]
    assert late == [RHIANNON, TONY]


async def test_hand_over_to_other_dpo_once(h: Harness) -> None:
    reference = await h.report(CARER)
    first = await h.click(h.actor("rhiannon"), Verb.HAND_OVER, reference)
    second = await h.click(h.actor("rhiannon"), Verb.HAND_OVER, reference)

    assert "handed over to Claire Best" in first.toast
    assert "already with that person" in second.toast
    [notice] = h.notifier.to(CLAIRE)
    assert isinstance(notice.message, EscalationNotice)
    assert "Handed over to you by Rhiannon Williams" in notice.message.reason
    kinds = [e.kind for e in events(h, reference)]
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


async def test_acknowledgement_that_lands_when_the_step_is_due_wins(h: Harness) -> None:
    reference = await h.report(CARER)
    h.clock.advance(minutes=15)  # the escalation step is due but has not fired yet
    await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    h.notifier.clear()

    assert await h.run_due() == 0  # the acknowledgement cancelled the step in its step

    after = breach(h, reference)
    assert after.state is BreachState.ACKNOWLEDGED
    assert after.assigned_to.upn == RHIANNON  # type: ignore[union-attr]
    assert h.notifier.to(CLAIRE) == []
    assert h.notifier.to(SAM) == []
