"""Conversation references: saved, replaced, and first saves of one key racing each other."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from bot.domain.clock import ManualClock
from bot.register.state.models import ConversationRefRow
from bot.register.state.refs import ConversationRefs

CLOCK = ManualClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))


def test_save_then_replace(engine: Engine) -> None:
    refs = ConversationRefs(engine, CLOCK)
    assert refs.load("service:msteams") is None
    refs.save("service:msteams", "msteams", {"service_url": "https://a.example/"})
    refs.save("service:msteams", "msteams", {"service_url": "https://b.example/"})
    assert refs.load("service:msteams") == ("msteams", {"service_url": "https://b.example/"})


def test_concurrent_first_saves_of_one_key_all_succeed(engine: Engine) -> None:
    refs = ConversationRefs(engine, CLOCK)
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def save(n: int) -> None:
        start.wait()
        try:
            refs.save("service:msteams", "msteams", {"n": n})
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ConversationRefRow)).scalar() == 1
    found = refs.load("service:msteams")
    assert found is not None
    assert found[1]["n"] in range(8)
