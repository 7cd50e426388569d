"""Replies on their way out: sent in the background, in order per recipient.

The webhook answers Meta as soon as a message is handled; the replies follow. A
recipient's batches are chained so that two quick messages get their replies in order.
A failed send is logged without text or full number and ends its batch: later replies
of the same batch would make no sense without it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from bot.whatsapp.cloud import CloudSendError, redact_number

log = logging.getLogger(__name__)


class TextSender(Protocol):
    """Sends a WhatsApp text (``bot.whatsapp.cloud.CloudClient`` fits)."""

    async def send_text(self, to: str, body: str) -> str:
        """Send ``body`` to the WhatsApp id ``to``; returns Meta's message id."""
        ...


class Outbox:
    """Background sends, in order per recipient.

    Args:
        sender: The Cloud API client.
    """

    def __init__(self, sender: TextSender) -> None:
        self._sender = sender
        self._last: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def queue(self, to: str, bodies: list[str]) -> None:
        """Send ``bodies`` to ``to`` after anything already queued for them."""
        if not bodies:
            return
        previous = self._last.get(to)
        task = asyncio.get_running_loop().create_task(self._send(previous, to, bodies))
        self._last[to] = task
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._forget(to, done))

    def _forget(self, to: str, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if self._last.get(to) is task:
            del self._last[to]

    async def _send(self, previous: asyncio.Task[None] | None, to: str, bodies: list[str]) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        for body in bodies:
            try:
                await self._sender.send_text(to, body)
            except CloudSendError as exc:
                log.warning("whatsapp: reply to %s not sent (%s)", redact_number(to), exc.reason)
                return
            except Exception as exc:
                log.error(
                    "whatsapp: reply to %s failed (%s)", redact_number(to), type(exc).__name__
                )
                return

    @property
    def pending(self) -> int:
        """Batches still being sent."""
        return len(self._tasks)

    async def drain(self, seconds: float) -> None:
        """Wait (up to ``seconds``) for batches still being sent, then cancel the rest."""
        if not self._tasks:
            return
        _done, late = await asyncio.wait(set(self._tasks), timeout=seconds)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
