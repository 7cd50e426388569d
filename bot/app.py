"""Composition root: settings → register → detector → services → aiohttp application.

``prepare`` does the slow, fallible work once, before the server listens (open and
check the register, load the organisation file, build the detector), so a bad
configuration ends the command with one clear line. ``build_app`` then wires the bot,
the Teams endpoint and the scheduler worker into an aiohttp application whose
start-up and shutdown are tied to the server's lifecycle.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from aiohttp import web

from bot.access_log import PathOnlyAccessLogger
from bot.cli.util import CommandError
from bot.domain.clock import Clock, SystemClock
from bot.domain.organisation import Organisation
from bot.register.errors import RegisterError
from bot.register.jobs.store import SchedulerStore
from bot.register.jobs.worker import HandlerRegistry, Worker
from bot.register.service import Register, check_ready, open_register
from bot.register.state.store import BotStateStore
from bot.services.ports import Scanner
from bot.settings import Settings, require_organisation, require_production_secrets
from bot.teams.notifier import TeamsNotifier
from bot.teams.references import DbReferences
from bot.teams.server import TRANSPORT, TeamsOptions, attach_bot, mount_teams, start_teams
from bot.teams.transport import BotPort
from bot.whatsapp.cloud import CloudConfig
from bot.whatsapp.mount import attach_whatsapp_bot, mount_whatsapp

if TYPE_CHECKING:
    from bot.services.hygiene import HygieneService

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


class ServedBot(BotPort, Protocol):
    """The bot as the server uses it: turns, plus its scheduler handlers."""

    def register_handlers(self, registry: HandlerRegistry) -> None: ...


BotFactory = Callable[["Prepared", TeamsNotifier, Executor], ServedBot]


@dataclass
class AppOptions:
    """Knobs for ``build_app`` (tests change them; production keeps the defaults).

    Attributes:
        teams: Outbound Bot Connector options (``bot.teams.server.TeamsOptions``).
        scheduler_poll: Seconds between scheduler polls when idle.
        bot_factory: Builds the bot from the prepared parts and the Teams notifier;
            default: ``bot.services.bot.create_bot``.
        whatsapp_cloud: Adjusts the WhatsApp Cloud API configuration (tests).
    """

    teams: TeamsOptions = field(default_factory=TeamsOptions)
    scheduler_poll: float = 1.0
    bot_factory: BotFactory | None = None
    whatsapp_cloud: Callable[[CloudConfig], CloudConfig] | None = None


def build_scanner(settings: Settings) -> Scanner:
    """Build the detector once (slow: loads recognizers and any spaCy pipeline)."""
    from bot.services.scanning import DetectorScanner
    from nlp.detector import Detector, DetectorConfig

    config = DetectorConfig(
        spacy_model=settings.spacy_model,
        clients_csv=settings.clients_csv,
        staff_csv=settings.staff_csv,
    )
    return DetectorScanner(Detector(config))


def prepare(
    settings: Settings, *, clock: Clock | None = None, scanner: Scanner | None = None
) -> Prepared:
    """Check the configuration and open everything the server needs.

    Raises:
        SettingsError: a production secret or the organisation file is missing or bad.
        CommandError: the register cannot be opened, or the detector cannot be built.
    """
    if not settings.is_dev:
        # One message naming everything missing, the organisation file included.
        require_production_secrets(settings, PRODUCTION_NEEDS, one_of=BOT_CREDENTIALS)
    organisation = require_organisation(settings)
    clock = clock or SystemClock()
    try:
        register = open_register(settings, clock)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    if scanner is None:
        from nlp.errors import DetectorError

        try:
            scanner = build_scanner(settings)
        except DetectorError as exc:
            register.close()
            raise CommandError(str(exc)) from None
    return Prepared(settings, organisation, register, scanner, clock)


def _hygiene(prepared: Prepared, executor: Executor) -> HygieneService:
    from bot.register.state.hygiene import HygieneStore
    from bot.services.hygiene import HygieneService
    from bot.services.hygiene_hash import hasher_for

    return HygieneService(
        store=HygieneStore(prepared.register.engine),
        scanner=prepared.scanner,
        hasher=hasher_for(prepared.settings),
        clock=prepared.clock,
        organisation=prepared.organisation,
        repository=prepared.register.repository,
        executor=executor,
    )


def _default_bot(prepared: Prepared, notifier: TeamsNotifier, executor: Executor) -> ServedBot:
    from bot.services.bot import create_bot

    register = prepared.register
    hygiene = _hygiene(prepared, executor)
    bot = create_bot(
        organisation=prepared.organisation,
        register=register,
        scheduler=SchedulerStore(register.engine, prepared.clock),
        notifier=notifier,
        scanner=prepared.scanner,
        clock=prepared.clock,
        hygiene=hygiene,
    )
    # A name warning a DPO turns into a breach is alerted and escalated like any report.
    hygiene.connect_filing(bot.filing.file_recorded)
    return bot


@dataclass
class _Health:
    ready: bool = False
    worker: asyncio.Task[None] | None = None
    problems: list[str] = field(default_factory=list)


HEALTH = web.AppKey("health", _Health)
PREPARED = web.AppKey("prepared", Prepared)


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _readyz(request: web.Request) -> web.Response:
    health = request.app[HEALTH]
    prepared = request.app.get(PREPARED)
    checks: dict[str, bool] = {"started": health.ready}
    if prepared is not None:
        url = prepared.settings.effective_database_url()
        try:
            await asyncio.wait_for(
                asyncio.to_thread(check_ready, prepared.register.engine, url), 2.0
            )
            checks["database"] = True
        except Exception:  # any failure means "not ready"; the type is enough to log
            checks["database"] = False
        checks["detector"] = prepared.scanner is not None
    checks["scheduler"] = health.worker is not None and not health.worker.done()
    ok = all(checks.values())
    body: dict[str, object] = {"ready": ok, "checks": checks}
    transport = request.app.get(TRANSPORT)
    if transport is not None:
        body["pending_turns"] = transport.background.pending  # work after the answers
    return web.json_response(body, status=200 if ok else 503)


def build_app(prepared: Prepared | None, options: AppOptions | None = None) -> web.Application:
    """The aiohttp application (no I/O here; start-up work runs when the server starts).

    Args:
        prepared: From ``prepare``; ``None`` builds only the health checks.
        options: Test and tuning knobs.
    """
    app = web.Application(client_max_size=1024 * 1024)
    app[HEALTH] = _Health()
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    if prepared is None:
        return app
    options = options or AppOptions()
    app[PREPARED] = prepared
    mount_teams(app, prepared.settings)
    # WhatsApp only when its settings are present; the bot is attached at start-up.
    mount_whatsapp(
        app,
        prepared.settings,
        None,
        prepared.scanner,
        organisation=prepared.organisation,
        cloud_config=options.whatsapp_cloud,
    )
    app.cleanup_ctx.append(_lifecycle(prepared, options))
    return app


def _favour_the_loop() -> None:
    """Keep the event loop answering quickly while background turns use threads.

    The services run database calls and scans in threads; Python gives a thread that
    wants the GIL a turn only every switch interval (5 ms by default), so under load
    each HTTP answer could wait several intervals. A shorter interval and a small pool
    keep the loop's waits short; throughput of the background work is unchanged.
    """
    sys.setswitchinterval(0.0005)
    # The detector's models are millions of long-lived objects; a full garbage collection
    # walking them stalls every thread for about 100 ms. Freezing what exists after
    # start-up keeps them out of collections (new objects are collected as usual).
    gc.collect()
    gc.freeze()
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(2, thread_name_prefix="io", initializer=_background_priority)
    loop.set_default_executor(pool)


def _background_priority() -> None:
    """Run this worker thread at a lower CPU priority than the event loop (Linux).

    Under load the operating system then gives the core to the thread that answers
    Teams first; the background work still gets every idle moment.
    """
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


def _lifecycle(
    prepared: Prepared, options: AppOptions
) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        register = prepared.register
        state = BotStateStore(register.engine, register.cipher, prepared.clock)
        parts = start_teams(prepared.settings, options.teams, DbReferences(state))
        # One scan thread: the detector is CPU-bound Python, so more threads would only
        # contend for the GIL; the event loop stays free to answer within 2 s.
        scans = ThreadPoolExecutor(1, thread_name_prefix="scan", initializer=_background_priority)
        bot = (options.bot_factory or _default_bot)(prepared, parts.notifier, scans)
        attach_bot(app, parts, bot)
        attach_whatsapp_bot(app, bot)
        registry = HandlerRegistry()
        bot.register_handlers(registry)
        worker = Worker(SchedulerStore(register.engine, prepared.clock), registry)
        stop = asyncio.Event()
        _favour_the_loop()
        health = app[HEALTH]
        health.worker = asyncio.get_running_loop().create_task(
            worker.run_worker(stop, options.scheduler_poll)
        )
        health.ready = True
        try:
            yield
        finally:
            health.ready = False
            stop.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(health.worker, 10.0)
            await parts.close()
            scans.shutdown(wait=False, cancel_futures=True)

    return lifecycle


def run(settings: Settings, *, host: str | None, port: int) -> None:
    """Check the configuration, start the server and block until interrupted."""
    if settings.is_dev:
        if host not in (None, "127.0.0.1", "localhost", "::1"):
            raise CommandError("development mode listens on loopback only; drop --host")
        host = "127.0.0.1"
        log.warning("development mode: Bot Framework authentication is OFF; loopback only")
    if not log.isEnabledFor(logging.DEBUG):
        # Presidio announces every recognizer it loads at INFO; that is noise here.
        logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    prepared = prepare(settings)
    # Development may talk to a local emulator or playground (http://localhost service URLs).
    options = AppOptions(teams=TeamsOptions(allow_loopback_connector=settings.is_dev))
    try:
        app = build_app(prepared, options)
        web.run_app(
            app,
            host=host or "0.0.0.0",  # noqa: S104
            port=port,
            print=None,
            access_log_class=PathOnlyAccessLogger,
        )
    finally:
        prepared.register.close()
