"""WhatsApp Cloud API client: send a text message through the Graph API.

Every call has a timeout. Retries are limited to cases where the message cannot have
been sent, because a send is **not idempotent**: the Cloud API has no idempotency key,
so repeating a request that Meta may already have accepted can deliver the message
twice. Retried:

- a connection that failed before the request was written (refused, DNS, TLS set-up);
- 429, and Meta's rate-limit error codes (4, 80007, 130429, 131056) — Meta refused the
  request without acting on it; ``Retry-After`` is honoured (capped), and the pair
  limit (131056: too many messages to one person) waits 6 s;
- 503, or any answer whose Graph error says ``is_transient`` — the service says it
  did not do the work.

Not retried: a timeout or a dropped connection after the request was sent, and other
5xx answers (500, 502, 504): Meta may have delivered the message, and a second copy of
a warning or a question is worse than one the sender can ask for again. 4xx answers
(bad token, number not on WhatsApp, …) are permanent.

Errors and logs never carry the message text, the token or the full phone number.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.retry import RetryPolicy, TryAgain, retrying

log = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v21.0"
MAX_TEXT = 4096
"""The Cloud API's limit for a text message body (characters)."""
PAIR_RATE_LIMIT = 131056
RATE_LIMIT_CODES = frozenset({4, 80007, 130429, PAIR_RATE_LIMIT})
PAIR_WAIT = 6.0
"""Meta allows about one message every 6 s to the same person after a burst."""

_NOT_SENT = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)
"""Failures before the request was written: the message cannot have been sent."""

Sleep = Callable[[float], Awaitable[None]]


def redact_number(number: str) -> str:
    """A phone number as logs may show it: a short hash and the last three digits."""
    digits = "".join(ch for ch in number if ch.isdigit())
    digest = hashlib.sha256(digits.encode()).hexdigest()[:8]
    return f"#{digest}…{digits[-3:]}"


@dataclass(frozen=True)
class CloudConfig:
    """Where and how to send.

    Attributes:
        access_token: The Cloud API access token (a system user token).
        phone_number_id: The business number's id in Meta's WhatsApp Manager.
        graph_url: The Graph API base, with version (tests point it at loopback).
        timeout: Seconds for one attempt (connect, send and answer).
        attempts: Most attempts per message, the first included.
        base_delay: First back-off delay in seconds; doubles per retry.
        max_delay: Longest wait between attempts, ``Retry-After`` included.
    """

    access_token: str
    phone_number_id: str
    graph_url: str = DEFAULT_GRAPH_URL
    timeout: float = 10.0
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        if not self.access_token.strip() or not self.phone_number_id.strip():
            raise ValueError("WhatsApp Cloud API: access token and phone number id are required")
        if self.attempts < 1 or self.timeout <= 0:
            raise ValueError("WhatsApp Cloud API: attempts >= 1 and timeout > 0 required")

    def __repr__(self) -> str:
        return f"CloudConfig(phone_number_id={self.phone_number_id!r}, access_token=***)"

    @property
    def retry(self) -> RetryPolicy:
        """The shared retry policy with this client's limits (no jitter: one sender)."""
        return RetryPolicy(self.attempts, self.base_delay, self.max_delay, self.timeout, False)

    @property
    def messages_url(self) -> str:
        """The endpoint messages are posted to."""
        return f"{self.graph_url.rstrip('/')}/{self.phone_number_id}/messages"


class CloudSendError(Exception):
    """A message could not be sent. Carries no message text and no phone number.

    Attributes:
        status: The HTTP status, or None when no answer came.
        code: Meta's error code, when the answer had one.
        reason: A short, fixed description (``"timeout"``, ``"rejected"``, …).
    """

    def __init__(self, reason: str, status: int | None = None, code: int | None = None) -> None:
        super().__init__(f"WhatsApp send failed: {reason} (status {status}, code {code})")
        self.reason = reason
        self.status = status
        self.code = code


@dataclass(frozen=True)
class _Answer:
    status: int
    body: dict[str, Any]
    retry_after: float | None

    @property
    def error(self) -> dict[str, Any]:
        err = self.body.get("error")
        return err if isinstance(err, dict) else {}

    @property
    def code(self) -> int | None:
        code = self.error.get("code")
        return code if isinstance(code, int) else None

    def retryable(self) -> bool:
        if self.status == 429 or self.code in RATE_LIMIT_CODES:
            return True
        return self.status == 503 or (self.status >= 500 and self.error.get("is_transient") is True)


class CloudClient:
    """Sends WhatsApp messages for one business number.

    Args:
        session: An aiohttp session owned by the caller (closed by them).
        config: Token, number id, timeouts and retry limits.
        sleep: How to wait between attempts (tests pass a recorder).
    """

    def __init__(
        self, session: aiohttp.ClientSession, config: CloudConfig, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._session = session
        self._config = config
        self._sleep = sleep

    async def send_text(self, to: str, body: str) -> str:
        """Send ``body`` as a text message to the WhatsApp id ``to``.

        Long bodies are cut to the Cloud API's 4,096 characters.

        Returns:
            Meta's id for the sent message (``wamid.…``; empty if the answer had none).

        Raises:
            CloudSendError: when every allowed attempt failed, or on a permanent error.
        """
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": False, "body": _fit(body)},
        }
        answer = await self._with_retries(payload, redact_number(to))
        messages = answer.body.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict):
            return str(messages[0].get("id", ""))
        return ""

    async def _with_retries(self, payload: dict[str, Any], who: str) -> _Answer:
        async def attempt() -> _Answer:
            try:
                answer = await self._post(payload)
            except _NOT_SENT:
                raise TryAgain(0) from None  # nothing reached Meta: safe to try again
            if answer.status < 300:
                return answer
            if not answer.retryable():
                raise _Final(answer)
            wait = answer.retry_after
            if answer.code == PAIR_RATE_LIMIT:
                wait = max(wait or 0.0, PAIR_WAIT)
            raise TryAgain(answer.status, wait, answer.code)

        try:
            return await retrying(self._config.retry, attempt, sleep=self._sleep)
        except _Final as final:
            status, code = final.answer.status, final.answer.code
        except TryAgain as last:
            if not last.status:
                log.debug("whatsapp send to %s failed: cannot connect", who)
                raise CloudSendError("cannot connect") from None
            status, code = last.status, last.code
        # DEBUG: the caller decides how loud a failed send is (it gets the error).
        log.debug("whatsapp send to %s failed: status %s, code %s", who, status, code)
        raise CloudSendError("rejected", status, code)

    async def _post(self, payload: dict[str, Any]) -> _Answer:
        cfg = self._config
        headers = {"Authorization": f"Bearer {cfg.access_token}"}
        # A separate connect limit tells "never connected" (retried) from "no answer".
        timeout = aiohttp.ClientTimeout(total=cfg.timeout, sock_connect=min(cfg.timeout, 5.0))
        try:
            async with self._session.post(
                cfg.messages_url, json=payload, headers=headers, timeout=timeout
            ) as resp:
                raw = await resp.read()
                return _Answer(resp.status, _json(raw), _retry_after(resp.headers))
        except _NOT_SENT:
            raise
        except TimeoutError as exc:
            # The request may have reached Meta: never repeated (see the module docstring).
            raise CloudSendError("timeout") from exc
        except aiohttp.ClientError as exc:
            raise CloudSendError(f"connection lost ({type(exc).__name__})") from exc


class _Final(Exception):  # noqa: N818 - not an error of ours
    """An answer that no retry changes (a 4xx from Meta)."""

    def __init__(self, answer: _Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


def _fit(body: str) -> str:
    return body if len(body) <= MAX_TEXT else body[: MAX_TEXT - 1] + "…"


def _json(raw: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
