"""Which Bot Connector service URLs the bot may store and call: Teams' own hosts only.

An activity's ``serviceUrl`` is where the bot sends its replies, with its outbound bearer
token, and where stored conversation references point for later alerts. Only the hosts
of the Teams channel's Bot Connector in Microsoft's public cloud are allowed, matched
exactly: the public-cloud list of Microsoft's Teams SDK (``CloudEnvironment.PUBLIC``
``allowedServiceUrls``) without the US Government Community Cloud host, which a UK
tenant never gets. The Agents SDK's ``OutboundHostValidator`` default list is much wider
(any ``*.botframework.com``, ``graph.microsoft.com``, ``sharepoint.com``, ``svc.ms``,
``blob.core.windows.net``): hosts where anyone can publish content, or that are not a
Bot Connector at all. See ``docs/teams-bot.md`` ("Service URLs").
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from aiohttp import ClientSession, ClientTimeout
from microsoft_agents.hosting.core import OutboundHostValidator

TEAMS_CONNECTOR_HOSTS = frozenset(
    {
        # The Teams Bot Connector behind Azure Traffic Manager; the path names the
        # region (/amer/, /emea/, /apac/, /uk/, /teams/, /amer-client-ss.msg/, ...).
        "smba.trafficmanager.net",
        # Its newer public-cloud front door, in the same Teams SDK list.
        "smba.onyx.prod.teams.trafficmanager.net",
    }
)
"""Exact host names (no sub-domains) of the Teams Bot Connector in the public cloud."""

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def _parts(url: str) -> SplitResult | None:
    """``url`` split, or None when it does not parse (a bad port number included)."""
    try:
        parts = urlsplit(url)
        _port = parts.port
    except ValueError:
        return None
    return parts


def _is_teams_connector(url: str) -> bool:
    parts = _parts(url)
    if parts is None or parts.scheme != "https" or parts.query or parts.fragment:
        return False
    host = parts.hostname or ""
    # netloc equal to the host (or host:443) also rules out user info ("x@host").
    return host in TEAMS_CONNECTOR_HOSTS and parts.netloc.casefold() in {host, f"{host}:443"}


def _is_loopback(url: str) -> bool:
    parts = _parts(url)
    return (
        parts is not None
        and parts.scheme in ("http", "https")
        and parts.hostname in _LOOPBACK_HOSTS
        and parts.username is None
        and parts.password is None
    )


class ServiceUrls:
    """Which Bot Connector URLs the bot may store and call.

    Args:
        allow_loopback: Also allow ``http(s)://127.0.0.1`` (the fake Bot Connector in tests
            and development). Never set in production.
        only_loopback: Allow nothing but loopback (tests: a stray Microsoft service URL in
            a sample must never reach the network).
    """

    def __init__(self, *, allow_loopback: bool = False, only_loopback: bool = False) -> None:
        self.allow_loopback = allow_loopback or only_loopback
        self.only_loopback = only_loopback

    def is_allowed(self, url: str) -> bool:
        """True for the Teams Bot Connector's https hosts (and loopback when allowed)."""
        if not isinstance(url, str) or any(ord(c) <= 0x20 or c == "\x7f" for c in url):
            return False
        if self.allow_loopback and _is_loopback(url):
            return True
        return not self.only_loopback and _is_teams_connector(url)

    def client_session(self, timeout: float) -> ClientSession:
        """An HTTP session for the Bot Connector.

        Production uses the SDK's SSRF-safe session restricted to the Teams hosts (it also
        refuses private and loopback addresses after DNS resolution); the loopback
        allowance uses a plain session.
        """
        limit = ClientTimeout(total=timeout)
        if self.allow_loopback:
            return ClientSession(timeout=limit)
        validator = OutboundHostValidator(
            sorted(TEAMS_CONNECTOR_HOSTS), enabled=True, include_default_microsoft_hosts=False
        )
        session: ClientSession = validator.client({"timeout": limit})
        return session
