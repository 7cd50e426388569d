"""``careguard chat``: talk to CareGuard in a terminal, with the same bot and register.

A newcomer can report a breach as a carer, act as a DPO on the alerts, or try the name
warnings (``/channel TEXT`` posts TEXT in a team channel), without Teams. It runs the same
steps, register, outbox and timers as the server: messages the bot would post elsewhere
(the DPO alert channel, private chats with other people, card updates) are printed with
a clear label, and escalations and abandoned-report alerts happen as they would in Teams.
"""

from __future__ import annotations

import argparse
import asyncio
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
    from bot.register.service import Register
    from bot.services.hygiene_hash import MessageHasher
    from bot.services.messages import Actor, Outgoing, PostedRef
    from bot.services.ports import Scanner
    from bot.services.runtime import Runtime

CARER_NAME = "Sam Carer"
INTRO = (
    "CareGuard console chat as {who}. Type /breach to report a breach, /help for commands, "
    "'/channel <text>' to post <text> in a team channel (name warnings), /quit to leave.{extra}"
)
DPO_EXTRA = (
    "\nAs a DPO you can act on alerts: /ack BR-YYYY-NNNN, /highrisk BR-..., /handover BR-..., "
    "/details BR-... ."
)
CHANNEL_ID = "console-channel"


def add_commands(sub: SubParsers) -> None:
    """Register ``chat``."""
    p = sub.add_parser("chat", help="talk to the bot in this terminal (no Teams needed)")
    p.add_argument("--as", dest="role", choices=("carer", "dpo"), default="carer")
    p.add_argument("--config", type=Path, default=None, help="organisation file (TOML)")
    p.add_argument("--person", default=None, help="with --as dpo: the person key in the file")
    p.add_argument(
        "--name", default=CARER_NAME, help=f"as a carer: your name (default {CARER_NAME})"
    )
    p.set_defaults(func=_chat)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.register.errors import RegisterError
    from bot.register.service import open_register
    from bot.settings import require_organisation

    organisation = require_organisation(settings)
    if not getattr(args, "verbose", False):  # library chatter would break up the conversation
        logging.getLogger().setLevel(logging.WARNING)
    try:
        register = open_register(settings, for_writing=True)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    try:
        from bot.app import hasher_for

        scanner = _detector(settings, organisation)
        return asyncio.run(
            run_chat(
                organisation,
                register,
                scanner,
                sys.stdin,
                sys.stdout,
                role=args.role,
                person_key=args.person,
                name=args.name,
                hasher=hasher_for(settings),
            )
        )
    finally:
        register.close()


def _detector(settings: Settings, organisation: Organisation) -> Scanner:
    from bot.cli.detection import detector_config
    from bot.services.scanning import DetectorScanner
    from nlp.detector import Detector
    from nlp.errors import DetectorError

    try:
        return DetectorScanner(Detector(detector_config(settings, organisation)))
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
        if channel_id.split(";", 1)[0] == CHANNEL_ID:
            return "the team channel"
        return f"channel {channel_id}"

    def _reply(self, where: str, message: Outgoing) -> None:
        from bot.services.messages import plain_text

        self._out.write(f"CareGuard{where}: {plain_text(message)}\n\n")
        self._out.flush()

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        """Print a private message (to you, or to someone else)."""
        from bot.services.messages import Actor as ActorType

        aad = person.aad_object_id
        if aad.casefold() == self._me.aad_object_id.casefold():
            self._reply(" (privately)", message)
            return None
        name = person.name if not isinstance(person, ActorType) else (person.name or aad)
        self._print(f"private message to {name}", message)
        return None

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef | None:
        """Print a reply in this chat (or in the team channel)."""
        self._reply(" (in the channel)" if conversation_id == CHANNEL_ID else "", message)
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


def console_actor(
    organisation: Organisation, role: str, person_key: str | None, name: str = CARER_NAME
) -> Actor:
    """Who is typing: an unlisted carer, or a DPO (or another listed person) from the file."""
    from bot.domain.errors import DomainError
    from bot.domain.routing import dpos
    from bot.services.messages import Actor

    if role == "carer":
        return Actor("console-carer", "carer@console.invalid", name)
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
    name: str = CARER_NAME,
    hasher: MessageHasher | None = None,
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
        name: With ``carer``: the carer's name.
        hasher: Keys name-warning hashes; without it name warnings are off.
        clock: Time source (default: the system clock).
        poll_interval: How often the timers are looked at.
    """
    from bot.domain.clock import SystemClock

    clock = clock or SystemClock()
    me = console_actor(organisation, role, person_key, name)
    runtime = _build(organisation, register, scanner, clock, hasher)
    notifier = ConsoleNotifier(stdout, me, organisation)
    for channel in ("console", "msteams", "whatsapp"):
        runtime.deliver_with(channel, notifier)
    await runtime.start()
    extra = DPO_EXTRA if role == "dpo" else ""
    stdout.write(INTRO.format(who=me.name, extra=extra) + "\n")
    async with runtime.running(poll_interval):
        await _loop(runtime, me, stdin, stdout)
    return 0


def _build(
    organisation: Organisation,
    register: Register,
    scanner: Scanner,
    clock: Clock,
    hasher: MessageHasher | None,
) -> Runtime:
    from bot.register.uow import SqlUnitOfWork
    from bot.services.runtime import build_runtime

    uow = SqlUnitOfWork(register.engine, register.cipher, clock)
    return build_runtime(
        organisation=organisation, uow=uow, scanner=scanner, clock=clock, hasher=hasher
    )


async def _loop(runtime: Runtime, me: Actor, stdin: TextIO, stdout: TextIO) -> None:
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
            await _one(runtime, me, text, stdout)
            await runtime.outbox.drain()


async def _one(runtime: Runtime, me: Actor, text: str, stdout: TextIO) -> None:
    from bot.services.messages import Incoming

    word, _, rest = text.partition(" ")
    channel = word.lower() == "/channel"
    if channel and not rest.strip():
        stdout.write("CareGuard: Type /channel and then the message to post in the channel.\n")
        return
    incoming = Incoming(
        channel="console",
        conversation_id=CHANNEL_ID if channel else "console",
        conversation_type="channel" if channel else "personal",
        actor=me,
        text=rest.strip() if channel else text,
        activity_id=uuid.uuid4().hex,
        team_id="console-team" if channel else None,
        channel_id=CHANNEL_ID if channel else None,
    )
    if channel:
        stdout.write(f"── you posted in the team channel ──\n{incoming.text}\n\n")
    await runtime.bot.on_message(incoming)
