"""Crashes lose no alert: kill -9 the production server while 200 reports go through it.

The real server runs as a child process (``server_process.ServerProcess``: production
mode, Bot Framework tokens checked against the loopback key server, replies to the fake
Bot Connector on loopback). Several carers report breaches at once through
``POST /api/messages``, each message carrying a good token and re-sent with the same
activity id until it is answered 200 (committed), as Teams re-delivers an unanswered one.
At seeded random moments the server is killed with SIGKILL and started again on the same
register. When every report is in, the outbox is left to drain, and then:

- every breach committed in the register has its alert card in the DPO channel (0 lost)
  and its reporter was given its reference;
- no alert card names a breach the register does not hold;
- alert cards posted twice are at most as many as the kills (a post in flight when the
  server died is made again: at least once).
"""

from __future__ import annotations

import asyncio
import random
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from tests.e2e.fake_connector import FakeConnector
from tests.e2e.harness import activity
from tests.e2e.keyserver import KeyServer
from tests.e2e.server_process import ServerProcess, production_env
from tests.e2e.test_flows import ANSWERS
from tests.support.databases import migrated_sqlite, scratch_schema

pytestmark = pytest.mark.slow

REPORTS = 200
SENDERS = 8
KILLS = 3
SEED = 20261123
DEADLINE = 240.0
"""Seconds the whole drive may take before the test fails (it takes far less)."""
ALERT_CHANNELS = {
    "19:9c1f2b7d4e5a4c3b8a6d0e2f1b3c5d7e@thread.tacv2",  # Adults (examples/citycare.toml)
    "19:4a8e6c2d0b9f4e1a7c3d5b8e2f6a0c9d@thread.tacv2",  # Children
}
REFERENCE = re.compile(r"BR-\d{4}-\d{4,}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated register on each backend."""
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path)
        return
    with scratch_schema("cg_faults") as url:
        yield url


@pytest.fixture
async def outside() -> AsyncIterator[tuple[KeyServer, FakeConnector]]:
    """The key server and the fake Bot Connector, on loopback in this process."""
    keys, connector = KeyServer(), FakeConnector()
    await keys.start()
    await connector.start()
    try:
        yield keys, connector
    finally:
        await connector.stop()
        await keys.stop()


@dataclass
class Drive:
    """The carers' side of the run."""

    server: ServerProcess
    connector: FakeConnector
    token: str
    http: aiohttp.ClientSession
    finished: int = 0
    resent: int = 0
    answers: Counter[int | None] = field(default_factory=Counter)
    progress: asyncio.Event = field(default_factory=asyncio.Event)

    async def deliver(self, body: dict[str, object]) -> None:
        """POST until the step is answered 200 (committed), re-sending the same activity."""
        headers = {"Authorization": f"Bearer {self.token}"}
        while True:
            try:
                async with self.http.post(
                    f"{self.server.url}/api/messages", json=body, headers=headers
                ) as resp:
                    await resp.read()
                    status = resp.status
            except (aiohttp.ClientError, TimeoutError):
                status = None  # the server is down (killed) or went down mid-answer
            self.answers[status] += 1
            if status == 200:
                return
            assert status in (None, 202, 503), f"unexpected answer {status}"
            if status == 202:
                await self._idle()  # a slow step finished (or died) before re-sending
            self.resent += 1
            await asyncio.sleep(0.05 if status == 202 else 0.2)

    async def _idle(self) -> None:
        for _ in range(200):
            ready = await self.server.ready(self.http)
            if ready is None or ready.get("pending_turns") == 0:
                return
            await asyncio.sleep(0.05)

    async def carer(self, number: int, reports: int) -> None:
        """One carer files ``reports`` complete reports, one after another."""
        aad = f"c0ffee00-fa17-4abc-9def-{number:012d}"
        for report in range(reports):
            for step, answer in enumerate([*ANSWERS, "yes"]):
                body = activity(
                    self.connector.url,
                    text=answer,
                    conversation_id=f"a:fault-carer-{number}",
                    user_aad=aad,
                    user_name=f"Carer {number}",
                    activity_id=f"fault-{number}-{report}-{step}",
                )
                await self.deliver(body)
            self.finished += 1
            self.progress.set()

    async def kill_at(self, thresholds: list[int], rng: random.Random) -> int:
        """Kill -9 the server once the finished reports pass each threshold; restart it."""
        kills = 0
        for threshold in thresholds:
            while self.finished < threshold:
                self.progress.clear()
                await self.progress.wait()
            await asyncio.sleep(rng.uniform(0.0, 0.4))  # somewhere inside a step
            await self.server.kill()
            kills += 1
            await self.server.start(self.http)
        return kills

    async def drained(self, seconds: float = 60.0) -> dict[str, object]:
        """Wait until no turn runs and the outbox is empty; returns the last ``/readyz``."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            ready = await self.server.ready(self.http) or {}
            outbox = ready.get("outbox")
            idle = isinstance(outbox, dict) and outbox.get("backlog") == 0
            if (idle and ready.get("pending_turns") == 0) or (
                asyncio.get_running_loop().time() > deadline
            ):
                return ready
            await asyncio.sleep(0.1)


def committed(database_url: str) -> set[str]:
    """The references of the breaches in the register."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT reference FROM breaches")).scalars().all()
    finally:
        engine.dispose()
    return {str(r) for r in rows if r is not None}


def alert_cards(connector: FakeConnector) -> Counter[str]:
    """How many times each breach's alert card was posted in a DPO channel."""
    posted: Counter[str] = Counter()
    for call in connector.sends():
        card = call.card
        if call.conversation_id in ALERT_CHANNELS and card is not None:
            found = REFERENCE.findall(str(card.get("fallbackText", "")))
            assert len(found) == 1, card.get("fallbackText")
            posted[found[0]] += 1
    return posted


async def test_kill_9_during_200_reports_loses_no_alert(
    tmp_path: Path, register_url: str, outside: tuple[KeyServer, FakeConnector]
) -> None:
    keys, connector = outside
    server = ServerProcess(
        production_env(tmp_path, register_url), keys.base, tmp_path / "server.log"
    )
    rng = random.Random(SEED)
    thresholds = sorted(rng.sample(range(15, REPORTS - 15), KILLS))
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        await server.start(http)
        started = asyncio.get_running_loop().time()
        drive = Drive(server, connector, keys.token(extra={"serviceurl": connector.url}), http)
        try:
            carers = [drive.carer(n, REPORTS // SENDERS) for n in range(SENDERS)]
            _, kills = await asyncio.wait_for(
                asyncio.gather(asyncio.gather(*carers), drive.kill_at(thresholds, rng)),
                DEADLINE,
            )
            ready = await drive.drained()
        finally:
            status = await server.stop()
    assert status == 0, server.log
    assert kills == KILLS
    assert server.starts == KILLS + 1
    assert drive.finished == REPORTS
    assert ready.get("outbox") == {"backlog": 0, "oldest_seconds": 0.0}, ready
    in_register = committed(register_url)
    posted = alert_cards(connector)
    duplicates = sum(n - 1 for n in posted.values())
    told = {r for c in connector.sends() for r in REFERENCE.findall(c.text) if "a:fault" in c.path}
    print(
        f"\nfaults: {len(in_register)} committed, {len(posted)} alerted, {duplicates} "
        f"duplicate cards, {kills} kills, {drive.resent} re-sent activities, "
        f"{len(connector.calls)} connector calls, answers {dict(drive.answers)}, "
        f"{asyncio.get_running_loop().time() - started:.1f} s, starts {server.start_seconds} s, "
        f"key fetches {len(keys.fetched)}"
    )
    incidents = [line for line in server.log_file.read_text().splitlines() if "incident" in line]
    assert incidents == []  # no step failed (a failed step is answered with an apology)
    assert len(in_register) == REPORTS  # each final "yes" was answered only once committed
    assert in_register - set(posted) == set()  # 0 lost
    assert set(posted) - in_register == set()  # nothing for a breach not committed
    assert duplicates <= kills
    assert in_register - told == set()  # every reporter was given their reference
    assert "Traceback" not in server.log_file.read_text(encoding="utf-8"), server.log
