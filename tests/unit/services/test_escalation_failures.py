"""Escalation that survives failures (issue 9): failed sends, an outage, a failed step.

The next person counts as asked only once their notice is delivered, so a failed send
delays the chain instead of skipping anyone; an outage of Teams (the fake notifier
``down``) holds the chain while the clock moves on, and it resumes afterwards with a
notice that says how late it is; a step that raises is rolled back and sends nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.organisation import Person
from bot.domain.values import BreachState
from bot.services import escalation
from bot.services.delivery import DeliverySettings
from bot.services.messages import Actor, EscalationNotice, Outgoing, PostedRef
from tests.unit.services.conftest import (
    CARER,
    CLAIRE,
    RHIANNON,
    SAM,
    START,
    TONY,
    Harness,
    Sent,
    alert,
    breach,
)

DIRECTORS = ["director.a@citycare.example", "director.b@citycare.example"]


def notices(h: Harness) -> list[Sent]:
    return [s for s in h.notifier.sent if isinstance(s.message, EscalationNotice)]


def delivered_at(log: list[tuple[str, datetime]], who: str) -> datetime:
    return next(at for to, at in log if to == who)


async def minute_by_minute(h: Harness, minutes: int) -> None:
    """The workers running while the clock moves on: timers fire, the outbox delivers."""
    for _ in range(minutes):
        h.clock.advance(minutes=1)
        await h.run_due()


async def test_a_failed_send_to_the_other_dpo_is_tried_again_and_nobody_is_skipped(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = await h.report(CARER)
    real = h.notifier.to_person
    failed: list[str] = []

    async def fail_claire_once(person: Person | Actor, message: Outgoing) -> PostedRef | None:
        if person.upn == CLAIRE and not failed:
            failed.append(person.upn)
            raise ConnectionError("fake outage")
        return await real(person, message)

    monkeypatch.setattr(h.notifier, "to_person", fail_claire_once)
    h.clock.advance(minutes=12)
    await h.run_due()
    assert failed == [CLAIRE]
    assert h.notifier.to(CLAIRE) == []
    record = alert(h, reference)
    assert record.tried[-1] == "claire"
    assert "claire" not in record.asked  # not asked until her notice is delivered
    assert await h.pending_timers(f"{reference}:") == []  # the chain waits for her

    h.clock.advance(seconds=5)  # the outbox's first retry
    await h.run_due()
    [notice] = h.notifier.to(CLAIRE)
    assert isinstance(notice.message, EscalationNotice)
    assert "claire" in alert(h, reference).asked

    await minute_by_minute(h, 12)
    assert [s.to for s in notices(h)] == [CLAIRE, TONY]  # the SIRO after her, not instead


async def test_a_twenty_minute_outage_holds_the_chain_and_it_resumes_to_the_siro(
    h: Harness,
) -> None:
    reference = await h.report(CARER)
    h.notifier.clear()
    log: list[tuple[str, datetime]] = []
    real_send = h.notifier.to_person

    async def logged(person: Person | Actor, message: Outgoing) -> PostedRef | None:
        posted = await real_send(person, message)
        log.append((person.upn or "", h.clock.now()))
        return posted

    h.notifier.to_person = logged  # type: ignore[method-assign]
    h.clock.advance(minutes=11)
    h.notifier.down = True  # 09:11 to 09:31: the Bot Connector answers nothing
    await minute_by_minute(h, 20)
    assert h.notifier.sent == []
    assert h.notifier.tries > 0  # the outbox kept trying
    assert alert(h, reference).tried[-1] == "claire"  # the 09:12 step ran...
    assert alert(h, reference).asked == ("rhiannon",)  # ...but nobody was reached

    h.notifier.down = False
    back = h.clock.now()
    await minute_by_minute(h, 30)  # nobody acknowledges

    assert [s.to for s in notices(h)] == [CLAIRE, TONY, *DIRECTORS, DIRECTORS[-1]]
    claire_at, tony_at = delivered_at(log, CLAIRE), delivered_at(log, TONY)
    assert claire_at <= back + DeliverySettings().max_delay  # the retry after the outage
    late = int((claire_at - (START + timedelta(minutes=12))) / timedelta(minutes=1))
    assert late >= 20
    first = notices(h)[0]
    assert f"(sent {late} min late: Teams could not be reached at 09:12)" in first.text
    assert tony_at - claire_at >= timedelta(minutes=6)  # Claire had half a step to answer
    assert "min late" not in notices(h)[1].text  # the SIRO's step ran on time after that
    assert breach(h, reference).state is BreachState.REPORTED
    assert alert(h, reference).asked == ("rhiannon", "claire", "tony", "director-a", "director-b")
    told = [s.text for s in h.notifier.to(SAM)]
    assert any("Claire Best (DPO Children)" in t for t in told)  # the reporter heard too


async def test_a_step_that_raises_sends_nothing_and_is_tried_again(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = await h.report(CARER)
    h.notifier.clear()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("database went away")

    monkeypatch.setattr(escalation, "tell_reporter", broken)  # after the hand-over and notice
    h.clock.advance(minutes=12)
    await h.run_due()

    assert h.notifier.sent == []  # nothing was sent for the step that rolled back
    assert breach(h, reference).assigned_to.upn == RHIANNON  # type: ignore[union-attr]
    assert alert(h, reference).tried == ("rhiannon",)
    [timer] = await h.uow.read(lambda tx: tx.timers.pending(f"{reference}:"))
    assert (timer.attempts, timer.due_at) == (1, h.clock.now() + timedelta(seconds=30))

    monkeypatch.undo()
    h.clock.advance(seconds=30)
    await h.run_due()
    assert len(h.notifier.to(CLAIRE)) == 1
    assert breach(h, reference).assigned_to.upn == CLAIRE  # type: ignore[union-attr]
