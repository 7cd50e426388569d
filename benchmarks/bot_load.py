"""Load on the Teams endpoint: channel messages at a steady rate, time to the HTTP 2xx.

Starts the real application (development mode, SQLite register, the real detector) in a
child process pinned to ONE CPU core, with a fake Bot Connector in this process for any
replies. It then posts Teams-shaped channel messages at a fixed rate (open loop: sends
are scheduled by the clock, not by the previous answer) and reports the achieved rate
and the p50/p99 time from send to the 2xx answer. As an anchor, the same run first
sends ``GET /healthz`` at the same rate: the ratio of the two holds on a noisy machine.

Each message is scanned by the detector after the answer; a share of them name a client,
so private warnings, hygiene records and outbound sends happen during the run too.

    python benchmarks/bot_load.py                 # 200/s for 15 s (the target)
    python benchmarks/bot_load.py --rates 200,400 --seconds 20

Target: at least 200 activities/s with p99 at most 100 ms, on one core.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
TEAM = "19:bench-team@thread.tacv2"
CHANNEL = "19:bench-rota@thread.tacv2"
PLAIN = [
    "Can anyone swap the Tuesday late run with me?",
    "Reminder: supervision forms are due on Friday",
    "Car park at the office is closed tomorrow morning",
    "Who has the spare key for the blue pool car?",
    "Training on the new rota app is at 2pm in room 3",
]
NAMED = "Visited Mrs Ada Lovelace at {n} Acacia Avenue BS1 4DJ, all fine"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(port: int, workdir: str, cpu: int) -> None:
    """The server process: the real app, pinned to one core."""
    os.sched_setaffinity(0, {cpu})
    sys.path.insert(0, str(ROOT))
    import logging

    logging.basicConfig(level=logging.WARNING)
    from bot.app import AppOptions, build_app, prepare
    from bot.register.migrate import upgrade
    from bot.settings import Mode, Settings
    from bot.teams.server import TeamsOptions

    url = f"sqlite:///{Path(workdir) / 'careguard.db'}"
    settings = Settings(
        mode=Mode.DEVELOPMENT,
        database_url=url,
        var_dir=Path(workdir),
        config_path=ROOT / "examples" / "citycare.toml",
    )
    upgrade(url)
    options = AppOptions(teams=TeamsOptions(only_loopback_connector=True))
    app = build_app(prepare(settings), options)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


@dataclass
class Result:
    """One measured series."""

    label: str
    sent: int
    ok: int
    seconds: float
    latencies: list[float]

    def row(self) -> str:
        lat = sorted(self.latencies) or [float("nan")]
        p50 = statistics.median(lat) * 1000
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        rate = self.ok / self.seconds if self.seconds else 0.0
        return (
            f"{self.label:<24}{self.sent:>7}{self.ok:>7}{rate:>12.1f}"
            f"{p50:>9.2f}{p99:>9.2f}{lat[-1] * 1000:>9.2f}"
        )

    @property
    def p99(self) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("inf")

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


_ids = itertools.count(1)


def channel_message(service_url: str, text: str) -> dict[str, Any]:
    """A channel message shaped like Teams sends it (invented people)."""
    n = next(_ids)
    author = f"bench-user-{n % 50:04d}"
    return {
        "type": "message",
        "id": f"bench-{n}",
        "text": text,
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": f"29:{author}", "name": "Bench User", "aadObjectId": author},
        "conversation": {
            "conversationType": "channel",
            "isGroup": True,
            "id": f"{CHANNEL};messageid={n}",
        },
        "recipient": {"id": "28:careguard-bench", "name": "CareGuard"},
        "channelData": {
            "team": {"id": TEAM},
            "channel": {"id": CHANNEL},
            "tenant": {"id": "bench-tenant"},
        },
    }


async def fake_connector() -> tuple[web.AppRunner, str, list[int]]:
    """Accepts whatever the bot sends (warnings, new chats) and counts it."""
    counter = [0]

    async def handle(request: web.Request) -> web.Response:
        await request.read()
        counter[0] += 1
        return web.json_response({"id": f"bench-msg-{counter[0]}"})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/", counter


async def steady(
    session: aiohttp.ClientSession,
    label: str,
    rate: float,
    seconds: float,
    request: Any,
) -> Result:
    """Send ``rate`` requests per second for ``seconds``; time each to its answer."""
    loop = asyncio.get_running_loop()
    count = int(rate * seconds)
    latencies: list[float] = []
    ok = 0
    start = loop.time() + 0.05

    async def one(i: int) -> None:
        nonlocal ok
        await asyncio.sleep(max(0.0, start + i / rate - loop.time()))
        began = time.perf_counter()
        async with request(session) as resp:
            await resp.read()
            if 200 <= resp.status < 300:
                ok += 1
                latencies.append(time.perf_counter() - began)

    await asyncio.gather(*(one(i) for i in range(count)))
    return Result(label, count, ok, loop.time() - start, latencies)


async def drained(session: aiohttp.ClientSession, base: str, limit: float = 300.0) -> None:
    """Wait until no background turn runs and the outbox is empty (``/readyz``)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        async with session.get(f"{base}/readyz") as resp:
            ready = await resp.json()
        if ready.get("pending_turns") == 0 and ready.get("outbox", {}).get("backlog") == 0:
            return
        await asyncio.sleep(0.2)


async def wait_ready(session: aiohttp.ClientSession, base: str, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{base}/readyz") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.3)
    raise SystemExit("the server did not become ready")


@dataclass
class Load:
    """What one run needs: the server, the fake connector and the message mix."""

    session: aiohttp.ClientSession
    base: str
    pid: int
    service_url: str
    seconds: float
    every: int
    picks: itertools.count[int]

    def post(self, s: aiohttp.ClientSession) -> Any:
        """The next channel message; every ``every``-th names a client."""
        n = next(self.picks)
        named = self.every and n % self.every == 0
        text = NAMED.format(n=n) if named else PLAIN[n % len(PLAIN)]
        return s.post(f"{self.base}/api/messages", json=channel_message(self.service_url, text))

    def healthz(self, s: aiohttp.ClientSession) -> Any:
        """The anchor request."""
        return s.get(f"{self.base}/healthz")


async def one_rate(load: Load, rate: float) -> None:
    """Anchor then messages at ``rate``; prints both rows and the verdict."""
    await steady(load.session, "warm-up", rate, 2.0, load.healthz)
    cpu0 = cpu_seconds(load.pid)
    anchor = await steady(
        load.session, f"anchor /healthz @{rate:g}", rate, load.seconds, load.healthz
    )
    cpu1 = cpu_seconds(load.pid)
    print(anchor.row() + f"{(cpu1 - cpu0) / anchor.sent * 1000:>9.2f}")
    label = f"channel msgs @{rate:g}"
    messages = await steady(load.session, label, rate, load.seconds, load.post)
    await drained(load.session, load.base)  # the background turns of this series, too
    cpu2 = cpu_seconds(load.pid)
    print(messages.row() + f"{(cpu2 - cpu1) / messages.sent * 1000:>9.2f}")
    met = messages.rate >= 200 * 0.98 and messages.p99 <= 0.100
    ratio = messages.p99 / anchor.p99 if anchor.p99 else float("nan")
    print(
        f"  p99 ratio messages/anchor: {ratio:.2f}; target (>= 200/s, p99 <= 100 ms)"
        f" at {rate:g}/s: {'MET' if met else 'NOT MET'}"
    )


async def measure(
    base: str, pid: int, rates: list[float], seconds: float, named_share: float
) -> None:
    """Run every rate against the server at ``base``."""
    runner, service_url, received = await fake_connector()
    connector = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(connector=connector) as session:
        await wait_ready(session, base)
        print(
            f"{'series':<24}{'sent':>7}{'2xx':>7}{'answered/s':>12}"
            f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'cpu ms':>9}"
        )
        every = max(1, round(1 / named_share)) if named_share > 0 else 0
        load = Load(session, base, pid, service_url, seconds, every, itertools.count(1))
        for rate in rates:
            await one_rate(load, rate)
        await asyncio.sleep(1.0)
        print(f"bot sends received by the fake connector (private warnings etc.): {received[0]}")
    await runner.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="200", help="comma-separated requests/s")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--server-cpu", type=int, default=0, help="core the server is pinned to")
    parser.add_argument(
        "--named-share",
        type=float,
        default=0.05,
        help="share of messages naming a client (they trigger warnings)",
    )
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    port = free_port()
    cpus = sorted(os.sched_getaffinity(0))
    client_cpus = set(cpus) - {args.server_cpu} or set(cpus)
    print(
        f"server: one process pinned to CPU {args.server_cpu}; client on CPUs "
        f"{sorted(client_cpus)}; {len(cpus)} CPUs available; Python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory() as workdir:
        ctx = multiprocessing.get_context("spawn")
        server = ctx.Process(target=serve, args=(port, workdir, args.server_cpu), daemon=True)
        server.start()
        os.sched_setaffinity(0, client_cpus)
        try:
            base = f"http://127.0.0.1:{port}"
            pid = server.pid or 0
            asyncio.run(measure(base, pid, rates, args.seconds, args.named_share))
        finally:
            server.terminate()
            server.join(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
