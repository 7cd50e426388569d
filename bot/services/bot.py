"""``CareGuardBot``: the front-end-neutral bot. Teams, the console and WhatsApp call it.

Shaped like a bolt-python app: incoming messages and card actions pass through
middleware written once (error shield, de-duplication by activity id, role checks) and
are then routed to small listeners (the ``/breach`` conversation, commands, card
actions, name-warning hygiene). Time-driven work (acknowledgement timeouts, abandoned
reports, ICO reminders) runs as scheduler handlers registered by ``register_handlers``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from bot.domain.clock import Clock
from bot.domain.organisation import Organisation
from bot.register.repository import BreachRepository
from bot.register.scheduler import SchedulerStore
from bot.register.scheduler_worker import HandlerRegistry
from bot.services.messages import ActionOutcome, CardAction, ConversationRef, Delivery, Incoming
from bot.services.ports import HygienePort, Notifier, Scanner


@dataclass(frozen=True, slots=True)
class BotConfig:
    """Knobs of the bot (the clocks themselves come from the organisation file).

    Attributes:
        dedupe_ttl: How long processed activity ids are remembered (Teams re-delivers
            within about 15 s; an hour is generous).
        escalation_budget: The whole escalation chain must finish inside this (policy:
            the 1-hour window); later steps are pulled in to fit.
        default_service_by_team: Team id → service, to suggest the service in ``/breach``.
    """

    dedupe_ttl: timedelta = timedelta(hours=1)
    escalation_budget: timedelta = timedelta(minutes=60)
    default_service_by_team: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BotDeps:
    """Everything the bot's listeners share."""

    organisation: Organisation
    engine: Engine
    repository: BreachRepository
    scheduler: SchedulerStore
    notifier: Notifier
    scanner: Scanner
    clock: Clock
    config: BotConfig
    hygiene: HygienePort | None = None


class CareGuardBot:
    """The bot's behaviour, independent of any front-end.

    Build it with ``create_bot``. Every public method is safe to call concurrently and
    from several instances over one database.
    """

    def __init__(self, deps: BotDeps) -> None:
        self.deps = deps

    async def on_message(self, incoming: Incoming) -> list[Delivery]:
        """Handle one message; returns what to send (usually into the same conversation)."""
        raise NotImplementedError

    async def on_card_action(self, action: CardAction) -> ActionOutcome:
        """Handle a card button; returns the card's new content and a line for the clicker."""
        raise NotImplementedError

    async def on_install(self, ref: ConversationRef) -> list[Delivery]:
        """Remember where the bot was installed or spoken to, for proactive messages."""
        raise NotImplementedError

    def register_handlers(self, registry: HandlerRegistry) -> None:
        """Add the bot's scheduler handlers (ack timeouts, abandoned reports, ICO reminders)."""
        raise NotImplementedError


def create_bot(
    *,
    organisation: Organisation,
    engine: Engine,
    repository: BreachRepository,
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
        engine: The register's engine (``Register.engine``); bot state lives there too.
        repository: The breach repository (``Register.repository``).
        scheduler: ``SchedulerStore(engine, clock)``.
        notifier: The front-end's proactive sender.
        scanner: The detector (``bot.services.scanning.DetectorScanner``).
        clock: The time source used everywhere.
        config: Knobs; defaults are the policy's.
        hygiene: Name-warning service, if enabled.
    """
    deps = BotDeps(
        organisation=organisation,
        engine=engine,
        repository=repository,
        scheduler=scheduler,
        notifier=notifier,
        scanner=scanner,
        clock=clock,
        config=config or BotConfig(),
        hygiene=hygiene,
    )
    return CareGuardBot(deps)
