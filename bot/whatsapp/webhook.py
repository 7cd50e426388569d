"""WhatsApp Cloud API webhook: an aiohttp sub-app for ``/api/whatsapp``.

``GET`` answers Meta's verification handshake. ``POST`` reads the whole body (however
many TCP writes it arrives in; 413 beyond 1 MiB), checks ``X-Hub-Signature-256`` against
it before anything is parsed, drops duplicate and stale message ids (remembered through
the ``SeenIds`` port, in the register database in the server), and hands each new message
to an injected ``on_message`` coroutine. What is done with a
message (scanning, replying, the breach conversation) lives outside this module.

Off unless configured: the composition root mounts it only when the organisation has
a verify token and an app secret (:func:`add_whatsapp_webhook`).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.whatsapp.dedupe import MessageDeduper
from bot.whatsapp.signature import verify_signature

log = logging.getLogger(__name__)

PATH = "/api/whatsapp"
MAX_BODY_BYTES = 1024 * 1024
_LAST_TIMESTAMP = 253_402_300_799
"""9999-12-31T23:59:59Z: a Unix time beyond it is not a time ``datetime`` can hold."""
_CHALLENGE = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


@dataclass(frozen=True)
class WebhookConfig:
    """Secrets from the organisation's Meta app; both are required.

    Attributes:
        verify_token: the token typed into Meta's webhook settings.
        app_secret: the Meta app secret that signs every delivery.
    """

    verify_token: str
    app_secret: str

    def __post_init__(self) -> None:
        # An empty secret would accept anything signed with an empty key: refuse it.
        if not self.verify_token.strip():
            raise ValueError("WhatsApp webhook: verify_token must not be empty")
        if not self.app_secret.strip():
            raise ValueError("WhatsApp webhook: app_secret must not be empty")

    def __repr__(self) -> str:
        return "WebhookConfig(verify_token=***, app_secret=***)"


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One message sent to the organisation's WhatsApp Business number.

    Attributes:
        message_id: Meta's id (``wamid.…``), unique per message.
        sender: the sender's WhatsApp id (their phone number, digits only).
        sent_at: when it was sent (UTC).
        kind: ``text``, ``image``, ``interactive``, …
        text: the body of a text message; None for other kinds.
        phone_number_id: the business number it was sent to.
    """

    message_id: str
    sender: str
    sent_at: datetime
    kind: str
    text: str | None
    phone_number_id: str


MessageHandler = Callable[[InboundMessage], Awaitable[None]]

CONFIG_KEY = web.AppKey("whatsapp_config", WebhookConfig)
DEDUPER_KEY = web.AppKey("whatsapp_deduper", MessageDeduper)
HANDLER_KEY: web.AppKey[MessageHandler] = web.AppKey("whatsapp_handler")


def create_webhook_app(
    config: WebhookConfig, on_message: MessageHandler, *, deduper: MessageDeduper | None = None
) -> web.Application:
    """The sub-app; mount it at :data:`PATH` (its routes are the prefix itself).

    Args:
        config: The verify token and the app secret.
        on_message: Called once per new message.
        deduper: The replay guard (default: ids kept in memory only).
    """
    app = web.Application()
    app[CONFIG_KEY] = config
    app[DEDUPER_KEY] = deduper if deduper is not None else MessageDeduper()
    app[HANDLER_KEY] = on_message
    app.router.add_get("", verify_handshake)
    app.router.add_post("", receive)
    return app


def add_whatsapp_webhook(
    app: web.Application,
    config: WebhookConfig,
    on_message: MessageHandler,
    *,
    deduper: MessageDeduper | None = None,
) -> None:
    """Mount the webhook on ``app`` at ``/api/whatsapp`` (arguments as for the sub-app)."""
    app.add_subapp(PATH, create_webhook_app(config, on_message, deduper=deduper))


async def verify_handshake(request: web.Request) -> web.Response:
    """Meta's subscription check: echo ``hub.challenge`` when the token matches."""
    q = request.query
    mode, token, challenge = q.get("hub.mode"), q.get("hub.verify_token"), q.get("hub.challenge")
    if mode != "subscribe" or token is None or challenge is None:
        return web.Response(status=400, text="bad verification request")
    expected = request.app[CONFIG_KEY].verify_token.encode()
    if not hmac.compare_digest(token.encode(), expected):
        return web.Response(status=403, text="verify token mismatch")
    if not _CHALLENGE.match(challenge):
        return web.Response(status=400, text="bad challenge")
    return web.Response(text=challenge, content_type="text/plain")


async def read_body(request: web.Request) -> bytes | web.Response:
    """The whole body, however many writes it came in; the 4xx answer when it cannot be.

    ``StreamReader.read(n)`` returns what has arrived so far, which cut signed deliveries
    sent in several TCP writes short (and their signature then failed): read to the end.
    """
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return web.Response(status=413, text="body too large")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return web.Response(status=413, text="body too large")
            chunks.append(chunk)
    except (ConnectionError, asyncio.IncompleteReadError, HttpProcessingError):
        return web.Response(status=400, text="body could not be read")
    return b"".join(chunks)


async def receive(request: web.Request) -> web.Response:
    """A delivery: signature first, then parse, dedupe and hand over new messages."""
    body = await read_body(request)
    if isinstance(body, web.Response):
        return body
    secret = request.app[CONFIG_KEY].app_secret.encode()
    if not verify_signature(secret, body, request.headers.get("X-Hub-Signature-256")):
        log.warning("whatsapp webhook: rejected a delivery with a missing or bad signature")
        return web.Response(status=401, text="bad signature")
    try:
        messages = parse_messages(json.loads(body))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return web.Response(status=400, text="not a WhatsApp webhook payload")
    failed = await _dispatch(request.app, messages)
    # A 500 makes Meta retry; the ids that failed were forgotten, so the retry gets through.
    return web.Response(status=500 if failed else 200, text="error" if failed else "ok")


async def _is_new(deduper: MessageDeduper, msg: InboundMessage) -> bool | None:
    """True for a fresh message not handled before; None when that cannot be known."""
    if deduper.is_stale(msg.sent_at):
        return False
    try:
        return await deduper.first_time(msg.message_id)
    except Exception as exc:  # the database is down: Meta's retry will try again
        log.error("whatsapp webhook: replay check failed (%s)", type(exc).__name__)
        return None


async def _dispatch(app: web.Application, messages: list[InboundMessage]) -> int:
    """Hand new, fresh messages to the handler; returns how many failed."""
    deduper, handler = app[DEDUPER_KEY], app[HANDLER_KEY]
    failed = 0
    for msg in messages:
        new = await _is_new(deduper, msg)
        if new is None:
            failed += 1
        if not new:
            continue
        try:
            await handler(msg)
        except Exception as exc:
            # Never log the message: only the failure's type.
            log.error("whatsapp webhook: handler failed (%s)", type(exc).__name__)
            failed += 1
            try:
                await deduper.forget(msg.message_id)
            except Exception as forget_exc:
                log.error("whatsapp webhook: could not forget (%s)", type(forget_exc).__name__)
    return failed


def parse_messages(payload: object) -> list[InboundMessage]:
    """The messages in a Cloud API ``messages`` notification (statuses are ignored).

    Raises:
        ValueError, TypeError, KeyError, AttributeError: not the Cloud API shape.
    """
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        raise ValueError("not a WhatsApp Business Account notification")
    out: list[InboundMessage] = []
    for entry in payload.get("entry", []):
        for change in entry.get("changes", []):
            value = change.get("value", {})
            number_id = str(value.get("metadata", {}).get("phone_number_id", ""))
            out.extend(_message(m, number_id) for m in value.get("messages", []))
    return out


def _message(raw: dict[str, object], phone_number_id: str) -> InboundMessage:
    kind = str(raw.get("type", ""))
    text = raw.get("text")
    body = text.get("body") if kind == "text" and isinstance(text, dict) else None
    return InboundMessage(
        message_id=str(raw["id"]),
        sender=str(raw["from"]),
        sent_at=_sent_at(raw["timestamp"]),
        kind=kind,
        text=str(body) if body is not None else None,
        phone_number_id=phone_number_id,
    )


def _sent_at(value: object) -> datetime:
    """A Cloud API ``timestamp`` (Unix seconds, as a string) as an aware datetime.

    Raises:
        ValueError: not a whole number of seconds between 1970 and 9999.
    """
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(_LAST_TIMESTAMP)):
        raise ValueError("timestamp is not a Unix time")
    seconds = int(text)
    if seconds > _LAST_TIMESTAMP:
        raise ValueError("timestamp is not a Unix time")
    return datetime.fromtimestamp(seconds, tz=UTC)
