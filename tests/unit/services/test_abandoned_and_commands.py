"""Silent reporters (partial report to the DPO, resume) and the chat commands."""

from __future__ import annotations

from bot.services.messages import (
    BreachAlert,
    Help,
    PartialAlert,
    RegisterSummary,
    Verb,
)
from tests.unit.services.conftest import (
    ADULTS_CHANNEL,
    CARER,
    RHIANNON,
    SAM,
    Harness,
    breach,
    breaches,
)

MY_CHAT = f"dm-{CARER.aad_object_id}"


async def _start(h: Harness) -> None:
    for text in ["/breach", "10 minutes ago", "adults", "in the office"]:
        await h.say(CARER, text)


async def test_silence_files_partial_report_and_tells_both(h: Harness) -> None:
    await _start(h)
    h.clock.advance(minutes=9)
    await h.run_due()
    assert breaches(h) == []  # not yet: 10 minutes of silence

    h.clock.advance(minutes=1)
    await h.run_due()

    [partial] = breaches(h)
    assert partial.incomplete
    assert partial.location == "in the office"
    [post] = h.notifier.to(ADULTS_CHANNEL, "channel")
    assert isinstance(post.message, BreachAlert)
    assert "INCOMPLETE" in post.text
    [notice] = h.notifier.to(SAM)
    assert "I haven't heard from you for 10 minutes" in notice.text
    h.clock.advance(minutes=30)
    await h.run_due()
    assert len(breaches(h)) == 1  # alerted once per silence
    assert len([s for s in h.notifier.to(SAM) if "haven't heard" in s.text]) == 1


async def test_reporter_resumes_and_completes(h: Harness) -> None:
    await _start(h)
    h.clock.advance(minutes=11)
    await h.run_due()
    partial_ref = breaches(h)[0].label

    back = await h.replies(CARER, "1")
    assert any("Welcome back" in t for t in back)
    for text in ["Lost a paper rota", "5"]:
        await h.say(CARER, text)
    final = (await h.replies(CARER, "yes"))[-1]

    assert "BR-2026-0002" in final
    full = breach(h, "BR-2026-0002")
    assert not full.incomplete
    assert full.description == "Lost a paper rota"
    partial_card = [
        s.message
        for s in h.notifier.sent
        if s.how == "update"
        and isinstance(s.message, BreachAlert)
        and s.message.reference == partial_ref
    ][-1]
    assert any("Completed as BR-2026-0002" in line for line in partial_card.history)
    new_card = [s.message for s in h.notifier.sent if s.how == "channel"][-1]
    assert isinstance(new_card, BreachAlert)
    assert f"Completes the partial report {partial_ref}" in new_card.history


async def test_second_silence_updates_the_dpo_without_a_new_record(h: Harness) -> None:
    await _start(h)
    h.clock.advance(minutes=11)
    await h.run_due()
    await h.say(CARER, "1")
    await h.say(CARER, "Rota naming Edna Pumphrey sent out")
    h.clock.advance(minutes=11)
    await h.run_due()
    assert len(breaches(h)) == 1
    again = [s for s in h.notifier.sent if s.how == "channel"][-1]
    assert isinstance(again.message, PartialAlert)
    assert "went silent again" in again.text
    assert again.message.reference == "BR-2026-0001"
    assert "What they have said so far: Rota naming [PERSON] sent out" in again.text
    assert "Pumphrey" not in again.text  # the channel never sees the client's name


async def test_cancel_after_partial_tells_the_dpo(h: Harness) -> None:
    await _start(h)
    h.clock.advance(minutes=11)
    await h.run_due()
    out = await h.replies(CARER, "cancel")
    assert any("will be told that you cancelled" in t for t in out)
    card = [s.message for s in h.notifier.sent if s.how == "update"][-1]
    assert isinstance(card, BreachAlert)
    assert any("The reporter cancelled the report" in line for line in card.history)
    assert await h.pending_timers("abandon:") == []


async def test_breach_status_lists_own_reports(h: Harness) -> None:
    reference = await h.report(CARER)
    await h.click(h.actor("rhiannon"), Verb.ACKNOWLEDGE, reference)
    await _start(h)
    [out] = await h.replies(CARER, "/breach status")
    assert "You have a report in progress (question 4 of 6)" in out
    assert f"{reference} — reported 09:00 today, within the hour — acknowledged" in out
    [other] = await h.replies(h.actor("claire"), "/breach status")
    assert "haven't reported any" in other


async def test_help_differs_for_officers_and_staff(h: Harness) -> None:
    [staff] = await h.say(CARER, "/help")
    [officer] = await h.say(h.actor("claire"), "/help")
    assert isinstance(staff.message, Help)
    assert isinstance(officer.message, Help)
    assert "/register" not in staff.message.text
    assert "/register" in officer.message.text
    assert "/breach" in staff.message.text


async def test_unknown_command_suggests(h: Harness) -> None:
    [reply] = await h.replies(CARER, "/brech")
    assert "Did you mean /breach" in reply


async def test_plain_hello_gets_a_greeting(h: Harness) -> None:
    [reply] = await h.replies(CARER, "hello")
    assert "Type /breach" in reply


async def test_register_lists_open_breaches_for_officers_only(h: Harness) -> None:
    first = await h.report(CARER)
    second = await h.report(CARER)
    await h.click(h.actor("rhiannon"), Verb.MARK_HIGH_RISK, second)
    [summary] = await h.say(h.actor("tony"), "/register")
    assert isinstance(summary.message, RegisterSummary)
    rows = {r.reference: r for r in summary.message.rows}
    assert set(rows) == {first, second}
    assert rows[second].clock.startswith("ICO deadline Thu 26 Nov, 08:50")
    assert rows[first].owner == "Rhiannon Williams (DPO Adults)"
    [refused] = await h.replies(CARER, "/register")
    assert "only for the DPOs" in refused


async def test_hygiene_without_the_service_says_so(h: Harness) -> None:
    [reply] = await h.replies(h.actor("claire"), "/hygiene")
    assert "not switched on" in reply


async def test_partial_without_service_goes_to_a_dpo_privately_and_is_listed(h: Harness) -> None:
    await h.say(CARER, "/breach")
    await h.say(CARER, "10 minutes ago")
    h.clock.advance(minutes=10)
    await h.run_due()

    [alert] = h.notifier.to(RHIANNON)
    assert isinstance(alert.message, BreachAlert)
    assert alert.message.breach.service is None
    [status] = await h.replies(CARER, "/breach status")
    assert "BR-2026-0001 (partial report)" in status
    [summary] = await h.say(h.actor("rhiannon"), "/register")
    assert isinstance(summary.message, RegisterSummary)
    assert [(r.reference, r.service, r.incomplete) for r in summary.message.rows] == [
        ("BR-2026-0001", "Unknown", True)
    ]


async def test_breach_status_in_a_channel_is_answered_privately(h: Harness) -> None:
    await h.report(CARER)
    [reply] = await h.say(CARER, "/breach status", where="channel")
    assert (reply.how, reply.to) == ("person", SAM)
    assert "BR-2026-0001" in reply.text


async def test_install_greets_a_new_chat_only(h: Harness) -> None:
    from bot.services.messages import ConversationRef

    ref = ConversationRef("user:aad-sam-0001", "msteams", {"conversation_id": MY_CHAT})
    await h.bot.on_install(ref)
    await h.bot.on_install(ConversationRef("channel:19:x", "msteams", {"conversation_id": "19:x"}))
    await h.runtime.outbox.drain()
    [greeting] = h.notifier.sent
    assert (greeting.how, greeting.to) == ("conversation", MY_CHAT)
    assert "Type /breach" in greeting.text
