"""The whole /breach flow through the facade: report, alert, acknowledge, reporter told."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.values import BreachState
from bot.services.messages import AlertStatus, BreachAlert, Question, Text, Verb
from tests.unit.services.conftest import (
    ADULTS_CHANNEL,
    CARER,
    SAM,
    Harness,
    breach,
    card_of,
    events,
    texts,
)

SHORT_REPORT = ("/breach", "10 minutes ago", "adults", "skip", "skip", "Lost a paper rota", "5")


async def test_report_goes_to_register_and_adults_alert_channel(h: Harness) -> None:
    reference = await h.report(CARER)

    stored = breach(h, reference)
    assert stored.state is BreachState.REPORTED
    assert stored.assigned_to is not None
    assert stored.assigned_to.upn == "rhiannon.williams@citycare.example"
    assert stored.report_minutes_late == 0
    [post] = h.notifier.to(ADULTS_CHANNEL, "channel")
    assert isinstance(post.message, BreachAlert)
    assert post.message.reference == reference
    assert "Edna" not in post.text
    assert "Pumphrey" not in post.text
    assert "[PERSON]" in post.message.summary
    # Reported is reported: the card shows the outcome, not time left in the window.
    assert post.message.clock == "Reported at 09:00 (within the hour); waiting for acknowledgement"
    assert "left in the 1-hour window" not in post.text


async def test_reporter_sees_reference_and_window(h: Harness) -> None:
    for text in ["/breach", "70 minutes ago", "adults", "skip", "skip", "Lost a paper rota", "5"]:
        await h.say(CARER, text)
    out = await h.replies(CARER, "yes")
    assert "Your reference is BR-2026-0001" in out[-1]
    assert breach(h, "BR-2026-0001").report_minutes_late == 10


async def test_acknowledge_updates_card_and_tells_reporter(h: Harness) -> None:
    reference = await h.report(CARER)
    card = card_of(h, reference)
    h.clock.advance(minutes=4)
    h.notifier.clear()

    outcome = await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)

    assert "You acknowledged" in outcome.toast
    assert isinstance(outcome.updated, BreachAlert)
    assert outcome.updated.status is AlertStatus.ACKNOWLEDGED
    assert "Acknowledged by Rhiannon Williams at 09:04" in outcome.updated.history
    [update] = [s for s in h.notifier.sent if s.how == "update"]
    assert update.to == card  # the card posted at report time, for everyone
    [told] = h.notifier.to(SAM)
    assert "acknowledged by Rhiannon Williams (DPO Adults) at 09:04" in told.text
    assert breach(h, reference).state is BreachState.ACKNOWLEDGED


async def test_repeated_clicks_make_one_event(h: Harness) -> None:
    reference = await h.report(CARER)
    first = await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    second = await h.click(h.actor("tony"), Verb.ACKNOWLEDGE, reference)  # the SIRO
    third = await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference, invoke_id="i-1")
    again = await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference, invoke_id="i-1")

    kinds = [e.kind for e in events(h, reference)]
    assert kinds.count("acknowledged") == 1
    assert "You acknowledged" in first.toast
    assert "already acknowledged by Rhiannon Williams" in second.toast
    assert "already acknowledged" in third.toast
    assert again.toast == "Already done."
    assert len(h.notifier.to(SAM)) == 1


async def test_channel_breach_moves_to_private_chat(h: Harness) -> None:
    out = await h.say(CARER, "/breach", where="channel")

    private = [s for s in out if s.how == "person" and s.to == SAM]
    here = [s for s in out if s.how == "conversation" and s.to == "chan-1"]
    assert private
    assert isinstance(private[0].message, Question)
    assert "When did you discover" in texts(private)[-1]
    [note] = here
    assert isinstance(note.message, Text)
    assert "private chat" in note.message.text
    # The private conversation carries on from the 1:1 chat.
    nxt = await h.replies(CARER, "10 minutes ago")
    assert any("Question 2 of 6" in t for t in nxt)


async def test_mention_in_channel_needed_for_plain_words(h: Harness) -> None:
    assert await h.say(CARER, "help", where="channel") == []
    out = await h.replies(CARER, "help", where="channel", mentions_bot=True)
    assert "Commands you can use" in out[0]


async def test_late_report_counts_minutes_late_and_clock(h: Harness) -> None:
    h.clock.advance(timedelta(minutes=1))
    answers = ["/breach", "2 hours ago", "adults", "skip", "skip", "Paper notes left on a bus"]
    for text in [*answers, "5"]:
        await h.say(CARER, text)
    await h.say(CARER, "yes")
    [post] = h.notifier.to(ADULTS_CHANNEL, "channel")
    assert isinstance(post.message, BreachAlert)
    assert post.message.clock.endswith(
        "(60 min after the 1-hour window); waiting for acknowledgement"
    )
    assert "60 min late" in post.text


async def test_failed_alert_post_loses_nothing_and_is_posted_again(h: Harness) -> None:
    for text in SHORT_REPORT:
        await h.say(CARER, text)
    h.notifier.down = True  # Teams is down when the report is confirmed
    await h.say(CARER, "yes")
    assert h.notifier.sent[-1].how != "channel"
    assert h.notifier.to(ADULTS_CHANNEL, "channel") == []
    assert breach(h, "BR-2026-0001").state is BreachState.REPORTED  # committed all the same

    h.notifier.down = False
    h.clock.advance(seconds=10)  # the outbox tries the card again after its backoff
    await h.run_due()
    await h.runtime.outbox.drain()
    [post] = h.notifier.to(ADULTS_CHANNEL, "channel")
    assert isinstance(post.message, BreachAlert)
    assert post.message.reference == "BR-2026-0001"
    told = texts(h.notifier.to(f"dm-{CARER.aad_object_id}", "conversation"))
    assert any("Your reference is BR-2026-0001" in t for t in told)  # the reply came too
    outcome = await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, "BR-2026-0001")
    assert "You acknowledged" in outcome.toast
    assert [s.to for s in h.notifier.sent if s.how == "update"][-1] == card_of(h, "BR-2026-0001")
