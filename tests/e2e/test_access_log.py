"""The access log names the path, never the query string (verify tokens travel there)."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aiohttp import web

from bot.access_log import PathOnlyAccessLogger


async def _ok(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def test_query_string_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    app = web.Application()
    app.router.add_get("/api/whatsapp", _ok)
    runner = web.AppRunner(app, access_log_class=PathOnlyAccessLogger)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        with caplog.at_level(logging.INFO, logger="aiohttp.access"):
            async with aiohttp.ClientSession() as session:
                url = f"http://127.0.0.1:{port}/api/whatsapp?hub.verify_token=s3cret-token"
                async with session.get(url) as resp:
                    assert resp.status == 200
    finally:
        await runner.cleanup()
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any("GET /api/whatsapp 200" in line for line in lines), lines
    assert not any("s3cret-token" in line for line in lines)
