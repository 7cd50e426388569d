"""Inbound token checks and the outbound service-URL guard, on the SDK's own code.

Inbound: the SDK's ``jwt_authorization_middleware`` (JWKS chosen from the token's
issuer, RS256 only, audience = our app id, issuer allow-list, tenant binding). It is
wrapped so that anything it does not expect (a header without ``kid``, say) is a 401,
never a 500.

Outbound: the SDK's ``OutboundHostValidator`` (https to Microsoft hosts only). Tests and
development may additionally allow the loopback fake Bot Connector, explicitly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import ClientSession, ClientTimeout, web
from microsoft_agents.hosting.aiohttp import jwt_authorization_middleware
from microsoft_agents.hosting.core import AgentAuthConfiguration, OutboundHostValidator
from microsoft_agents.hosting.core.authorization import AuthTypes

from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

UNAUTHORISED = {"error": "unauthorised"}
PROTECTED_PATHS = frozenset({"/api/messages"})


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    """The SDK's inbound token rules for these settings.

    Production: single-tenant, tokens must be for our app id and come from the Bot
    Framework or our own tenant (``validate_issuer``). Development: anonymous.
    """
    if settings.is_dev:
        return AgentAuthConfiguration(anonymous_allowed=True)
    secret = settings.bot_client_secret.get_secret_value() if settings.bot_client_secret else None
    certificate = settings.bot_certificate_file
    if secret is None and certificate is not None:
        if not certificate.is_file():
            raise SettingsError(f"CAREGUARD_BOT_CERTIFICATE_FILE: no such file: {certificate}")
        return AgentAuthConfiguration(
            auth_type=AuthTypes.certificate,
            client_id=settings.bot_app_id,
            tenant_id=settings.tenant_id,
            cert_pfx_file=str(certificate),
            anonymous_allowed=False,
            validate_issuer=True,
        )
    return AgentAuthConfiguration(
        client_id=settings.bot_app_id,
        tenant_id=settings.tenant_id,
        client_secret=secret,
        anonymous_allowed=False,
        validate_issuer=True,
    )


@web.middleware
async def bot_auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Check the Bot Framework token on protected paths; any failure is a 401.

    Expects ``app["agent_configuration"]`` (an ``AgentAuthConfiguration``), as the SDK does.
    """
    if request.path not in PROTECTED_PATHS or request.method != "POST":
        return await handler(request)
    passed = False

    async def authenticated(req: web.Request) -> web.StreamResponse:
        nonlocal passed
        passed = True
        return await handler(req)

    try:
        response: web.StreamResponse = await jwt_authorization_middleware(request, authenticated)
    except web.HTTPException:
        raise
    except Exception as exc:
        if passed:
            raise
        log.warning("token rejected (%s)", type(exc).__name__)
        return web.json_response(UNAUTHORISED, status=401)
    if not passed and response.status != 401:
        # The SDK answers a missing configuration with 500; to the caller that is a 401.
        return web.json_response(UNAUTHORISED, status=401)
    return response


_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class ServiceUrls:
    """Which Bot Connector URLs the bot may call.

    Args:
        allow_loopback: Also allow ``http(s)://127.0.0.1`` (the fake Bot Connector in tests
            and development). Never set in production.
        extra_hosts: More https hosts to allow (e.g. a sovereign-cloud connector).
        only_loopback: Allow nothing but loopback (tests: a stray Microsoft service URL in
            a sample must never reach the network).
    """

    def __init__(
        self,
        *,
        allow_loopback: bool = False,
        extra_hosts: tuple[str, ...] = (),
        only_loopback: bool = False,
    ) -> None:
        self._validator = OutboundHostValidator(list(extra_hosts), enabled=True)
        self.allow_loopback = allow_loopback or only_loopback
        self.only_loopback = only_loopback

    def is_allowed(self, url: str) -> bool:
        """True for Microsoft's https Bot Connector hosts (and loopback when allowed)."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        if self.allow_loopback and parts.hostname in _LOOPBACK_HOSTS:
            return parts.scheme in ("http", "https") and not parts.username
        return not self.only_loopback and bool(self._validator.is_allowed(url))

    def client_session(self, timeout: float) -> ClientSession:
        """An HTTP session for the Bot Connector.

        Production uses the SDK's SSRF-safe session (it also refuses private and loopback
        addresses after DNS resolution); the loopback allowance uses a plain session.
        """
        limit = ClientTimeout(total=timeout)
        if self.allow_loopback:
            return ClientSession(timeout=limit)
        session: ClientSession = self._validator.client({"timeout": limit})
        return session


BOT_FRAMEWORK_RESOURCE = "https://api.botframework.com"


class MsalTokens:
    """Production tokens for the Bot Connector (client credentials via the SDK's MSAL).

    MSAL caches the token and renews it shortly before it expires.

    Args:
        configuration: App id, tenant and secret (``auth_configuration``).
        timeout: Seconds to wait for Entra before giving up on this send.
    """

    def __init__(self, configuration: AgentAuthConfiguration, timeout: float = 15.0) -> None:
        from microsoft_agents.authentication.msal import MsalAuth

        self._auth = MsalAuth(configuration)
        self._timeout = timeout

    async def token(self) -> str | None:
        """A bearer token for ``https://api.botframework.com``."""
        return await asyncio.wait_for(
            self._auth.get_access_token(
                BOT_FRAMEWORK_RESOURCE, [f"{BOT_FRAMEWORK_RESOURCE}/.default"]
            ),
            self._timeout,
        )
