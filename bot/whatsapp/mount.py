"""Mount the WhatsApp Cloud API webhook on the server, only when it is configured.

For the composition root (``bot.app``)::

    mount_whatsapp(app, settings, None, prepared.scanner, organisation=prepared.organisation,
                   seen=WhatsAppSeenStore(prepared.register.engine))
    ...  # later, in start-up, once the bot exists:
    attach_whatsapp_bot(app, bot)

Both are no-ops when none of the WhatsApp settings is set. Setting some but not all of
them is a mistake that fails start-up with ``SettingsError`` naming what is missing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from bot.domain.organisation import Organisation
from bot.services.ports import Scanner
from bot.services.runtime import Runtime
from bot.settings import Settings, SettingsError
from bot.whatsapp.bridge import BotLike, BotSource, WhatsAppBridge
from bot.whatsapp.cloud import CloudClient, CloudConfig
from bot.whatsapp.dedupe import MessageDeduper, SeenIds
from bot.whatsapp.notifier import WhatsAppNotifier
from bot.whatsapp.staff import StaffDirectory
from bot.whatsapp.webhook import WebhookConfig, add_whatsapp_webhook

log = logging.getLogger(__name__)

REQUIRED = (
    "whatsapp_verify_token",
    "whatsapp_app_secret",
    "whatsapp_access_token",
    "whatsapp_phone_number_id",
)
"""Settings that switch the webhook on; all four or none."""

BRIDGE = web.AppKey("whatsapp_bridge", WhatsAppBridge)
NOTIFIER = web.AppKey("whatsapp_notifier", WhatsAppNotifier)


@dataclass(frozen=True)
class WhatsAppSettings:
    """The checked WhatsApp settings."""

    webhook: WebhookConfig
    cloud: CloudConfig


def _value(settings: Settings, name: str) -> str:
    value = getattr(settings, name)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return value.strip() if isinstance(value, str) else ""


def _env_name(name: str) -> str:
    return Settings.model_fields[name].alias or name


def whatsapp_settings(settings: Settings) -> WhatsAppSettings | None:
    """The WhatsApp settings, or None when WhatsApp is not configured at all.

    Raises:
        SettingsError: some but not all of them are set (naming the missing ones), or
            the Graph URL is not https (plain http is allowed to loopback only, for tests).
    """
    values = {name: _value(settings, name) for name in REQUIRED}
    if not any(values.values()):
        return None
    missing = [_env_name(name) for name, value in values.items() if not value]
    if missing:
        raise SettingsError(
            "WhatsApp is only partly configured; missing required settings: " + ", ".join(missing)
        )
    url = settings.whatsapp_graph_url.strip()
    if not _acceptable_url(url):
        raise SettingsError(
            f"invalid setting {_env_name('whatsapp_graph_url')}: "
            "must be an https URL (http only to this machine)"
        )
    return WhatsAppSettings(
        webhook=WebhookConfig(values["whatsapp_verify_token"], values["whatsapp_app_secret"]),
        cloud=CloudConfig(
            access_token=values["whatsapp_access_token"],
            phone_number_id=values["whatsapp_phone_number_id"],
            graph_url=url,
        ),
    )


def _acceptable_url(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    if parts.scheme != "http":
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


class _LazyClient:
    """A Cloud API client whose HTTP session exists only while the server runs."""

    def __init__(self, config: CloudConfig) -> None:
        self.config = config
        self.client: CloudClient | None = None

    async def send_text(self, to: str, body: str) -> str:
        if self.client is None:
            raise RuntimeError("the WhatsApp client is not started")
        return await self.client.send_text(to, body)


def mount_whatsapp(
    app: web.Application,
    settings: Settings,
    bot: BotLike | BotSource | None,
    scanner: Scanner,
    *,
    organisation: Organisation,
    executor: Executor | None = None,
    cloud_config: Callable[[CloudConfig], CloudConfig] | None = None,
    seen: SeenIds | None = None,
) -> WhatsAppBridge | None:
    """Mount ``/api/whatsapp`` on ``app`` (before it starts) when WhatsApp is configured.

    Calling it again on the same app returns the bridge already mounted.

    Args:
        app: The server's application.
        settings: Read for the WhatsApp settings.
        bot: The bot, a callable returning it, or None to attach it later with
            :func:`attach_whatsapp_bot`. Until then deliveries get a 500 (Meta retries).
        scanner: The detector.
        organisation: Staff phone numbers come from here.
        executor: Where scans run (default: the loop's default executor).
        cloud_config: Adjusts the Cloud API configuration (tests shorten the retries).
        seen: Where handled message ids are kept (the register database in the server,
            so a replay is refused after a restart too); default: in memory.

    Returns:
        The bridge, or None when WhatsApp is not configured.

    Raises:
        SettingsError: as :func:`whatsapp_settings`.
    """
    checked = whatsapp_settings(settings)
    if checked is None:
        return None
    if BRIDGE in app:
        return app[BRIDGE]
    config = cloud_config(checked.cloud) if cloud_config else checked.cloud
    directory = StaffDirectory(organisation)
    if not len(directory):
        log.warning("whatsapp: nobody in the organisation file has a phone; all are refused")
    sender = _LazyClient(config)
    bridge = WhatsAppBridge(
        directory=directory,
        scanner=scanner,
        bot=bot,
        executor=executor,
        phone_number_id=config.phone_number_id,
    )
    add_whatsapp_webhook(app, checked.webhook, bridge, deduper=MessageDeduper(seen))
    app[BRIDGE] = bridge
    app[NOTIFIER] = WhatsAppNotifier(sender, organisation, scanner, executor)
    app.cleanup_ctx.append(_lifecycle(sender))
    log.info("whatsapp: webhook mounted at /api/whatsapp (%d staff numbers)", len(directory))
    return bridge


def attach_whatsapp_bot(app: web.Application, runtime: Runtime) -> None:
    """Connect the bot to the WhatsApp webhook and its delivery, if one is mounted."""
    bridge = app.get(BRIDGE)
    if bridge is not None:
        bridge.attach(runtime.bot)
        runtime.deliver_with("whatsapp", app[NOTIFIER])


def _lifecycle(
    sender: _LazyClient,
) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as session:
            sender.client = CloudClient(session, sender.config)
            try:
                yield
            finally:
                sender.client = None

    return lifecycle
