"""Who may post activities: the SDK's token check, CareGuard's rules on top, start-up checks.

Inbound, the SDK's ``jwt_authorization_middleware`` checks the signature (JWKS chosen from
the token's issuer, RS256 only), the audience (our app id) and its issuer allow-list. On
the claims it verified, :func:`claims_problem` then adds what the SDK does not enforce:

- the issuer is the Bot Framework channel service, ``https://api.botframework.com``, the
  only issuer of the tokens the Teams channel sends with activities. The SDK also accepts
  Entra tokens of our own tenant and of Microsoft's first-party tenants (meant for
  agent-to-agent calls); any app registration in our tenant can get an app-only token for
  our app id, so those never speak for Teams here;
- ``exp`` is present and a number, ``nbf`` a number when present, both checked with the
  one leeway :data:`CLOCK_SKEW` (PyJWT accepts a token without ``exp``, and numeric
  strings);
- ``serviceurl`` is present: the channel's tokens name the service URL they were issued
  for, and :func:`inbound_problem` requires the activity's ``serviceUrl`` to be exactly
  that URL and on the Teams allow-list (``bot.teams.service_urls``).

Only a request that passed all of this carries :data:`VOUCHED`; the transport takes the
sender's identity (``from.aadObjectId``) from no other. Anything the SDK does not expect
is a 401, never a 500.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeGuard

from aiohttp import web
from microsoft_agents.hosting.aiohttp import jwt_authorization_middleware
from microsoft_agents.hosting.core import AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization import AuthTypes

from bot.settings import Settings, SettingsError
from bot.teams.service_urls import ServiceUrls

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

UNAUTHORISED = {"error": "unauthorised"}
PROTECTED_PATHS = frozenset({"/api/messages"})

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
ACCEPTED_ISSUERS = frozenset({BOT_FRAMEWORK_ISSUER})
"""Issuers of tokens that may come with an activity (the Teams channel's Bot Connector)."""

CLOCK_SKEW = 300.0
"""Seconds of clock skew allowed on ``exp`` and ``nbf``: the one place it is stated.

Five minutes, the industry standard Microsoft's Bot Connector documentation names. The
SDK's ``JwtTokenValidator`` hard-codes the same 300 s; :func:`claims_problem` checks
again with this value, so it may be lowered here but never raised above the SDK's.
"""


@dataclass(frozen=True, slots=True)
class Vouched:
    """A request passed the token check.

    Attributes:
        service_url: The ``serviceurl`` claim of its token; None for an anonymous
            request, which only development mode lets through.
    """

    service_url: str | None


VOUCHED = web.RequestKey("careguard_vouched", Vouched)
SERVICE_URLS = web.AppKey("careguard_service_urls", ServiceUrls)
"""The allow-list in force (set when the Teams front-end starts)."""


def check_certificate(path: Path) -> None:
    """Fail with one line unless ``path`` is a PFX the SDK can use (key + certificate).

    The SDK hands the file to MSAL without a password, so it must have none. Nothing
    read from the file is ever put in the message.

    Raises:
        SettingsError: naming ``CAREGUARD_BOT_CERTIFICATE_FILE``.
    """
    from cryptography.hazmat.primitives.serialization import pkcs12

    name = "CAREGUARD_BOT_CERTIFICATE_FILE"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SettingsError(
            f"{name}: cannot read {path} ({exc.strerror or 'unreadable'})"
        ) from None
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, None)
    except (ValueError, TypeError):
        raise SettingsError(
            f"{name}: {path} is not a PFX (PKCS#12) certificate readable without a password"
        ) from None
    if key is None or certificate is None:
        raise SettingsError(f"{name}: {path} must hold the private key and its certificate")
    expired = certificate.not_valid_after_utc
    if expired < datetime.now(UTC):
        raise SettingsError(f"{name}: the certificate in {path} expired on {expired:%Y-%m-%d}")


def check_bot_identity(settings: Settings) -> None:
    """Production start-up: the bot's certificate, when it proves who the bot is, is usable.

    (``Settings`` itself refuses a ``CAREGUARD_TENANT_ID`` that is not a GUID.)

    Raises:
        SettingsError: one line naming the setting.
    """
    if settings.is_dev:
        return
    if settings.bot_client_secret is None and settings.bot_certificate_file is not None:
        check_certificate(settings.bot_certificate_file)


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    """The SDK's inbound token rules for these settings.

    Production: single-tenant, tokens must be for our app id and pass the SDK's issuer
    allow-list (``validate_issuer``); :func:`claims_problem` narrows it further.
    Development: anonymous.

    Raises:
        SettingsError: as :func:`check_bot_identity`.
    """
    if settings.is_dev:
        return AgentAuthConfiguration(anonymous_allowed=True)
    check_bot_identity(settings)
    secret = settings.bot_client_secret.get_secret_value() if settings.bot_client_secret else None
    certificate = settings.bot_certificate_file
    if secret is None and certificate is not None:
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


def _is_time(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def claims_problem(claims: Mapping[str, Any], now: float) -> str | None:
    """Why verified claims may not come with an activity; None when they may.

    The answer names the rule, never a claim's value (it is logged).
    """
    if claims.get("iss") not in ACCEPTED_ISSUERS:
        return "issuer is not the Bot Framework"
    exp = claims.get("exp")
    if not _is_time(exp):
        return "exp missing or not a number"
    if now > exp + CLOCK_SKEW:
        return "expired"
    if "nbf" in claims:
        nbf = claims["nbf"]
        if not _is_time(nbf):
            return "nbf not a number"
        if now < nbf - CLOCK_SKEW:
            return "not yet valid"
    service_url = claims.get("serviceurl")
    if not isinstance(service_url, str) or not service_url:
        return "no serviceurl claim"
    return None


def _unauthorised() -> web.Response:
    return web.json_response(UNAUTHORISED, status=401)


def _vouch(request: web.Request) -> web.Response | None:
    """Mark ``request`` as vouched for, or return the 401 that refuses it."""
    claims = getattr(request.get("claims_identity"), "claims", None)
    if not claims:
        configuration = request.app.get("agent_configuration")
        if getattr(configuration, "ANONYMOUS_ALLOWED", False) is True:
            request[VOUCHED] = Vouched(None)
            return None
        log.warning("token refused (no claims)")
        return _unauthorised()
    problem = claims_problem(claims, time.time())
    if problem is not None:
        log.warning("token refused (%s)", problem)
        return _unauthorised()
    request[VOUCHED] = Vouched(str(claims["serviceurl"]))
    return None


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
        refusal = _vouch(req)
        if refusal is not None:
            return refusal
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
        return _unauthorised()
    if not passed and response.status != 401:
        # The SDK answers a missing configuration with 500; to the caller that is a 401.
        return _unauthorised()
    return response


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/").casefold() == b.rstrip("/").casefold()


def inbound_problem(request: web.Request, service_url: str | None) -> str | None:
    """Why an activity aimed at ``service_url`` may not be handled; None when it may.

    It may only when its request passed the token check, the token's ``serviceurl`` is
    the activity's ``serviceUrl``, and that URL is on the allow-list.
    """
    vouched = request.get(VOUCHED)
    if vouched is None:
        return "the request did not pass the token check"
    if vouched.service_url is not None and (
        service_url is None or not _same_url(service_url, vouched.service_url)
    ):
        return "serviceUrl is not the one the token was issued for"
    urls = request.app.get(SERVICE_URLS)
    if service_url is not None and (urls is None or not urls.is_allowed(service_url)):
        return "serviceUrl is not a Teams Bot Connector URL"
    return None


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
