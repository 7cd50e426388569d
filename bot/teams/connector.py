"""Outbound calls to the Bot Connector service (Teams): send, reply, update, new 1:1 chat.

Written on aiohttp instead of using the SDK's ``ConnectorClient`` because that client
has no timeouts, no retries and no per-conversation pacing, and Teams needs all three:
it throttles with 429 (and Retry-After), and its front doors return 412/502/503/504
under load. Every call here has a timeout; 429/412/502/503/504 answers are retried
with exponential backoff (honouring Retry-After); sends are paced per conversation.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import aiohttp

from bot.retry import RetryPolicy as RetryPolicy  # re-exported: the Teams options name it
from bot.retry import TryAgain, retrying
from bot.teams.ratelimit import ConversationLimiter

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({412, 429, 502, 503, 504})


class TokenProvider(Protocol):
    """Gives the bearer token for calls to the Bot Connector (``None``: no header)."""

    async def token(self) -> str | None:
        """A valid access token for ``https://api.botframework.com``."""
        ...


class NoToken:
    """Development and tests: the loopback connector needs no token."""

    async def token(self) -> str | None:
        """Always ``None``."""
        return None


class UrlPolicy(Protocol):
    """Decides which service URLs the bot may call (the SSRF guard)."""

    def is_allowed(self, url: str) -> bool:
        """True when ``url`` may be called."""
        ...


class ConnectorError(Exception):
    """A call to the Bot Connector failed for good (after any retries).

    Attributes:
        status: The last HTTP status, or 0 when no answer came (timeout, refused).
    """

    def __init__(self, what: str, status: int) -> None:
        super().__init__(f"{what} failed (HTTP {status or 'no answer'})")
        self.status = status


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


@dataclass(frozen=True, slots=True)
class _Call:
    what: str
    method: str
    url: str
    body: Mapping[str, Any]
    conversation_id: str | None
    idempotent: bool


_REMEMBERED_UPDATES = 2048


class BotConnector:
    """A small Bot Connector REST client with timeouts, retries and pacing.

    Args:
        session: Used for every call (owned by the caller, e.g. the app's lifecycle).
        tokens: Bearer tokens for the calls.
        urls: Which service URLs may be called.
        limiter: Per-conversation pacing.
        policy: Timeouts and retries.
        sleep: Injected for tests.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        tokens: TokenProvider,
        urls: UrlPolicy,
        *,
        limiter: ConversationLimiter | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._session = session
        self._tokens = tokens
        self._urls = urls
        self._limiter = limiter or ConversationLimiter()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        # What each message was last replaced with, so an identical update (the services
        # refresh the alert for everyone, then the pressed card is refreshed) is sent once.
        self._last_update: OrderedDict[tuple[str, str], str] = OrderedDict()

    def _url(self, service_url: str, path: str) -> str:
        if not self._urls.is_allowed(service_url):
            raise ConnectorError("call to a service URL that is not allowed", 0)
        return service_url.rstrip("/") + path

    async def send(
        self, service_url: str, conversation_id: str, activity: Mapping[str, Any]
    ) -> str:
        """Post a new message in a conversation; returns the new message's id."""
        path = f"/v3/conversations/{quote(conversation_id, safe='')}/activities"
        call = _Call("send", "POST", self._url(service_url, path), activity, conversation_id, False)
        return str((await self._run(call)).get("id") or "")

    async def reply(
        self, service_url: str, conversation_id: str, reply_to: str, activity: Mapping[str, Any]
    ) -> str:
        """Reply to a message (threads in channels); returns the new message's id."""
        path = (
            f"/v3/conversations/{quote(conversation_id, safe='')}"
            f"/activities/{quote(reply_to, safe='')}"
        )
        call = _Call(
            "reply", "POST", self._url(service_url, path), activity, conversation_id, False
        )
        return str((await self._run(call)).get("id") or "")

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: Mapping[str, Any]
    ) -> None:
        """Replace a posted message for everyone (``update_activity``)."""
        path = (
            f"/v3/conversations/{quote(conversation_id, safe='')}"
            f"/activities/{quote(activity_id, safe='')}"
        )
        body = {**activity, "id": activity_id}
        key = (conversation_id.split(";", 1)[0], activity_id)
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if self._last_update.get(key) == digest:
            return
        await self._run(
            _Call("update", "PUT", self._url(service_url, path), body, conversation_id, True)
        )
        self._last_update[key] = digest
        self._last_update.move_to_end(key)
        while len(self._last_update) > _REMEMBERED_UPDATES:
            self._last_update.popitem(last=False)

    async def create_conversation(
        self, service_url: str, *, bot_id: str, user_id: str, tenant_id: str
    ) -> str:
        """Open (or find) the 1:1 chat between the bot and a user; returns its id.

        Teams answers with the existing chat when there is one, so this is idempotent.
        """
        params = {
            "bot": {"id": bot_id},
            "members": [{"id": user_id}],
            "isGroup": False,
            "tenantId": tenant_id,
            "channelData": {"tenant": {"id": tenant_id}},
        }
        call = _Call(
            "new chat", "POST", self._url(service_url, "/v3/conversations"), params, None, True
        )
        conversation_id = (await self._run(call)).get("id")
        if not isinstance(conversation_id, str) or not conversation_id:
            raise ConnectorError("new chat (no conversation id in the answer)", 200)
        return conversation_id

    async def team_details(self, service_url: str, team_id: str) -> Mapping[str, Any]:
        """A team's id and name (``GET /v3/teams/{id}``)."""
        path = f"/v3/teams/{quote(team_id, safe='')}"
        return await self._run(_Call("team", "GET", self._url(service_url, path), {}, None, True))

    async def team_channels(self, service_url: str, team_id: str) -> list[Mapping[str, Any]]:
        """A team's channels, ``[{"id", "name"}]`` (``GET /v3/teams/{id}/conversations``)."""
        path = f"/v3/teams/{quote(team_id, safe='')}/conversations"
        call = _Call("channels", "GET", self._url(service_url, path), {}, None, True)
        listed = (await self._run(call)).get("conversations")
        return [c for c in listed if isinstance(c, Mapping)] if isinstance(listed, list) else []

    async def _run(self, call: _Call) -> Mapping[str, Any]:
        async def attempt() -> Mapping[str, Any]:
            if call.conversation_id is not None:
                await self._limiter.acquire(call.conversation_id)
            try:
                status, answer, retry_after = await self._once(call)
            except (TimeoutError, aiohttp.ClientConnectionError) as exc:
                # A POST that timed out may have been delivered: do not send it twice.
                if not call.idempotent and not isinstance(exc, aiohttp.ClientConnectorError):
                    raise ConnectorError(call.what, 0) from None
                raise TryAgain(0) from None
            if answer is not None:
                return answer
            if status and status not in RETRY_STATUSES:
                raise ConnectorError(call.what, status)
            raise TryAgain(status, retry_after)

        def waiting(_attempt: int, delay: float, failure: TryAgain) -> None:
            log.info("%s: HTTP %s, retrying in %.1fs", call.what, failure.status or "-", delay)

        try:
            return await retrying(self._policy, attempt, sleep=self._sleep, before_wait=waiting)
        except TryAgain as exc:
            raise ConnectorError(call.what, exc.status) from None

    async def _once(self, call: _Call) -> tuple[int, Mapping[str, Any] | None, float | None]:
        headers = {"Content-Type": "application/json"}
        token = await self._tokens.token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        timeout = aiohttp.ClientTimeout(total=self._policy.timeout)
        async with self._session.request(
            call.method,
            call.url,
            json=dict(call.body) if call.method != "GET" else None,
            headers=headers,
            timeout=timeout,
        ) as resp:
            if 200 <= resp.status < 300:
                try:
                    payload = await resp.json(content_type=None)
                except ValueError:
                    payload = None
                return resp.status, payload if isinstance(payload, Mapping) else {}, None
            await resp.read()
            return resp.status, None, parse_retry_after(resp.headers.get("Retry-After"))
