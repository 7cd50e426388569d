"""The real aiohttp app, started on loopback, answers its health checks."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.app import build_app


async def test_healthz_answers_and_readyz_says_not_ready_before_start_up() -> None:
    app = build_app(None)  # health checks only: nothing prepared, nothing started
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert resp.status == 200
                assert (await resp.json()) == {"status": "ok"}
            async with session.get(f"http://127.0.0.1:{port}/readyz") as resp:
                assert resp.status == 503
                assert (await resp.json())["ready"] is False
            async with session.get(f"http://127.0.0.1:{port}/nope") as resp:
                assert resp.status == 404
    finally:
        await runner.cleanup()
