"""From the WhatsApp webhook to the bot and back: staff check, scanning, replies.

The webhook (``bot.whatsapp.webhook``) has already checked the signature and dropped
repeats; :class:`WhatsAppBridge` is its ``on_message``. For each message:

1. The sender is looked up among the people in the organisation file (by phone). An
   unknown number gets a polite refusal that repeats nothing, at most once a day.
2. Anything but text gets a short note (a reaction gets nothing); nothing is opened.
3. A text is scanned by the detector off the event loop. When flagged, the sender gets a
   warning naming only the kinds of identifier (policy: initials only on WhatsApp).
4. The text goes to ``CareGuardBot.on_message`` as a 1:1 message on the ``whatsapp``
   front-end, so "breach" runs the same report conversation as in Teams and the breach
   is routed and alerted in Teams by the bot itself.
5. Every reply (the bot's and the bridge's own) goes through the bot's outbox, in order
   per sender, and is delivered by ``bot.whatsapp.notifier.WhatsAppNotifier`` (plain
   text, conversation questions masked).

A failure before the step committed raises, so the webhook answers 500 and Meta retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol, TypeVar, runtime_checkable

from bot.domain.organisation import Person
from bot.services.messages import (
    Actor,
    Incoming,
)
from bot.services.ports import Scanner
from bot.whatsapp import texts
from bot.whatsapp.cloud import redact_number
from bot.whatsapp.staff import StaffDirectory, e164_digits
from bot.whatsapp.webhook import InboundMessage

log = logging.getLogger(__name__)

T = TypeVar("T")
CHANNEL: Final = "whatsapp"
REFUSAL_INTERVAL = timedelta(hours=24)
SILENT_KINDS = frozenset({"reaction"})
"""Message kinds from staff that need no answer (a 👍 on the bot's reply)."""
_REFUSAL_MEMORY = 10_000


@runtime_checkable
class BotLike(Protocol):
    """What the bridge needs of ``CareGuardBot``."""

    async def on_message(self, incoming: Incoming) -> None:
        """Handle one message (its replies go to the outbox)."""
        ...

    async def say(self, channel: str, conversation_id: str, lines: Sequence[str]) -> None:
        """Send ``lines`` into a conversation, through the outbox."""
        ...


BotSource = Callable[[], BotLike | None]


class BotNotReadyError(RuntimeError):
    """The bot is not attached yet (start-up); the webhook answers 500 and Meta retries."""


class WhatsAppBridge:
    """The webhook's message handler (see the module docstring).

    Args:
        directory: Staff phone numbers from the organisation file.
        scanner: The detector (blocking; run in ``executor``).
        bot: The bot, or a callable returning it (``None`` while starting up).
        executor: Where scans run; ``None`` is the loop's default executor.
        clock: Current time (for the refusal interval).
        phone_number_id: Our business number's id; messages to other numbers of the
            same Meta app are ignored.
    """

    def __init__(
        self,
        *,
        directory: StaffDirectory,
        scanner: Scanner,
        bot: BotLike | BotSource | None = None,
        executor: Executor | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        phone_number_id: str | None = None,
    ) -> None:
        self._directory = directory
        self._scanner = scanner
        self._source: BotSource = lambda: None
        if bot is not None:
            self.attach(bot)
        self._executor = executor
        self._clock = clock
        self._number_id = phone_number_id
        self._refused: OrderedDict[str, datetime] = OrderedDict()
        self._turns: dict[str, tuple[asyncio.Lock, int]] = {}

    def attach(self, bot: BotLike | BotSource) -> None:
        """Connect the bot (or a callable returning it) once start-up has built it."""
        if isinstance(bot, BotLike):
            self._source = lambda: bot
        else:
            self._source = bot

    async def __call__(self, msg: InboundMessage) -> None:
        """Handle one new message from the webhook."""
        if self._number_id and msg.phone_number_id and msg.phone_number_id != self._number_id:
            # Another business number on the same Meta app: not ours to answer.
            log.info("whatsapp: ignored a message sent to another business number")
            return
        person = self._directory.find(msg.sender)
        if person is None:
            await self._refuse(msg.sender)
            return
        if msg.kind in SILENT_KINDS:
            return
        bot = self._current_bot()
        if msg.kind != "text" or msg.text is None or not msg.text.strip():
            await bot.say(CHANNEL, msg.sender, [texts.NOT_TEXT])
            return
        # One turn per person at a time, in arrival order: two quick answers delivered
        # in separate requests must not overtake each other in the report conversation.
        async with self._turn_lock(person.key):
            result = await self._run(self._scanner.scan, msg.text)
            if result.flagged:
                found = sorted(result.findings, key=lambda f: f.start)
                await bot.say(CHANNEL, msg.sender, [texts.warning(f.entity_type for f in found)])
            await bot.on_message(self._incoming(msg, person, msg.text))

    @contextlib.asynccontextmanager
    async def _turn_lock(self, key: str) -> AsyncIterator[None]:
        lock, users = self._turns.get(key, (asyncio.Lock(), 0))
        self._turns[key] = (lock, users + 1)
        try:
            async with lock:  # asyncio locks are granted first come, first served
                yield
        finally:
            lock, users = self._turns[key]
            if users == 1:
                del self._turns[key]
            else:
                self._turns[key] = (lock, users - 1)

    def _current_bot(self) -> BotLike:
        bot = self._source()
        if bot is None:
            raise BotNotReadyError("the bot is not attached yet")
        return bot

    @staticmethod
    def _incoming(msg: InboundMessage, person: Person, text: str) -> Incoming:
        return Incoming(
            channel=CHANNEL,
            conversation_id=msg.sender,
            conversation_type="personal",
            actor=Actor(person.aad_object_id, person.upn, person.name),
            text=text,
            activity_id=f"whatsapp:{msg.message_id}",
        )

    async def _run(self, fn: Callable[[str], T], text: str) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn, text)

    async def _refuse(self, sender: str) -> None:
        key = e164_digits(sender)
        now = self._clock()
        last = self._refused.get(key)
        if last is not None and now - last < REFUSAL_INTERVAL:
            return  # one refusal a day is enough; more would only cost and annoy
        self._refused[key] = now
        self._refused.move_to_end(key)
        while len(self._refused) > _REFUSAL_MEMORY:
            self._refused.popitem(last=False)
        log.info("whatsapp: refused a message from unregistered %s", redact_number(sender))
        await self._current_bot().say(CHANNEL, sender, [texts.REFUSAL])
