"""The production server as a child process that a test can kill -9 and start again.

``ServerProcess`` runs ``tests.e2e.fault_server`` (``bot.app.run`` in production mode) on
a fixed loopback port and register, so a restart serves the same URL and the same data;
its log goes to a file the test can read after the run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from cryptography.fernet import Fernet

from tests.e2e.conftest import ORG_FILE, ROOT
from tests.e2e.keyserver import APP_ID, TENANT

START_TIMEOUT = 90.0
"""Seconds a start may take (the detector loads; a busy machine is slow)."""


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env(folder: Path, database_url: str) -> dict[str, str]:
    """The environment of ``careguard serve`` in production, for the test tenant."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREGUARD_")}
    env.update(
        CAREGUARD_ENV="production",
        DATABASE_URL=database_url,
        CAREGUARD_VAR_DIR=str(folder),
        CAREGUARD_CONFIG=str(ORG_FILE),
        CAREGUARD_BOT_APP_ID=APP_ID,
        CAREGUARD_TENANT_ID=TENANT,
        CAREGUARD_REGISTER_KEY=Fernet.generate_key().decode(),
        CAREGUARD_BOT_CLIENT_SECRET="not-used-offline",
        PYTHONPATH=str(ROOT),
    )
    return env


@dataclass
class ServerProcess:
    """One server at a time on ``port``; ``kill`` is SIGKILL by pid, ``start`` a restart."""

    env: dict[str, str]
    keys_url: str
    log_file: Path
    port: int = field(default_factory=free_port)
    process: asyncio.subprocess.Process | None = None
    starts: int = 0
    start_seconds: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, http: aiohttp.ClientSession) -> None:
        """Start the server and wait until ``/readyz`` says it is ready."""
        assert self.process is None or self.process.returncode is not None
        with self.log_file.open("a", encoding="utf-8") as log:
            log.write(f"--- start {self.starts + 1}\n")
            log.flush()
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.e2e.fault_server",
                str(self.port),
                self.keys_url,
                env=self.env,
                cwd=ROOT,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        self.starts += 1
        deadline = asyncio.get_running_loop().time() + START_TIMEOUT
        while asyncio.get_running_loop().time() < deadline:
            if self.process.returncode is not None:
                raise AssertionError(f"the server exited ({self.process.returncode}): {self.log}")
            try:
                async with http.get(f"{self.url}/readyz") as resp:
                    if resp.status == 200:
                        self.start_seconds.append(
                            round(asyncio.get_running_loop().time() - deadline + START_TIMEOUT, 1)
                        )
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        raise AssertionError(f"the server was not ready in {START_TIMEOUT:.0f} s: {self.log}")

    async def kill(self) -> None:
        """``kill -9`` the server by its pid and reap it."""
        assert self.process is not None
        assert self.process.returncode is None
        os.kill(self.process.pid, signal.SIGKILL)
        assert await self.process.wait() == -signal.SIGKILL

    async def stop(self) -> int | None:
        """Stop the server as an operator would (SIGINT); returns its exit status."""
        if self.process is None or self.process.returncode is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGINT)
        try:
            return await asyncio.wait_for(self.process.wait(), 30.0)
        except TimeoutError:
            os.kill(self.process.pid, signal.SIGKILL)
            await self.process.wait()
            raise

    async def ready(self, http: aiohttp.ClientSession) -> dict[str, Any] | None:
        """The server's ``/readyz`` body, or None when it does not answer."""
        try:
            async with http.get(f"{self.url}/readyz") as resp:
                body: dict[str, Any] = await resp.json()
                return body
        except (aiohttp.ClientError, ValueError):
            return None

    @property
    def log(self) -> str:
        """The server's log so far (the tail: enough to see why it failed)."""
        return self.log_file.read_text(encoding="utf-8", errors="replace")[-4000:]
