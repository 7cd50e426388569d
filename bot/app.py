"""Composition root: settings → register → detector → services → aiohttp application.

``prepare`` does the slow, fallible work once, before the server listens (open and
check the register, load the organisation file, build the detector), so a bad
configuration ends the command with one clear line. ``make_runtime`` builds the bot, its
unit of work and its two workers (outbox delivery, timers); ``build_app`` wires them and
the Teams and WhatsApp endpoints into an aiohttp application whose start-up and shutdown
are tied to the server's lifecycle.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field

from aiohttp import web

from bot.access_log import run_app_options
from bot.cli.listen import listening_socket, url_of
from bot.cli.util import CommandError
from bot.domain.clock import Clock, SystemClock
from bot.domain.organisation import Organisation
from bot.health import HEALTH, Health, healthz, readyz
from bot.loop_tuning import background_priority, favour_the_loop
from bot.register.breaches.crypto import DEV_KEY_FILE, load_cipher
from bot.register.errors import RegisterError
from bot.register.keycheck import key_problem
from bot.register.service import Register, check_ready, open_register
from bot.register.state.refs import ConversationRefs
from bot.register.state.whatsapp_seen import WhatsAppSeenStore
from bot.register.uow import SqlTx, SqlUnitOfWork
from bot.services.delivery import DeliverySettings
from bot.services.hygiene_hash import HashKeyError, MessageHasher
from bot.services.ports import Scanner
from bot.services.runtime import Runtime, build_runtime
from bot.services.uow import Tx
from bot.settings import (
    Settings,
    SettingsError,
    require_organisation,
    require_production_secrets,
)
from bot.teams.references import DbReferences
from bot.teams.security import check_bot_identity
from bot.teams.server import TeamsOptions, attach_bot, mount_teams, start_teams
from bot.teams.transport import BotPort
from bot.whatsapp.cloud import CloudConfig
from bot.whatsapp.mount import attach_whatsapp_bot, mount_whatsapp, whatsapp_settings

log = logging.getLogger(__name__)

PRODUCTION_SECRETS = ("bot_app_id", "tenant_id", "register_key")
"""Settings production cannot run without (``require_production_secrets`` names them)."""
PRODUCTION_NEEDS = (*PRODUCTION_SECRETS, "config_path")
BOT_CREDENTIALS = (("bot_client_secret", "bot_certificate_file"),)
"""The bot proves who it is with a client secret or a certificate: one of them is needed."""


@dataclass
class Prepared:
    """What ``prepare`` built: the register, the organisation and the detector."""

    settings: Settings
    organisation: Organisation
    register: Register
    scanner: Scanner
    clock: Clock


BotFactory = Callable[["Prepared", Runtime], BotPort]
"""Builds the bot the Teams endpoint talks to (tests substitute their own)."""


@dataclass
class AppOptions:
    """Knobs for ``build_app`` (tests change them; production keeps the defaults).

    Attributes:
        teams: Outbound Bot Connector options (``bot.teams.server.TeamsOptions``).
        poll: Seconds between timer rounds and idle outbox rounds.
        bot_factory: The bot behind the endpoint; default: the runtime's ``CareGuardBot``.
        whatsapp_cloud: Adjusts the WhatsApp Cloud API configuration (tests).
        delivery: Outbox retry knobs (tests shorten them).
    """

    teams: TeamsOptions = field(default_factory=TeamsOptions)
    poll: float = 1.0
    bot_factory: BotFactory | None = None
    whatsapp_cloud: Callable[[CloudConfig], CloudConfig] | None = None
    delivery: DeliverySettings | None = None


def build_scanner(settings: Settings, organisation: Organisation | None = None) -> Scanner:
    """Build the detector once (slow: loads recognizers and any spaCy pipeline).

    The organisation's own contacts (``[contacts]`` in its file) are never flagged.
    """
    from bot.cli.detection import detector_config
    from bot.services.scanning import DetectorScanner
    from nlp.detector import Detector

    return DetectorScanner(Detector(detector_config(settings, organisation)))


def prepare(
    settings: Settings, *, clock: Clock | None = None, scanner: Scanner | None = None
) -> Prepared:
    """Check the configuration and open everything the server needs.

    Raises:
        SettingsError: a production secret or the organisation file is missing or bad, or
            the bot's PFX certificate does not parse.
        CommandError: the register cannot be opened, or the detector cannot be built.
    """
    if not settings.is_dev:
        # One message naming everything missing, the organisation file included.
        require_production_secrets(settings, PRODUCTION_NEEDS, one_of=BOT_CREDENTIALS)
        check_bot_identity(settings)  # a PFX that does not parse stops here, in one line
    organisation = require_organisation(settings)
    whatsapp = whatsapp_settings(settings)  # partly configured: one line, before any I/O
    clock = clock or SystemClock()
    try:  # for writing: a key that cannot open the register stops start-up here
        register = open_register(settings, clock, for_writing=True)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    if whatsapp is not None:
        try:
            WhatsAppSeenStore(register.engine).check_ready()
        except RegisterError as exc:
            register.close()
            raise CommandError(str(exc)) from None
    if scanner is None:
        from nlp.errors import DetectorError

        try:
            scanner = build_scanner(settings, organisation)
        except DetectorError as exc:
            register.close()
            raise CommandError(str(exc)) from None
    return Prepared(settings, organisation, register, scanner, clock)


def hasher_for(settings: Settings) -> MessageHasher:
    """The name-warning hasher: keyed from the register key, or the development key file.

    Raises:
        SettingsError: no register key in production, or an invalid key.
    """
    try:
        if settings.register_key is not None:
            return MessageHasher.from_register_key(settings.register_key.get_secret_value())
        load_cipher(settings)  # production: fails naming the key; development: creates the file
        key_file = settings.var_dir / DEV_KEY_FILE
        return MessageHasher.from_register_key(key_file.read_text(encoding="ascii"))
    except HashKeyError as exc:
        raise SettingsError(str(exc)) from None


def _adapter_fits_port(tx: SqlTx) -> Tx:
    """Never called: mypy checks here that the SQL adapter fits the services' port."""
    return tx


def make_runtime(
    prepared: Prepared,
    *,
    executor: Executor | None = None,
    delivery: DeliverySettings | None = None,
) -> Runtime:
    """The bot and its workers on the prepared register (no I/O)."""
    register = prepared.register
    uow = SqlUnitOfWork(register.engine, register.cipher, prepared.clock)
    return build_runtime(
        organisation=prepared.organisation,
        uow=uow,
        scanner=prepared.scanner,
        clock=prepared.clock,
        hasher=hasher_for(prepared.settings),
        delivery=delivery,
        scan_executor=executor,
    )


def build_app(prepared: Prepared | None, options: AppOptions | None = None) -> web.Application:
    """The aiohttp application (no I/O here; start-up work runs when the server starts).

    Args:
        prepared: From ``prepare``; ``None`` builds only the health checks.
        options: Test and tuning knobs.
    """
    app = web.Application(client_max_size=1024 * 1024)
    app[HEALTH] = Health()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    if prepared is None:
        return app
    options = options or AppOptions()
    url = prepared.settings.effective_database_url()
    app[HEALTH].database = lambda: check_ready(prepared.register.engine, url)
    app[HEALTH].register_key = lambda: key_problem(
        prepared.register.engine, prepared.register.cipher
    )
    mount_teams(app, prepared.settings)
    # WhatsApp only when its settings are present; the bot is attached at start-up.
    mount_whatsapp(
        app,
        prepared.settings,
        None,
        prepared.scanner,
        organisation=prepared.organisation,
        cloud_config=options.whatsapp_cloud,
        seen=WhatsAppSeenStore(prepared.register.engine),  # replays refused across restarts
    )
    app.cleanup_ctx.append(_lifecycle(prepared, options))
    return app


def _lifecycle(
    prepared: Prepared, options: AppOptions
) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        refs = DbReferences(ConversationRefs(prepared.register.engine, prepared.clock))
        parts = start_teams(prepared.settings, options.teams, refs)
        # One scan thread: the detector is CPU-bound Python, so more threads would only
        # contend for the GIL; the event loop stays free to answer within 2 s.
        scans = ThreadPoolExecutor(1, thread_name_prefix="scan", initializer=background_priority)
        runtime = make_runtime(prepared, executor=scans, delivery=options.delivery)
        runtime.deliver_with("msteams", parts.notifier)
        bot = options.bot_factory(prepared, runtime) if options.bot_factory else runtime.bot
        attach_bot(app, parts, bot)
        attach_whatsapp_bot(app, runtime)
        favour_the_loop()
        await runtime.start()
        health = app[HEALTH]
        health.runtime = runtime
        health.extra = lambda: {"pending_turns": parts.background.pending}
        async with runtime.running(options.poll):
            health.ready = True
            try:
                yield
            finally:
                health.ready = False
                await parts.background.drain(10.0)
        await parts.close()
        scans.shutdown(wait=False, cancel_futures=True)

    return lifecycle


def run(
    settings: Settings, *, host: str | None, port: int, options: AppOptions | None = None
) -> None:
    """Check the configuration, start the server and block until interrupted.

    The port is taken before the slow start-up work, so a port in use is reported at once
    (one line) rather than after the detector has loaded. ``options`` is for tests that
    run the server as its own process (the fault tests); the default is production's.

    Raises:
        CommandError: the host or port cannot be used, or as ``prepare``.
        SettingsError: as ``prepare``.
    """
    if settings.is_dev:
        if host not in (None, "127.0.0.1", "localhost", "::1"):
            raise CommandError("development mode listens on loopback only; drop --host")
        host = host or "127.0.0.1"
    host = host or "0.0.0.0"  # noqa: S104 - production listens on every interface
    sock = listening_socket(host, port)
    if settings.is_dev:
        log.warning("development mode: Bot Framework authentication is OFF; loopback only")
    try:
        prepared = prepare(settings)
    except BaseException:
        sock.close()
        raise
    # Development may talk to a local emulator or playground (http://localhost service URLs).
    options = options or AppOptions(teams=TeamsOptions(allow_loopback_connector=settings.is_dev))
    address = url_of(host, sock.getsockname()[1])
    try:
        app = build_app(prepared, options)
        web.run_app(
            app,
            sock=sock,
            # Called once every site is serving: the moment the bot can be reached.
            print=lambda _banner: log.info("listening on %s", address),
            **run_app_options(),
        )
    finally:
        sock.close()
        prepared.register.close()
