"""``careguard chat``: talk to CareGuard in a terminal, with the same bot and register.

A newcomer can report a breach as a carer, or act as a DPO on the alerts, without Teams.
Messages the bot would post elsewhere (the DPO alert channel, private chats with other
people, card updates) are printed with a clear label. The scheduler runs in the
background, so escalations and abandoned-report alerts happen as they would in Teams.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.cli.util import CommandError, SubParsers
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.domain.clock import Clock
    from bot.domain.organisation import Organisation, Person
    from bot.register.jobs.store import SchedulerStore
    from bot.register.jobs.worker import HandlerRegistry
    from bot.register.service import Register
    from bot.services.bot import CareGuardBot
    from bot.services.messages import Actor, Outgoing, PostedRef
    from bot.services.ports import Scanner

CARD_COMMANDS = {
    "/ack": "breach.acknowledge",
    "/highrisk": "breach.mark_high_risk",
    "/handover": "breach.hand_over",
    "/details": "breach.details",
}
INTRO = (
    "CareGuard console chat as {who}. Type /breach to report a breach, /help for commands, "
    "/quit to leave.{extra}"
)
DPO_EXTRA = (
    "\nAs a DPO you can act on alerts: /ack BR-YYYY-NNNN, /highrisk BR-..., /handover BR-..., "
    "/details BR-... . Type '/channel <text>' to post in a team channel."
)


def add_commands(sub: SubParsers) -> None:
    """Register ``chat``."""
    p = sub.add_parser("chat", help="talk to the bot in this terminal (no Teams needed)")
    p.add_argument("--as", dest="role", choices=("carer", "dpo"), default="carer")
    p.add_argument("--config", type=Path, default=None, help="organisation file (TOML)")
    p.add_argument("--person", default=None, help="with --as dpo: the person key in the file")
    p.set_defaults(func=_chat)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.register.errors import RegisterError
    from bot.register.service import open_register
    from bot.settings import require_organisation

    organisation = require_organisation(settings)
    if not getattr(args, "verbose", False):  # library chatter would break up the conversation
        logging.getLogger().setLevel(logging.WARNING)
    try:
        register = open_register(settings)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    try:
        scanner = _detector(settings)
        return asyncio.run(
            run_chat(
                organisation,
                register,
                scanner,
                sys.stdin,
                sys.stdout,
                role=args.role,
                person_key=args.person,
            )
        )
    finally:
        register.close()


def _detector(settings: Settings) -> Scanner:
    from bot.services.scanning import DetectorScanner
    from nlp.detector import Detector, DetectorConfig
    from nlp.errors import DetectorError

    config = DetectorConfig(
        spacy_model=settings.spacy_model,
        clients_csv=settings.clients_csv,
        staff_csv=settings.staff_csv,
    )
    try:
        return DetectorScanner(Detector(config))
    except DetectorError as exc:
        raise CommandError(f"cannot load the detector: {exc}") from None


class ConsoleNotifier:
    """Prints what the bot would send elsewhere, clearly labelled."""

    def __init__(self, out: TextIO, me: Actor, organisation: Organisation) -> None:
        self._out = out
        self._me = me
        self._org = organisation
        self._ids = itertools.count(1)

    def _print(self, label: str, message: Outgoing) -> None:
        from bot.services.messages import plain_text

        self._out.write(f"\n── {label} ──\n{plain_text(message)}\n\n")
        self._out.flush()

    def _channel_name(self, channel_id: str) -> str:
        for setup in self._org.services:
            if setup.alert_channel == channel_id:
                return f"the {setup.service.value.capitalize()} DPO alert channel"
        return f"channel {channel_id}"

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        """Print a private message (to you, or to someone else)."""
        from bot.services.messages import Actor as ActorType

        aad = person.aad_object_id
        mine = aad.casefold() == self._me.aad_object_id.casefold()
        name = person.name if not isinstance(person, ActorType) else (person.name or aad)
        self._print("private message to you" if mine else f"private message to {name}", message)
        return None

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        """Print a channel post; returns a console message id."""
        from bot.services.messages import PostedRef

        ref = PostedRef(channel_id, f"console-{next(self._ids)}")
        self._print(f"posted in {self._channel_name(channel_id)}", message)
        return ref

    async def update(self, ref: PostedRef, message: Outgoing) -> None:
        """Print a card updated in place."""
        self._print(f"card updated in {self._channel_name(ref.channel_id)}", message)


def console_actor(organisation: Organisation, role: str, person_key: str | None) -> Actor:
    """Who is typing: an unlisted carer, or a DPO (or another listed person) from the file."""
    from bot.domain.errors import DomainError
    from bot.domain.routing import dpos
    from bot.services.messages import Actor

    if role == "carer":
        return Actor("console-carer", "carer@console.invalid", "Console Carer")
    try:
        person = organisation.person(person_key) if person_key else dpos(organisation)[0]
    except (DomainError, IndexError):
        raise CommandError(f"no person {person_key!r} in the organisation file") from None
    return Actor(person.aad_object_id, person.upn, person.name)


async def run_chat(
    organisation: Organisation,
    register: Register,
    scanner: Scanner,
    stdin: TextIO,
    stdout: TextIO,
    *,
    role: str = "carer",
    person_key: str | None = None,
    clock: Clock | None = None,
    poll_interval: float = 1.0,
) -> int:
    """Run the console conversation until ``/quit`` or end of input.

    Args:
        organisation: The organisation file.
        register: An open ``bot.register.service.Register``.
        scanner: The detector (or a fake in tests).
        stdin: Where lines are read from.
        stdout: Where the conversation is printed.
        role: ``"carer"`` or ``"dpo"``.
        person_key: With ``dpo``: which person of the file (default: the first DPO).
        clock: Time source (default: the system clock).
        poll_interval: How often the background scheduler looks for due work.
    """
    from bot.domain.clock import SystemClock
    from bot.register.jobs.worker import Worker

    clock = clock or SystemClock()
    me = console_actor(organisation, role, person_key)
    bot, scheduler, registry = _build(organisation, register, scanner, clock, me, stdout)
    stop = asyncio.Event()
    worker = asyncio.create_task(Worker(scheduler, registry).run_worker(stop, poll_interval))
    extra = DPO_EXTRA if role == "dpo" else ""
    stdout.write(INTRO.format(who=me.name, extra=extra) + "\n")
    try:
        await _loop(bot, me, stdin, stdout)
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
    return 0


def _build(
    organisation: Organisation,
    register: Register,
    scanner: Scanner,
    clock: Clock,
    me: Actor,
    stdout: TextIO,
) -> tuple[CareGuardBot, SchedulerStore, HandlerRegistry]:
    from bot.register.jobs.store import SchedulerStore
    from bot.register.jobs.worker import HandlerRegistry
    from bot.services.bot import create_bot

    scheduler = SchedulerStore(register.engine, clock)
    bot = create_bot(
        organisation=organisation,
        register=register,
        scheduler=scheduler,
        notifier=ConsoleNotifier(stdout, me, organisation),
        scanner=scanner,
        clock=clock,
    )
    registry = HandlerRegistry()
    bot.register_handlers(registry)
    return bot, scheduler, registry


async def _loop(bot: CareGuardBot, me: Actor, stdin: TextIO, stdout: TextIO) -> None:
    while True:
        stdout.write("you> ")
        stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            stdout.write("\n")
            return
        text = line.strip()
        if text in ("/quit", "/exit"):
            return
        if text:
            await _one(bot, me, text, stdout)


async def _one(bot: CareGuardBot, me: Actor, text: str, stdout: TextIO) -> None:
    from bot.services.messages import (
        CardAction,
        Incoming,
        Private,
        SameConversation,
        plain_text,
    )

    word, _, rest = text.partition(" ")
    if word.lower() in CARD_COMMANDS:
        action = CardAction(
            me,
            CARD_COMMANDS[word.lower()],
            {"reference": rest.strip()},
            "console",
            channel="console",
        )
        outcome = await bot.on_card_action(action)
        stdout.write(f"CareGuard: {outcome.toast}\n")
        return
    channel = word.lower() == "/channel"
    incoming = Incoming(
        channel="console",
        conversation_id="console-channel" if channel else "console",
        conversation_type="channel" if channel else "personal",
        actor=me,
        text=rest if channel else text,
        activity_id=uuid.uuid4().hex,
        channel_id="console-channel" if channel else None,
        mentions_bot=channel,
    )
    for delivery in await bot.on_message(incoming):
        where = ""
        if channel and isinstance(delivery.target, SameConversation):
            where = " (in the channel)"
        elif channel and isinstance(delivery.target, Private):
            where = " (privately)"
        stdout.write(f"CareGuard{where}: {plain_text(delivery.message)}\n\n")
