"""``careguard --dev serve`` as a user starts it: migrates, listens on loopback, stops cleanly.

Also what a newcomer meets when the port is taken, by ``serve`` and by ``make run PORT=...``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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
        # An oversized token is refused in one line that quotes none of it.
        oversized = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/messages",
            data=b"{}",
            headers={"Authorization": "Bearer " + "s3cr3tT0ken" * 1000},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(oversized, timeout=5)  # noqa: S310 - http on loopback
        assert refused.value.code == 400
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert server.returncode == 0
    assert "Failed to create request handler" not in err  # the server's own logger is used
    assert err.count("refused a request that could not be read") == 1
    assert "s3cr3tT0ken" not in err
    assert "development mode: Bot Framework authentication is OFF" in err
    assert f"INFO bot.app: listening on http://127.0.0.1:{port}\n" in err
    assert "presidio" not in err.lower()  # the detector loaded without a word
    assert "Traceback" not in err


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port some other program is listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def one_error_line(err: str) -> str:
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("careguard: error: ")]
    assert len(errors) == 1, err
    return errors[0]


def test_a_port_in_use_is_one_line(tmp_path: Path, taken_port: int) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CAREGUARD_")},
        "CAREGUARD_VAR_DIR": str(tmp_path),
    }
    config = str(ROOT / "examples" / "citycare.toml")
    done = subprocess.run(
        [*CAREGUARD, "--dev", "serve", "--config", config, "--port", str(taken_port)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        f"careguard: error: port {taken_port} on 127.0.0.1 is already in use (is CareGuard "
        "already running?); stop the other program or choose another port with --port "
        "(make run PORT=...)"
    )
    assert "development mode" not in done.stderr  # refused before anything else was said


@pytest.mark.skipif(
    shutil.which("make") is None or not (ROOT / ".venv" / "bin" / "careguard").exists(),
    reason="make run needs make and the project's .venv",
)
def test_make_run_passes_port_through(tmp_path: Path, taken_port: int) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CAREGUARD_")},
        "CAREGUARD_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        # -o: the installation is what this test runs in; do not reinstall it.
        ["make", "--no-print-directory", "-o", ".venv/.installed", "run", f"PORT={taken_port}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    line = one_error_line(done.stderr)
    assert line.startswith(f"careguard: error: port {taken_port} on 127.0.0.1 is already in use")
    assert (tmp_path / "careguard.db").exists()  # make run migrated the register first
