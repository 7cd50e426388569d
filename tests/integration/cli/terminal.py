"""Running ``careguard`` as a person does: a real process, and a real terminal when asked.

``run`` gives the command plain pipes (no terminal: options only). ``Terminal`` gives it a
pseudo-terminal, waits for each prompt and types the answer, the way a DPO at the desk
would; every wait is bounded.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CAREGUARD = [sys.executable, "-m", "bot.cli"]
CONFIG = ROOT / "examples" / "citycare.toml"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any CAREGUARD_ or DATABASE_URL setting, plus ``extra``."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CAREGUARD_") and k != "DATABASE_URL"
    }
    return {**keep, **extra}


def run(
    args: list[str], env: Mapping[str, str], *, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``careguard ARGS`` with pipes for stdin, stdout and stderr."""
    return subprocess.run(
        [*CAREGUARD, *args],
        env=dict(env),
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The one ``careguard: error:`` line of a failed command (asserted to be alone)."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("careguard: error: ")]
    assert len(errors) == 1, done.stderr
    return errors[0]


class Terminal:
    """``careguard ARGS`` on a pseudo-terminal (stdin, stdout and stderr)."""

    def __init__(self, args: list[str], env: Mapping[str, str]) -> None:
        self._master, slave = pty.openpty()
        self._proc = subprocess.Popen(
            [*CAREGUARD, *args], env=dict(env), cwd=ROOT, stdin=slave, stdout=slave, stderr=slave
        )
        os.close(slave)
        self.screen = ""

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """Read until ``text`` appears on the screen; return everything read so far."""
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared; screen:\n{self.screen}")
            ready, _, _ = select.select([self._master], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self._master, 4096)
                except OSError:  # the process ended and closed the terminal
                    chunk = b""
                if not chunk and self._proc.poll() is not None:
                    raise AssertionError(f"ended before {text!r}; screen:\n{self.screen}")
                self.screen += chunk.decode("utf-8", "replace")
        return self.screen

    def answer(self, prompt: str, text: str) -> None:
        """Wait for ``prompt``, then type ``text`` and Enter."""
        self.wait_for(prompt)
        self.screen = self.screen[self.screen.index(prompt) + len(prompt) :]
        os.write(self._master, text.encode() + b"\r")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for the process to end; its exit status and the rest of the screen."""
        deadline = time.monotonic() + timeout
        while self._proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self._master], [], [], 0.2)
            if ready:
                try:
                    self.screen += os.read(self._master, 4096).decode("utf-8", "replace")
                except OSError:
                    break
        status = self._proc.wait(timeout=max(deadline - time.monotonic(), 1))
        try:
            while select.select([self._master], [], [], 0.1)[0]:
                chunk = os.read(self._master, 4096)
                if not chunk:
                    break
                self.screen += chunk.decode("utf-8", "replace")
        except OSError:
            pass
        os.close(self._master)
        return status, self.screen

    def kill(self) -> None:
        """Stop the process if it is still running (this test started it)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(timeout=10)
