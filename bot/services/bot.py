"""``CareGuardBot``: the front-end-neutral bot. Teams, the console and WhatsApp call it.

Shaped like a bolt-python app: messages and card actions pass through middleware written
once (error shield, de-duplication by activity id, role checks) and are then routed to
small listeners (the ``/breach`` conversation, commands, alert-card actions, name-warning
hygiene). Time-driven work (acknowledgement timeouts, abandoned reports, ICO reminders)
runs as scheduler handlers added by ``register_handlers``.
"""

from __future__ import annotations

import hashlib

from bot.domain.clock import Clock
from bot.domain.commands import ParsedCommand, UnknownCommand, parse_command
from bot.domain.organisation import Organisation
from bot.register.errors import BreachNotFoundError, BreachPurgedError
from bot.register.jobs.store import SchedulerStore
from bot.register.jobs.worker import HandlerRegistry
from bot.register.service import Register
from bot.register.state.store import BotStateStore
from bot.services import middleware as mw
from bot.services.actions import CardActions
from bot.services.alerts import Alerts
from bot.services.command_handlers import Commands
from bot.services.deps import BotConfig, BotDeps
from bot.services.filing import Filing
from bot.services.jobs import Jobs
from bot.services.messages import (
    ActionOutcome,
    CardAction,
    ConversationRef,
    Delivery,
    Incoming,
    SameConversation,
    Text,
    Verb,
)
from bot.services.ports import HygienePort, Notifier, Scanner
from bot.services.reporting import Reporting

__all__ = ["BotConfig", "CareGuardBot", "create_bot"]

GREETING = (
    "Hello, I'm CareGuard. Type /breach to report a personal-data breach (within 1 hour "
    "of finding it), or /help to see what else I can do."
)
STALE_CARD = "That card is damaged or out of date, so nothing was changed."


class CareGuardBot:
    """The bot's behaviour, independent of any front-end. Build it with ``create_bot``."""

    def __init__(self, deps: BotDeps) -> None:
        self.deps = deps
        self.alerts = Alerts(deps)
        self.filing = Filing(deps, self.alerts)
        self.reporting = Reporting(deps, self.alerts, self.filing)
        self.commands = Commands(deps, self.alerts, self.reporting)
        self.actions = CardActions(deps, self.alerts)
        self.jobs = Jobs(deps, self.alerts, self.filing)
        self._dedupe = mw.Dedupe(deps)

    async def on_message(self, incoming: Incoming) -> list[Delivery]:
        """Handle one message; returns what to send (mostly into the same conversation).

        Alerts for officers are sent by the bot itself through the ``Notifier``; the
        returned deliveries are replies (``SameConversation``) and private messages to
        the author (``Private``). A repeated activity id returns ``[]``.
        """

        def polite(incident: str) -> list[Delivery]:
            return [Delivery(SameConversation(), Text(mw.incident_text(incident)))]

        return await mw.shielded("message", self._message(incoming), polite)

    async def _message(self, incoming: Incoming) -> list[Delivery]:
        scope: tuple[str, ...] = (incoming.channel, incoming.conversation_id)
        if incoming.edited:
            # An edit carries the id of the message it edits: each new text is new.
            scope += ("edit", hashlib.sha256(incoming.text.encode()).hexdigest())
        if not await self._dedupe.first_time(incoming.activity_id, *scope):
            return []
        if incoming.conversation_type == "personal":
            return await self._personal(incoming)
        return await self._shared(incoming)

    async def _personal(self, incoming: Incoming) -> list[Delivery]:
        in_progress = self.reporting.in_progress(incoming) is not None
        parsed = parse_command(incoming.text) if incoming.value is None else None
        slashed = incoming.text.strip().startswith("/")
        command_now = not in_progress or slashed
        if isinstance(parsed, ParsedCommand) and parsed.command.name != "breach" and command_now:
            return await self.commands.run(incoming, parsed)
        if isinstance(parsed, UnknownCommand) and command_now:
            return [Delivery(SameConversation(), self.commands.unknown(parsed))]
        replies = await self.reporting.on_personal(incoming)
        if replies is not None:
            return replies
        return [Delivery(SameConversation(), Text(GREETING))]

    async def _shared(self, incoming: Incoming) -> list[Delivery]:
        if incoming.edited:
            return await self._hygiene(incoming)
        parsed = parse_command(incoming.text, require_slash=not incoming.mentions_bot)
        if isinstance(parsed, ParsedCommand):
            if parsed.command.name == "breach":
                return await self.reporting.start_from_channel(incoming)
            return await self.commands.run(incoming, parsed)
        if isinstance(parsed, UnknownCommand):
            return [Delivery(SameConversation(), self.commands.unknown(parsed))]
        deliveries = await self._hygiene(incoming)
        if incoming.mentions_bot and not incoming.text.strip():
            deliveries.append(Delivery(SameConversation(), Text(GREETING)))
        return deliveries

    async def _hygiene(self, incoming: Incoming) -> list[Delivery]:
        if self.deps.hygiene is None or not incoming.text.strip():
            return []
        return await self.deps.hygiene.on_channel_message(incoming)

    async def on_card_action(self, action: CardAction) -> ActionOutcome:
        """Handle a card button; returns the pressed card's new content and a line for the clicker.

        The stored alert card is also updated in place for everyone through the
        ``Notifier``. Only DPOs, the SIRO and directors may act on alert cards; anyone
        else is refused politely and the attempt goes into the audit trail.
        """

        def polite(incident: str) -> ActionOutcome:
            return ActionOutcome(None, mw.incident_text(incident))

        return await mw.shielded("card action", self._card(action), polite)

    async def _card(self, action: CardAction) -> ActionOutcome:
        scope = ("invoke", action.channel, action.conversation_id)
        if action.invoke_id and not await self._dedupe.first_time(action.invoke_id, *scope):
            return ActionOutcome(None, "Already done.")
        if action.verb.startswith("warning.") and action.verb != Verb.WARNING_TO_BREACH:
            return await self._warning(action)
        checked = await mw.check_role(self.deps, action)
        if isinstance(checked, ActionOutcome):
            return checked
        if action.verb == Verb.WARNING_TO_BREACH:
            return await self._warning(action)
        reference = mw.card_reference(action)
        if reference is None or not mw.is_breach_verb(action.verb):
            return ActionOutcome(None, STALE_CARD)
        handlers = {
            Verb.ACKNOWLEDGE.value: self.actions.acknowledge,
            Verb.MARK_HIGH_RISK.value: self.actions.mark_high_risk,
            Verb.HAND_OVER.value: self.actions.hand_over,
            Verb.DETAILS.value: self.actions.details,
        }
        try:
            return await handlers[action.verb](reference, checked)
        except (BreachNotFoundError, BreachPurgedError):
            return ActionOutcome(None, f"I can't find {reference} in the register; {STALE_CARD}")

    async def _warning(self, action: CardAction) -> ActionOutcome:
        if self.deps.hygiene is None:
            return ActionOutcome(None, STALE_CARD)
        outcome = await self.deps.hygiene.on_card_action(action)
        return outcome if outcome is not None else ActionOutcome(None, STALE_CARD)

    async def on_install(self, ref: ConversationRef) -> list[Delivery]:
        """Remember a conversation for proactive messages; greet in a new 1:1 chat."""

        def quiet(_incident: str) -> list[Delivery]:
            return []

        async def install() -> list[Delivery]:
            self.remember(ref)
            if ref.key.startswith("user:"):
                return [Delivery(SameConversation(), Text(GREETING))]
            return []

        return await mw.shielded("install", install(), quiet)

    def remember(self, ref: ConversationRef) -> None:
        """Store (or refresh) a front-end conversation reference."""
        self.deps.state.save_ref(ref.key, ref.channel, ref.data)

    def recall(self, key: str) -> ConversationRef | None:
        """The conversation reference stored under ``key`` (e.g. ``"user:<aad id>"``)."""
        found = self.deps.state.load_ref(key)
        if found is None:
            return None
        channel, data = found
        return ConversationRef(key, channel, data)  # type: ignore[arg-type]

    def register_handlers(self, registry: HandlerRegistry) -> None:
        """Add the scheduler handlers: ack timeouts, abandoned reports, ICO reminders."""
        self.jobs.register(registry)


def create_bot(
    *,
    organisation: Organisation,
    register: Register,
    scheduler: SchedulerStore,
    notifier: Notifier,
    scanner: Scanner,
    clock: Clock,
    config: BotConfig | None = None,
    hygiene: HygienePort | None = None,
) -> CareGuardBot:
    """Build the bot from its collaborators (the composition root calls this).

    Args:
        organisation: From ``bot.settings.require_organisation``.
        register: From ``bot.register.service.open_register`` (engine, cipher, repository);
            the bot's own state lives in the same database.
        scheduler: ``SchedulerStore(register.engine, clock)``.
        notifier: The front-end's proactive sender.
        scanner: The detector, e.g. ``bot.services.scanning.DetectorScanner``.
        clock: The time source used everywhere.
        config: Knobs; the defaults follow the policy.
        hygiene: The name-warning service, if switched on.
    """
    deps = BotDeps(
        organisation=organisation,
        engine=register.engine,
        repository=register.repository,
        state=BotStateStore(register.engine, register.cipher, clock),
        scheduler=scheduler,
        notifier=notifier,
        scanner=scanner,
        clock=clock,
        config=config or BotConfig(),
        hygiene=hygiene,
    )
    return CareGuardBot(deps)
