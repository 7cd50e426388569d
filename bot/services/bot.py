"""``CareGuardBot``: the front-end-neutral bot. Teams, the console and WhatsApp call it.

Shaped like a bolt-python app: messages and card actions pass through checks written
once (error shield, de-duplication by activity id, role checks) and are then routed to
small listeners (the ``/breach`` conversation, commands, alert-card actions, name-warning
hygiene). Every step is one unit of work: its change, its audit events, its replies and
alerts (outbox) and its timers commit together; the outbox worker delivers afterwards.
Time-driven work (escalation, abandoned reports, ICO reminders) is fired by the timer
worker (``bot.services.scheduler``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from bot.domain.commands import ParsedCommand, UnknownCommand, parse_command
from bot.services import middleware as mw
from bot.services.buttons import Buttons
from bot.services.command_handlers import Commands
from bot.services.deps import BotDeps
from bot.services.forms import Form
from bot.services.hygiene import HygieneService, Inspection
from bot.services.mail import Mail
from bot.services.messages import (
    ActionOutcome,
    CardAction,
    ConversationRef,
    Delivery,
    Incoming,
    SameConversation,
    Text,
)
from bot.services.reporting import Reporting, conversation_key, unfinished
from bot.services.uow import Tx

__all__ = ["CareGuardBot"]

GREETING = (
    "Hello, I'm CareGuard. Type /breach to report a personal-data breach (within 1 hour "
    "of finding it), or /help to see what else I can do."
)


class CareGuardBot:
    """The bot's behaviour, independent of any front-end.

    Args:
        deps: The shared parts (organisation, unit of work, scanner, clock, config).
        hygiene: The name-warning service, if switched on.
        on_commit: Called after every step that committed (the outbox worker's ``kick``).
    """

    def __init__(
        self,
        deps: BotDeps,
        hygiene: HygieneService | None = None,
        *,
        on_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self.deps = deps
        self.hygiene = hygiene
        self.on_commit = on_commit
        self.reporting = Reporting(deps)
        self.commands = Commands(deps, hygiene)
        self.buttons = Buttons(deps, hygiene, on_commit=lambda: self.on_commit())

    async def _step(self, incoming: Incoming | None, work: Callable[[Tx], list[Delivery]]) -> None:
        """Run ``work`` as one step; its replies go to the outbox in the same transaction."""

        def step(tx: Tx) -> None:
            deliveries = work(tx)
            if incoming is not None and deliveries:
                Mail(tx).deliveries(incoming, deliveries)

        await self.deps.uow.run(step)
        self.on_commit()

    async def on_message(self, incoming: Incoming) -> None:
        """Handle one message; what it causes is in the outbox when this returns.

        A repeated activity id changes nothing. Any failure is logged with an incident id
        and the sender is told (without the failure's text, which could hold personal data).
        """
        try:
            await self._message(incoming)
        except Exception as exc:
            incident = mw.log_incident("message", exc)
            polite = [Delivery(SameConversation(), Text(mw.incident_text(incident)))]
            await mw.shielded("apology", self._step(incoming, lambda _tx: polite), lambda _i: None)

    async def _message(self, incoming: Incoming) -> None:
        scope: tuple[str, ...] = (incoming.channel, incoming.conversation_id)
        if incoming.edited:
            # An edit carries the id of the message it edits: each new text is new.
            scope += ("edit", hashlib.sha256(incoming.text.encode("utf-8", "replace")).hexdigest())
        key = mw.activity_key(incoming.activity_id, *scope)
        found: Inspection | None = None
        if incoming.conversation_type != "personal" and self._plain_chat(incoming):
            found = await self._inspect(incoming)
            if found is None or (not found.flagged and not incoming.edited):
                return  # a clean message (or not scanned): nothing to record, nothing to say

        def work(tx: Tx) -> list[Delivery]:
            if key is not None and not tx.activities.first_time(key):
                return []
            if incoming.conversation_type == "personal":
                return self._personal(tx, incoming)
            return self._shared(tx, incoming, found)

        await self._step(incoming, work)

    async def _inspect(self, incoming: Incoming) -> Inspection | None:
        """Scan a plain channel message; a detector failure is logged, never said in the channel.

        Nobody addressed the bot, so an apology in the channel would only puzzle everyone
        there (and repeat for every message while the detector is broken).
        """
        if self.hygiene is None:
            return None
        try:
            return await self.hygiene.inspect(incoming)
        except Exception as exc:
            mw.log_incident("name check", exc)
            return None

    def _plain_chat(self, incoming: Incoming) -> bool:
        """A channel message that is neither a command nor a bare @mention of the bot."""
        if incoming.edited:
            return True
        parsed = parse_command(incoming.text, require_slash=not incoming.mentions_bot)
        if isinstance(parsed, ParsedCommand | UnknownCommand):
            return False
        return not (incoming.mentions_bot and not incoming.text.strip())

    def _personal(self, tx: Tx, incoming: Incoming) -> list[Delivery]:
        stored = tx.conversations.load(conversation_key(incoming).as_text(), for_update=True)
        in_progress = unfinished(stored) is not None
        parsed = parse_command(incoming.text) if incoming.value is None else None
        command_now = not in_progress or incoming.text.strip().startswith("/")
        if isinstance(parsed, ParsedCommand) and parsed.command.name != "breach" and command_now:
            return self.commands.run(tx, incoming, parsed)
        if isinstance(parsed, UnknownCommand) and not in_progress:
            return [Delivery(SameConversation(), self.commands.unknown(parsed))]
        # During a report the conversation answers its own words and near misses.
        replies = self.reporting.on_personal(tx, incoming, stored)
        if replies is not None:
            return replies
        return [Delivery(SameConversation(), Text(GREETING))]

    def _shared(self, tx: Tx, incoming: Incoming, found: Inspection | None) -> list[Delivery]:
        if found is not None and self.hygiene is not None:
            if found.flagged:
                return self.hygiene.warn(tx, incoming, found)
            self.hygiene.fixed(tx, incoming)
            return []
        parsed = parse_command(incoming.text, require_slash=not incoming.mentions_bot)
        if isinstance(parsed, ParsedCommand):
            if parsed.command.name == "breach":
                return self.reporting.start_from_channel(tx, incoming)
            return self.commands.run(tx, incoming, parsed)
        if isinstance(parsed, UnknownCommand):
            return [Delivery(SameConversation(), self.commands.unknown(parsed))]
        return [Delivery(SameConversation(), Text(GREETING))]

    async def on_card_action(self, action: CardAction) -> ActionOutcome:
        """A card button (see ``bot.services.buttons``)."""
        return await self.buttons.on_card_action(action)

    async def on_dialog(self, action: CardAction, *, submitted: bool) -> Form | ActionOutcome:
        """A dialog opened or submitted (see ``bot.services.buttons``)."""
        return await self.buttons.on_dialog(action, submitted=submitted)

    async def say(self, channel: str, conversation_id: str, lines: Sequence[str]) -> None:
        """Send ``lines`` into a conversation through the outbox (a front-end's own words)."""

        def say(tx: Tx) -> list[Delivery]:
            mail = Mail(tx)
            for line in lines:
                mail.to_conversation(channel, conversation_id, Text(line))
            return []

        if lines:
            await self._step(None, say)

    async def on_places(self, names: Mapping[str, str]) -> None:
        """Remember what the front-end calls channels and group chats (for statistics)."""
        clean = {k: v.strip() for k, v in names.items() if k and v.strip()}
        if clean:
            await self.deps.uow.run(lambda tx: tx.hygiene.name_places(clean, self.deps.now()))

    async def on_install(self, ref: ConversationRef) -> None:
        """Greet in a new 1:1 chat (the front-end stored the reference already)."""
        if not ref.key.startswith("user:"):
            return
        conversation = ref.data.get("conversation_id")
        if not isinstance(conversation, str):
            return

        def greet(tx: Tx) -> list[Delivery]:
            Mail(tx).to_conversation(ref.channel, conversation, Text(GREETING))
            return []

        await mw.shielded("install", self._step(None, greet), lambda _incident: None)
