"""``GET /healthz`` (the process answers) and ``GET /readyz`` (it can do its work).

``/readyz`` checks the register (reachable, migrated), the detector, and that the outbox
and timer workers run; it also reports the outbox backlog and the age of its oldest
message, so a Teams outage shows up while it lasts. A backlog alone does not make the
server unready: the messages wait in the database and go out when Teams answers again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.services.runtime import Runtime


@dataclass
class Health:
    """What ``/readyz`` looks at (filled in as the application starts)."""

    ready: bool = False
    runtime: Runtime | None = None
    database: Callable[[], None] | None = None
    register_key: Callable[[], str | None] | None = None
    """What is wrong with the register key (``None``: it opens the register)."""
    extra: Callable[[], dict[str, Any]] | None = None
    problems: list[str] = field(default_factory=list)


HEALTH = web.AppKey("health", Health)


async def healthz(_request: web.Request) -> web.Response:
    """The process is alive."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """The server can take work (503 with the failing checks when not)."""
    health = request.app[HEALTH]
    checks: dict[str, bool] = {"started": health.ready}
    body: dict[str, Any] = {}
    if health.database is not None:
        try:
            await asyncio.wait_for(asyncio.to_thread(health.database), 2.0)
            checks["database"] = True
        except Exception:  # any failure means "not ready"; the type is enough to log
            checks["database"] = False
    if health.register_key is not None and checks.get("database", True):
        try:
            problem = await asyncio.wait_for(asyncio.to_thread(health.register_key), 2.0)
        except Exception:
            problem = "the register key could not be checked"
        checks["register_key"] = problem is None
    runtime = health.runtime
    if runtime is not None:
        checks["workers"] = runtime.alive
        if checks.get("database", True):
            body["outbox"] = await _backlog(runtime)
    ok = all(checks.values())
    if health.extra is not None:
        body.update(health.extra())
    return web.json_response({"ready": ok, "checks": checks, **body}, status=200 if ok else 503)


async def _backlog(runtime: Runtime) -> dict[str, Any]:
    try:
        count, oldest = await asyncio.wait_for(
            runtime.deps.uow.read(lambda tx: tx.outbox.backlog()), 2.0
        )
    except Exception:
        return {"backlog": None}
    age = (runtime.deps.now() - oldest).total_seconds() if oldest is not None else 0.0
    return {"backlog": count, "oldest_seconds": round(max(age, 0.0), 1)}
