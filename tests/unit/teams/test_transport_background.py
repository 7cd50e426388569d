"""Work after the answer: turns of a conversation in order, failures contained."""

from __future__ import annotations

import asyncio

import pytest

from bot.teams.background import Background, SeenIds


async def test_turns_of_one_conversation_keep_their_order() -> None:
    background = Background(limit=8)
    done: list[str] = []

    async def turn(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        done.append(name)

    background.start("t", turn("first (slow)", 0.05), key="chat-a")
    background.start("t", turn("second (fast)", 0.0), key="chat-a")
    background.start("t", turn("other chat", 0.0), key="chat-b")
    await background.drain(5.0)
    assert done == ["other chat", "first (slow)", "second (fast)"]
    assert background.pending == 0


async def test_a_failing_turn_is_logged_and_the_next_one_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    background = Background()
    done: list[str] = []

    async def broken() -> None:
        raise ValueError("Mrs Example's details")

    async def fine() -> None:
        done.append("fine")

    background.start("broken turn", broken(), key="chat")
    background.start("fine turn", fine(), key="chat")
    await background.drain(5.0)
    assert done == ["fine"]
    assert "broken turn failed: ValueError" in caplog.text
    assert "Example" not in caplog.text


async def test_drain_cancels_what_outlives_it() -> None:
    background = Background()
    background.start("stuck", asyncio.sleep(30), key="chat")
    background.start("queued behind it", asyncio.sleep(0), key="chat")
    await background.drain(0.05)
    await asyncio.sleep(0)
    assert background.pending == 0


def test_seen_ids_remember_for_a_while() -> None:
    now = [0.0]
    seen = SeenIds(ttl=15.0, now=lambda: now[0])
    assert seen.first_time("a", "answer") == (True, "answer")
    assert seen.first_time("a") == (False, "answer")
    now[0] = 16.0
    assert seen.first_time("a")[0] is True


def test_seen_ids_are_bounded() -> None:
    seen = SeenIds(size=3)
    for key in "abcd":
        seen.first_time(key)
    assert seen.first_time("a")[0] is True  # the oldest was forgotten
    assert seen.first_time("d")[0] is False
