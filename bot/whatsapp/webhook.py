"""WhatsApp Cloud API webhook: an aiohttp sub-app for ``/api/whatsapp``.

``GET`` answers Meta's verification handshake. ``POST`` checks ``X-Hub-Signature-256``
against the raw body before anything is parsed, drops duplicate and stale message ids,
and hands each new message to an injected ``on_message`` coroutine. What is done with a
message (scanning, replying, the breach conversation) lives outside this module.

Off unless configured: the composition root mounts it only when the organisation has
a verify token and an app secret (:func:`add_whatsapp_webhook`).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from bot.whatsapp.dedupe import MessageDeduper
from bot.whatsapp.signature import verify_signature

log = logging.getLogger(__name__)

PATH = "/api/whatsapp"
MAX_BODY_BYTES = 1024 * 1024
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
    """The sub-app; mount it at :data:`PATH` (its routes are the prefix itself)."""
    app = web.Application()
    app[CONFIG_KEY] = config
    app[DEDUPER_KEY] = deduper if deduper is not None else MessageDeduper()
    app[HANDLER_KEY] = on_message
    app.router.add_get("", verify_handshake)
    app.router.add_post("", receive)
    return app


def add_whatsapp_webhook(
    app: web.Application, config: WebhookConfig, on_message: MessageHandler
) -> None:
    """Mount the webhook on ``app`` at ``/api/whatsapp``."""
    app.add_subapp(PATH, create_webhook_app(config, on_message))


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


async def receive(request: web.Request) -> web.Response:
    """A delivery: signature first, then parse, dedupe and hand over new messages."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return web.Response(status=413, text="body too large")
    body = await request.content.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return web.Response(status=413, text="body too large")
    secret = request.app[CONFIG_KEY].app_secret.encode()
    if not verify_signature(secret, body, request.headers.get("X-Hub-Signature-256")):
        log.warning("whatsapp webhook: rejected a delivery with a missing or bad signature")
        return web.Response(status=401, text="bad signature")
    try:
        messages = parse_messages(json.loads(body))
    except (ValueError, TypeError, KeyError, AttributeError):
        return web.Response(status=400, text="not a WhatsApp webhook payload")
    failed = await _dispatch(request.app, messages)
    # A 500 makes Meta retry; the ids that failed were forgotten, so the retry gets through.
    return web.Response(status=500 if failed else 200, text="error" if failed else "ok")


async def _dispatch(app: web.Application, messages: list[InboundMessage]) -> int:
    """Hand new, fresh messages to the handler; returns how many failed."""
    deduper, handler = app[DEDUPER_KEY], app[HANDLER_KEY]
    failed = 0
    for msg in messages:
        if deduper.is_stale(msg.sent_at) or not deduper.first_time(msg.message_id):
            continue
        try:
            await handler(msg)
        except Exception as exc:
            # Never log the message: only the failure's type.
            log.error("whatsapp webhook: handler failed (%s)", type(exc).__name__)
            deduper.forget(msg.message_id)
            failed += 1
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
        sent_at=datetime.fromtimestamp(int(str(raw["timestamp"])), tz=UTC),
        kind=kind,
        text=str(body) if body is not None else None,
        phone_number_id=phone_number_id,
    )
