"""``careguard --dev serve`` as a user starts it: migrates, listens on loopback, stops cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAREGUARD = [sys.executable, "-m", "bot.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_dev_server_starts_is_ready_and_stops(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CAREGUARD_")},
        "CAREGUARD_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'careguard.db'}",
    }
    subprocess.run([*CAREGUARD, "--dev", "db", "upgrade"], env=env, cwd=ROOT, check=True)
    port = free_port()
    config = str(ROOT / "examples" / "citycare.toml")
    server = subprocess.Popen(
        [*CAREGUARD, "--dev", "serve", "--config", config, "--port", str(port)],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.3)
        assert status == 200
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert server.returncode == 0
    assert "development mode: Bot Framework authentication is OFF" in err
    assert "Traceback" not in err
