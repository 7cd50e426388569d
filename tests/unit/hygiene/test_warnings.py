"""Private name warnings: who is warned, about what, once, and never with the identifiers."""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.services.hygiene import HygieneService
from bot.services.hygiene_config import NUDGE_TEXT
from bot.services.messages import PrivateWarning, Text, plain_text
from tests.support.bot_harness import Sent
from tests.unit.hygiene.conftest import Hygiene
from tests.unit.hygiene.fakes import (
    CARER,
    CLEAN_MESSAGE,
    CLIENT,
    DPO,
    GROUP,
    NHS,
    OFFICE,
    OTHER_CARER,
    ROTA,
    SECRET_FRAGMENTS,
    SECRET_MESSAGE,
    message,
)


def _warning(sent: list[Sent]) -> PrivateWarning:
    assert len(sent) == 1
    assert (sent[0].how, sent[0].to) == ("person", CARER.upn)
    warning = sent[0].message
    assert isinstance(warning, PrivateWarning)
    return warning


async def test_flagged_message_gets_a_private_warning_without_the_identifiers(hy: Hygiene) -> None:
    warning = _warning(await hy.post(message()))
    assert warning.entity_types == ("PERSON", "UK_NHS")
    assert warning.place == "Adults – Rota"
    assert (
        warning.suggested_rewrite == "Gave Z.Q. her evening meds on the bus, NHS [uk_nhs removed]"
    )
    assert not warning.can_record_breach
    shown = plain_text(warning).replace(warning.suggested_rewrite, "")
    for fragment in (CLIENT, "Zelda", "Quincefield", NHS):
        assert fragment not in shown
        assert fragment not in repr(warning)


async def test_clean_message_gets_nothing_and_costs_no_database_work(hy: Hygiene) -> None:
    commits = hy.uow.commits
    await hy.h.bot.on_message(message(CLEAN_MESSAGE))
    assert hy.uow.commits == commits
    await hy.h.runtime.outbox.drain()
    assert hy.h.notifier.sent == []
    assert hy.events() == []


async def test_one_to_one_chats_and_empty_messages_are_not_scanned(hy: Hygiene) -> None:
    personal = message(kind="personal")  # a /breach report names people on purpose
    await hy.post(personal)
    assert await hy.post(message("   ")) == []
    assert hy.scanner.calls == 0
    assert hy.events() == []


async def test_group_chat_messages_are_scanned_too(hy: Hygiene) -> None:
    warning = _warning(await hy.post(message(kind="groupChat", channel=GROUP)))
    assert warning.place == "a group chat"


async def test_a_flagged_message_is_scanned_once(hy: Hygiene) -> None:
    await hy.post(message())
    assert hy.scanner.calls == 1  # findings and rewrite from one detector call


async def test_scanning_runs_off_the_event_loop(hy: Hygiene) -> None:
    await hy.post(message())
    assert hy.scanner.threads
    assert threading.main_thread().name not in hy.scanner.threads


async def test_scanning_uses_the_executor_given(hy: Hygiene) -> None:
    with ThreadPoolExecutor(1, thread_name_prefix="detector") as pool:
        service = HygieneService(
            hy.h.runtime.deps, hy.service._hasher, config=hy.service.config, executor=pool
        )
        found = await service.inspect(message())
    assert found is not None
    assert found.entity_types == ("PERSON", "UK_NHS")
    assert hy.scanner.threads
    assert all(name.startswith("detector") for name in hy.scanner.threads)


async def test_no_thread_nudge_unless_configured(hy: Hygiene) -> None:
    assert len(await hy.post(message())) == 1
    hy.rebuild(nudge_in_thread=True)
    incoming = message("Call Edwin Marrowby back", message_id="1700000000002")
    sent = await hy.post(incoming)
    assert [(s.how, s.to) for s in sent] == [
        ("person", CARER.upn),
        ("conversation", incoming.conversation_id),
    ]
    assert sent[1].message == Text(NUDGE_TEXT)
    for word in ("Edwin", "Marrowby", "Call", CARER.name, "Sam"):
        assert word not in NUDGE_TEXT


async def test_same_content_is_not_warned_twice(hy: Hygiene) -> None:
    assert await hy.post(message())
    again = message(SECRET_MESSAGE.replace(" ", "  ") + " ", message_id="1700000000002")
    assert await hy.post(again) == []
    assert len(hy.events()) == 1


async def test_same_content_from_someone_else_or_elsewhere_is_warned(hy: Hygiene) -> None:
    assert await hy.post(message())
    assert await hy.post(message(actor=OTHER_CARER, message_id="1700000000002"))
    assert await hy.post(message(channel=OFFICE, message_id="1700000000003"))
    assert len(hy.events()) == 3


async def test_edit_that_removes_the_name_is_recorded_as_fixed(hy: Hygiene) -> None:
    warning = _warning(await hy.post(message()))
    hy.clock.advance(minutes=3)
    assert await hy.post(message(CLEAN_MESSAGE, edited=True)) == []
    assert hy.event(warning.warning_id).fixed_at == hy.clock.now()


async def test_edit_still_naming_someone_is_warned_again_but_not_a_repeat(hy: Hygiene) -> None:
    first = _warning(await hy.post(message()))
    assert await hy.post(message(edited=True)) == []  # same content
    second = _warning(await hy.post(message("Gave Zelda Quincefield meds", edited=True)))
    assert second.warning_id != first.warning_id
    assert second.entity_types == ("PERSON",)
    await hy.post(message(CLEAN_MESSAGE, edited=True))
    for warning_id in (first.warning_id, second.warning_id):
        assert hy.event(warning_id).fixed_at is not None


async def test_clean_edit_of_an_unwarned_message_changes_nothing(hy: Hygiene) -> None:
    _warning(await hy.post(message()))
    await hy.post(message(CLEAN_MESSAGE, message_id="other", edited=True))
    assert [e.fixed_at for e in hy.events()] == [None]


async def test_an_officer_author_is_offered_record_as_breach(hy: Hygiene) -> None:
    [sent] = await hy.post(message(actor=DPO))
    assert isinstance(sent.message, PrivateWarning)
    assert sent.message.can_record_breach


async def test_a_detector_failure_says_nothing_in_the_channel_and_logs_no_text(
    hy: Hygiene, caplog: pytest.LogCaptureFixture
) -> None:
    hy.scanner.fail = True
    with caplog.at_level(logging.DEBUG):
        assert await hy.post(message()) == []
    assert "incident" in caplog.text
    for fragment in SECRET_FRAGMENTS:
        assert fragment not in caplog.text
    assert hy.events() == []


async def test_logs_never_hold_the_message(hy: Hygiene, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        await hy.post(message())
        await hy.post(message(CLEAN_MESSAGE, edited=True))
    assert "name warning" in caplog.text
    for fragment in SECRET_FRAGMENTS:
        assert fragment not in caplog.text


async def test_the_same_message_delivered_twice_at_once_is_warned_once(hy: Hygiene) -> None:
    await asyncio.gather(*(hy.h.bot.on_message(message()) for _ in range(3)))
    await hy.h.runtime.outbox.drain()
    warnings = [s for s in hy.h.notifier.sent if isinstance(s.message, PrivateWarning)]
    assert len(warnings) == 1
    assert [e.place_key for e in hy.events()] == [ROTA]
