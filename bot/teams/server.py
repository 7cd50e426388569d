"""The Teams endpoint on an aiohttp application, and the pieces it is built from.

``TeamsOptions`` gathers the knobs; ``start_teams`` builds the connector, notifier and
transport inside the running loop (aiohttp sessions belong to a loop), and
``mount_teams`` adds ``POST /api/messages`` behind the Bot Framework token check.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import ClientSession, web
from microsoft_agents.hosting.core import AgentAuthConfiguration

from bot.settings import Settings
from bot.teams.background import Background
from bot.teams.connector import BotConnector, NoToken, RetryPolicy, TokenProvider
from bot.teams.notifier import MemoryReferences, ReferenceStore, TeamsNotifier
from bot.teams.ratelimit import ConversationLimiter
from bot.teams.security import (
    SERVICE_URLS,
    MsalTokens,
    auth_configuration,
    bot_auth_middleware,
)
from bot.teams.service_urls import ServiceUrls
from bot.teams.transport import BotPort, TeamsTransport

log = logging.getLogger(__name__)

TRANSPORT = web.AppKey("teams_transport", TeamsTransport)


@dataclass(frozen=True)
class TeamsOptions:
    """How the Teams front-end talks to the Bot Connector.

    Attributes:
        allow_loopback_connector: Allow ``http://127.0.0.1`` service URLs (the fake Bot
            Connector of tests and development). Never in production.
        only_loopback_connector: Allow loopback and nothing else (tests).
        retry: Timeouts and retries of outbound calls.
        limits: Per-conversation ``(sends, seconds)`` windows.
        background_limit: Turns handled at once after the HTTP answer.
        tokens: Token provider override (tests); default: MSAL in production, none in dev.
    """

    allow_loopback_connector: bool = False
    only_loopback_connector: bool = False
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    limits: tuple[tuple[int, float], ...] = ((7, 1.0), (60, 30.0))
    background_limit: int = 8
    tokens: TokenProvider | None = None


@dataclass
class TeamsParts:
    """The live Teams front-end (built at start-up, closed at shutdown)."""

    session: ClientSession
    connector: BotConnector
    notifier: TeamsNotifier
    store: ReferenceStore
    background: Background
    auth: AgentAuthConfiguration
    urls: ServiceUrls
    transport: TeamsTransport | None = None

    async def close(self) -> None:
        """Let running turns finish (briefly), then close the HTTP session."""
        await self.background.drain(10.0)
        await self.session.close()


def start_teams(
    settings: Settings, options: TeamsOptions, store: ReferenceStore | None = None
) -> TeamsParts:
    """Build the outbound side; call inside the running event loop."""
    auth = auth_configuration(settings)
    urls = ServiceUrls(
        allow_loopback=options.allow_loopback_connector,
        only_loopback=options.only_loopback_connector,
    )
    session = urls.client_session(options.retry.timeout)
    tokens: TokenProvider = options.tokens or (NoToken() if settings.is_dev else MsalTokens(auth))
    connector = BotConnector(
        session,
        tokens,
        urls,
        limiter=ConversationLimiter(options.limits),
        policy=options.retry,
    )
    store = store or MemoryReferences()
    notifier = TeamsNotifier(connector, store, tenant_id=settings.tenant_id)
    background = Background(options.background_limit)
    return TeamsParts(session, connector, notifier, store, background, auth, urls)


def _sdk_config(app: web.Application, auth: AgentAuthConfiguration) -> None:
    # The SDK's middleware reads this plain string key, so it cannot be an AppKey.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = auth


def attach_bot(app: web.Application, parts: TeamsParts, bot: BotPort) -> TeamsTransport:
    """Connect the bot to the endpoint (after start-up built it)."""
    transport = TeamsTransport(bot, parts.connector, parts.store, parts.background)
    parts.transport = transport
    app[SERVICE_URLS] = parts.urls  # the inbound check refuses what the connector would
    app[TRANSPORT] = transport
    _sdk_config(app, parts.auth)
    return transport


async def _messages(request: web.Request) -> web.StreamResponse:
    transport = request.app.get(TRANSPORT)
    if transport is None:
        return web.json_response({"error": "starting up"}, status=503)
    return await transport.handle(request)


def mount_teams(app: web.Application, settings: Settings) -> None:
    """Add ``POST /api/messages`` with the token check (before the app starts)."""
    _sdk_config(app, auth_configuration(settings))
    app.middlewares.append(bot_auth_middleware)
    app.router.add_post("/api/messages", _messages)


Factory = Callable[[TeamsParts], BotPort]
