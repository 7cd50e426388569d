"""A fake Bot Connector on loopback: records what the bot sends, can be told to fail."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    """One request the bot made."""

    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float

    @property
    def conversation_id(self) -> str:
        """The conversation in the path (``/v3/conversations/{id}/...``)."""
        parts = self.path.split("/")
        return parts[3] if len(parts) > 3 else ""

    @property
    def text(self) -> str:
        """The message text, or the card's JSON as text (for assertions)."""
        if "text" in self.body:
            return str(self.body["text"])
        return json.dumps(self.body.get("attachments", []))

    @property
    def card(self) -> dict[str, Any] | None:
        """The Adaptive Card content sent, if any."""
        for attachment in self.body.get("attachments", []):
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return dict(attachment["content"])
        return None


@dataclass
class Failure:
    """Answer the next matching request with this status (and header)."""

    status: int
    retry_after: str | None = None
    delay: float = 0.0


@dataclass
class FakeConnector:
    """Records sends, replies, card updates and new conversations."""

    calls: list[Call] = field(default_factory=list)
    failures: deque[Failure] = field(default_factory=deque)
    down: int | None = None
    """While set, every request is answered with this status (an outage)."""
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    runner: web.AppRunner | None = None
    url: str = ""
    checkpoints: list[Call] = field(default_factory=list)
    """The register's daily checkpoint posts, kept apart so views show the bot's other traffic."""
    teams: dict[str, tuple[str, list[dict[str, Any]]]] = field(default_factory=dict)
    """Team id → (team name, channel list) for ``GET /v3/teams/{id}[/conversations]``."""

    def app(self) -> web.Application:
        """The aiohttp app of the fake connector."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def start(self) -> str:
        """Listen on a free loopback port; returns the service URL."""
        self.runner = web.AppRunner(self.app())
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/"
        return self.url

    async def stop(self) -> None:
        """Stop listening."""
        if self.runner is not None:
            await self.runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        loop = asyncio.get_running_loop()
        body = await request.json() if request.can_read_body else {}
        call = Call(request.method, request.path, body, dict(request.headers), loop.time())
        daily = "careguard_checkpoint" in str(body.get("text", ""))
        (self.checkpoints if daily else self.calls).append(call)
        if self.down is not None:
            return web.json_response({"error": "fake outage"}, status=self.down)
        if daily:  # own ids, and queued failures are left for the bot's other traffic
            return web.json_response({"id": f"checkpoint-{len(self.checkpoints)}"})
        if self.failures:
            failure = self.failures.popleft()
            if failure.delay:
                await asyncio.sleep(failure.delay)
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            return web.json_response({"error": "fake"}, status=failure.status, headers=headers)
        if request.method == "GET" and request.path.startswith("/v3/teams/"):
            return self._team(request.path.removeprefix("/v3/teams/"))
        if request.path == "/v3/conversations" and request.method == "POST":
            user = body.get("members", [{}])[0].get("id", "unknown")
            return web.json_response({"id": f"a:chat-with-{user}"}, status=201)
        return web.json_response({"id": f"msg-{next(self.ids)}"}, status=200)

    def _team(self, rest: str) -> web.Response:
        team_id, _, tail = rest.partition("/")
        if team_id not in self.teams:
            return web.json_response({"error": "NotFound"}, status=404)
        name, channels = self.teams[team_id]
        if tail == "conversations":
            return web.json_response({"conversations": channels})
        return web.json_response({"id": team_id, "name": name})

    # --- views for assertions --------------------------------------------------

    def sends(self) -> list[Call]:
        """New messages (POST .../activities)."""
        return [c for c in self.calls if c.method == "POST" and c.path.endswith("/activities")]

    def updates(self) -> list[Call]:
        """Card updates (PUT .../activities/{id})."""
        return [c for c in self.calls if c.method == "PUT"]

    def new_chats(self) -> list[Call]:
        """New 1:1 conversations (POST /v3/conversations)."""
        return [c for c in self.calls if c.method == "POST" and c.path == "/v3/conversations"]

    def to(self, conversation_id: str) -> list[Call]:
        """Sends into one conversation."""
        return [c for c in self.sends() if c.conversation_id == conversation_id]
