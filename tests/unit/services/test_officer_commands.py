"""The officers' typed commands (issue 13's DPO items, issue 11's scoping of /register)."""

from __future__ import annotations

from bot.domain.values import BreachState
from tests.unit.services.conftest import CARER, Harness, breach

ASK_WHICH = "Which breach?"


async def test_help_lists_every_officer_command(h: Harness) -> None:
    [text] = await h.replies(h.actor("rhiannon"), "/help")
    for command in ("/ack", "/highrisk", "/handover", "/details", "/register", "/away"):
        assert command in text
    assert "Assess" in text  # the workflow's steps on the card
    [staff] = await h.replies(CARER, "/help")
    assert "/ack" not in staff


async def test_ack_without_a_reference_asks_which_and_lists_the_persons_own(h: Harness) -> None:
    reference = await h.report(CARER)
    [text] = await h.replies(h.actor("rhiannon"), "/ack")
    assert text.startswith(ASK_WHICH)
    assert reference in text
    assert breach(h, reference).state is BreachState.REPORTED  # nothing was done
    [other] = await h.replies(h.actor("claire"), "/ack")  # not hers
    assert reference not in other
    assert "no open breaches" in other


async def test_an_unknown_reference_is_only_said_to_be_unknown(h: Harness) -> None:
    await h.report(CARER)
    [text] = await h.replies(h.actor("rhiannon"), "/ack BR-2026-9999")
    assert text == "There is no breach BR-2026-9999 in the register."


async def test_ack_by_text_is_the_card_step(h: Harness) -> None:
    reference = await h.report(CARER)
    commits = h.uow.commits
    await h.bot.on_message(h.incoming(h.actor("rhiannon"), f"/ack {reference.lower()}"))
    assert h.uow.commits == commits + 1  # one step, one transaction
    before = len(h.notifier.sent)
    await h.runtime.outbox.drain()
    texts = [s.text for s in h.notifier.sent[before:]]
    assert any(f"You acknowledged {reference}" in t for t in texts)
    assert breach(h, reference).state is BreachState.ACKNOWLEDGED
    told = [s.text for s in h.notifier.sent if s.to == CARER.upn]
    assert any("acknowledged" in t for t in told)
    [again] = await h.replies(h.actor("rhiannon"), f"/ack {reference}")
    assert "already acknowledged" in again


async def test_staff_cannot_use_officer_commands(h: Harness) -> None:
    reference = await h.report(CARER)
    [text] = await h.replies(CARER, f"/ack {reference}")
    assert "only for the DPOs" in text
    assert breach(h, reference).state is BreachState.REPORTED


async def test_register_shows_a_dpo_only_their_service_unless_covering(h: Harness) -> None:
    reference = await h.report(CARER)  # an Adults breach
    [adults] = await h.replies(h.actor("rhiannon"), "/register")
    assert reference in adults
    [children] = await h.replies(h.actor("claire"), "/register")
    assert reference not in children
    [siro] = await h.replies(h.actor("tony"), "/register")
    assert reference in siro
    [refused] = await h.replies(h.actor("claire"), f"/details {reference}")
    assert "belongs to the adults service" in refused
    await h.replies(h.actor("rhiannon"), f"/handover {reference}")
    [covering] = await h.replies(h.actor("claire"), "/register")
    assert reference in covering


async def test_register_shows_an_outcome_not_time_left_in_the_window(h: Harness) -> None:
    reference = await h.report(CARER)
    [text] = await h.replies(h.actor("rhiannon"), "/register")
    line = next(x for x in text.splitlines() if reference in x)
    assert "left in the 1-hour window" not in line
    assert "within the hour" in line


async def test_what_was_typed_instead_of_a_reference_is_not_repeated(h: Harness) -> None:
    await h.report(CARER)
    [text] = await h.replies(h.actor("rhiannon"), "/ack Edna Pumphrey")
    assert text.startswith("That is not a breach reference.")
    assert "Pumphrey" not in text
