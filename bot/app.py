"""Composition root: settings → services → aiohttp application."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.cliutil import CommandError
from bot.settings import Settings

log = logging.getLogger(__name__)


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def build_app(settings: Settings) -> web.Application:
    """Build the aiohttp application for these settings (no I/O happens here)."""
    app = web.Application(client_max_size=1024 * 1024)
    app["settings"] = settings
    app.router.add_get("/healthz", _healthz)
    return app


def run(settings: Settings, *, host: str | None, port: int) -> None:
    """Start the server and block until interrupted."""
    if settings.is_dev:
        if host not in (None, "127.0.0.1", "localhost", "::1"):
            raise CommandError("development mode listens on loopback only; drop --host")
        host = "127.0.0.1"
        log.warning("development mode: Bot Framework authentication is OFF; loopback only")
    web.run_app(build_app(settings), host=host or "0.0.0.0", port=port, print=None)  # noqa: S104
