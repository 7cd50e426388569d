"""Private name warnings: who is warned, about what, once, and never with the identifiers."""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.services.hygiene import HygieneService
from bot.services.hygiene_config import NUDGE_TEXT
from bot.services.messages import Private, PrivateWarning, SameConversation, Text, plain_text
from tests.unit.hygiene.conftest import Harness
from tests.unit.hygiene.fakes import (
    CARER,
    CLEAN_MESSAGE,
    CLIENT,
    DPO,
    GROUP,
    NHS,
    OFFICE,
    OTHER_CARER,
    SECRET_FRAGMENTS,
    SECRET_MESSAGE,
    message,
)


def _warning(deliveries: list) -> PrivateWarning:  # type: ignore[type-arg]
    assert len(deliveries) == 1
    assert deliveries[0].target == Private(CARER)
    warning = deliveries[0].message
    assert isinstance(warning, PrivateWarning)
    return warning


async def test_flagged_message_gets_a_private_warning_without_the_identifiers(hy: Harness) -> None:
    warning = _warning(await hy.service.on_channel_message(message()))
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


async def test_clean_message_gets_nothing_and_stores_nothing(hy: Harness) -> None:
    assert await hy.service.on_channel_message(message(CLEAN_MESSAGE)) == []
    assert hy.store.between(hy.clock.now().replace(year=2000), hy.clock.now()) == []


async def test_one_to_one_chats_and_empty_messages_are_not_scanned(hy: Harness) -> None:
    personal = message(kind="personal")  # a /breach report names people on purpose
    assert await hy.service.on_channel_message(personal) == []
    assert await hy.service.on_channel_message(message("   ")) == []
    assert hy.scanner.calls == 0


async def test_group_chat_messages_are_scanned_too(hy: Harness) -> None:
    warning = _warning(
        await hy.service.on_channel_message(message(kind="groupChat", channel=GROUP))
    )
    assert warning.place == "a group chat"


async def test_scanning_runs_off_the_event_loop(hy: Harness) -> None:
    await hy.service.on_channel_message(message())
    assert hy.scanner.threads
    assert threading.main_thread().name not in hy.scanner.threads


async def test_scanning_uses_the_executor_given(hy: Harness) -> None:
    with ThreadPoolExecutor(1, thread_name_prefix="detector") as pool:
        service = HygieneService(
            store=hy.store,
            scanner=hy.scanner,
            hasher=hy.service._hasher,
            clock=hy.clock,
            organisation=hy.service._org,
            executor=pool,
        )
        await service.on_channel_message(message())
    assert all(name.startswith("detector") for name in hy.scanner.threads)


async def test_no_thread_nudge_unless_configured(hy: Harness) -> None:
    assert len(await hy.service.on_channel_message(message())) == 1
    hy.rebuild(nudge_in_thread=True)
    deliveries = await hy.service.on_channel_message(message("Call Edwin Marrowby back"))
    assert [d.target for d in deliveries] == [Private(CARER), SameConversation()]
    nudge = deliveries[1].message
    assert nudge == Text(NUDGE_TEXT)
    for word in ("Edwin", "Marrowby", "Call", CARER.name, "Sam"):
        assert word not in NUDGE_TEXT


async def test_same_content_is_not_warned_twice(hy: Harness) -> None:
    assert await hy.service.on_channel_message(message())
    calls = hy.scanner.calls
    again = message(SECRET_MESSAGE.replace(" ", "  ") + " ", message_id="1700000000002")
    assert await hy.service.on_channel_message(again) == []
    assert hy.scanner.calls == calls  # known content is not even scanned again
    assert len(hy.store.between(hy.clock.now().replace(year=2000), hy.clock.now())) == 1


async def test_same_content_from_someone_else_or_elsewhere_is_warned(hy: Harness) -> None:
    assert await hy.service.on_channel_message(message())
    assert await hy.service.on_channel_message(message(actor=OTHER_CARER))
    assert await hy.service.on_channel_message(message(channel=OFFICE))


async def test_edit_that_removes_the_name_is_recorded_as_fixed(hy: Harness) -> None:
    warning = _warning(await hy.service.on_channel_message(message()))
    hy.clock.advance(minutes=3)
    assert await hy.service.on_channel_message(message(CLEAN_MESSAGE, edited=True)) == []
    event = hy.store.get(warning.warning_id)
    assert event is not None
    assert event.fixed_at == hy.clock.now()


async def test_edit_still_naming_someone_is_warned_again_but_not_a_repeat(hy: Harness) -> None:
    first = _warning(await hy.service.on_channel_message(message()))
    assert await hy.service.on_channel_message(message(edited=True)) == []  # same content
    second = _warning(
        await hy.service.on_channel_message(message("Gave Zelda Quincefield meds", edited=True))
    )
    assert second.warning_id != first.warning_id
    assert second.entity_types == ("PERSON",)
    await hy.service.on_channel_message(message(CLEAN_MESSAGE, edited=True))
    for warning_id in (first.warning_id, second.warning_id):
        event = hy.store.get(warning_id)
        assert event is not None
        assert event.fixed_at is not None


async def test_clean_edit_of_an_unwarned_message_changes_nothing(hy: Harness) -> None:
    _warning(await hy.service.on_channel_message(message()))
    await hy.service.on_channel_message(message(CLEAN_MESSAGE, message_id="other", edited=True))
    events = hy.store.between(hy.clock.now().replace(year=2000), hy.clock.now())
    assert [e.fixed_at for e in events] == [None]


async def test_an_officer_author_is_offered_record_as_breach(hy: Harness) -> None:
    deliveries = await hy.service.on_channel_message(message(actor=DPO))
    warning = deliveries[0].message
    assert isinstance(warning, PrivateWarning)
    assert warning.can_record_breach


async def test_a_detector_failure_gives_nothing_and_logs_no_text(
    hy: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    hy.scanner.fail = True
    with caplog.at_level(logging.DEBUG):
        assert await hy.service.on_channel_message(message()) == []
    assert "incident" in caplog.text
    for fragment in SECRET_FRAGMENTS:
        assert fragment not in caplog.text


async def test_logs_never_hold_the_message(hy: Harness, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        await hy.service.on_channel_message(message())
        await hy.service.on_channel_message(message(CLEAN_MESSAGE, edited=True))
    assert "name warning" in caplog.text
    for fragment in SECRET_FRAGMENTS:
        assert fragment not in caplog.text


async def test_the_same_message_delivered_twice_at_once_is_warned_once(hy: Harness) -> None:
    results = await asyncio.gather(*(hy.service.on_channel_message(message()) for _ in range(3)))
    assert sorted(len(r) for r in results) == [0, 0, 1]
    assert len(hy.store.between(hy.clock.now().replace(year=2000), hy.clock.now())) == 1
