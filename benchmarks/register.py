"""Register benchmark: reports written per second and ``list --open`` latency.

Not a test. For each backend (SQLite file, PostgreSQL schema) it:

1. migrates an empty database (``alembic upgrade head``);
2. seeds it to ``--breaches`` breaches (default 100,000; ``--open-share`` of them open),
   bulk-inserted with real projections and encrypted snapshots (seeded rows have no
   audit rows: only the timed reports below go through the full write path);
3. times ``--writes`` reports written through ``BreachRepository.add`` (reference
   allocation, audit-chain lock, encrypted snapshot, chained audit rows, one durable
   commit each), next to the anchor: the same number of bare ``INSERT`` + commit of a
   row of the same size on the same engine;
4. times ``list --open`` as the CLI runs it (``summaries(open_only=True)`` and the text
   table) ``--runs`` times, next to the anchor: a raw driver ``SELECT`` of the same rows
   and columns (the repository leaves the encrypted snapshot out, so does the anchor).

Ratios to the anchors hold on a noisy machine; absolute figures do not.

    .venv/bin/python benchmarks/register.py                    # both backends, 100,000
    .venv/bin/python benchmarks/register.py --breaches 20000 --backends sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import Engine, create_engine, insert, text

from bot.cli import register_console as console
from bot.domain import lifecycle as lc
from bot.domain.assessment import Closure
from bot.domain.breach import Actor, Breach, BreachEvent, BreachState, Service, System
from bot.domain.codec import to_jsonable
from bot.domain.reference import format_reference
from bot.register.breaches.crypto import FieldCipher
from bot.register.breaches.models import BreachRow, ReferenceCounterRow
from bot.register.breaches.projection import project
from bot.register.breaches.repository import BreachRepository
from bot.register.db import make_engine, write_session
from bot.register.migrate import upgrade

REPORTER = Actor("bench.carer@example.org", "Bench Carer")
DPO = Actor("bench.dpo@example.org", "Bench Dpo")
DESCRIPTION = "Invented benchmark text: a printed rota left on a shared office printer tray."
SEED_START = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
SEED_SPAN = timedelta(days=6 * 365)
OPEN_STATES = ("reported", "acknowledged", "assessed")


def make_breach(reported_at: datetime, service: Service) -> tuple[Breach, list[BreachEvent]]:
    """A reported breach built through the domain, with its events."""
    created = lc.create(reporter=REPORTER, at=reported_at - timedelta(minutes=3), service=service)
    drafted = lc.update_draft(
        created.breach,
        by=REPORTER,
        at=reported_at - timedelta(minutes=1),
        discovered_at=reported_at - timedelta(minutes=25),
        location="Invented office, first floor",
        systems=(System.PAPER, System.ONEDRIVE),
        description=DESCRIPTION,
        containment_notes="Papers retrieved",
    )
    reported = lc.report(drafted.breach, at=reported_at, assign_to=DPO)
    return reported.breach, [created.event, drafted.event, reported.event]


SNAPSHOT_TIMES = ("created_at", "discovered_at", "reported_at", "became_aware_at")


def _template(closed: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Projection columns and snapshot of one breach built through the domain."""
    breach, _ = make_breach(SEED_START, Service.ADULTS)
    breach = lc.with_reference(breach, format_reference(SEED_START.year, 1))
    if closed:
        closure = Closure(SEED_START + timedelta(days=3), DPO, "Invented outcome")
        breach = replace(breach, state=BreachState.CLOSED, closure=closure)
    row = BreachRow(uid=breach.id, year=SEED_START.year, number=1, version=1)
    row.created_at = row.updated_at = SEED_START
    project(row, breach)
    columns = {c.key: getattr(row, c.key) for c in BreachRow.__table__.columns}
    del columns["id"], columns["snapshot"]
    return columns, to_jsonable(breach)


def _seed_row(
    template: tuple[dict[str, Any], dict[str, Any]],
    at: datetime,
    number: int,
    service: Service,
    cipher: FieldCipher,
) -> dict[str, Any]:
    """A copy of ``template`` moved to ``at``, with its own id, reference and service.

    Copying a domain-built template (rather than building 100,000 breaches) keeps the
    seeding to seconds; every row still decrypts and decodes to a consistent breach.
    """
    columns, snapshot = template
    shift = at - SEED_START
    uid = uuid.uuid4().hex
    reference = format_reference(at.year, number)
    row = {k: (v + shift if isinstance(v, datetime) else v) for k, v in columns.items()}
    row.update(uid=uid, reference=reference, year=at.year, number=number, service=service.value)
    body = dict(snapshot, id=uid, reference=reference, service=service.value)
    for name in SNAPSHOT_TIMES:
        if body.get(name):
            body[name] = (datetime.fromisoformat(body[name]) + shift).isoformat()
    if body.get("closure"):
        closed = datetime.fromisoformat(body["closure"]["at"]) + shift
        body["closure"] = dict(body["closure"], at=closed.isoformat())
    row["snapshot"] = cipher.encrypt(json.dumps(body))
    return row


def seed_rows(
    count: int, open_share: float, cipher: FieldCipher, counters: dict[int, int]
) -> Iterator[list[dict[str, Any]]]:
    """Batches of ready-to-insert rows over six years; ``counters`` gets the last numbers."""
    templates = {False: _template(closed=True), True: _template(closed=False)}
    open_every = max(1, round(1 / open_share)) if open_share > 0 else 0
    batch: list[dict[str, Any]] = []
    for i in range(count):
        # Mid-morning UTC is the same calendar year in London, so references match.
        at = SEED_START + timedelta(days=int(SEED_SPAN.days * i / max(count, 1)))
        counters[at.year] = counters.get(at.year, 0) + 1
        is_open = bool(open_every) and i % open_every == 0
        service = Service.ADULTS if i % 3 else Service.CHILDREN
        batch.append(_seed_row(templates[is_open], at, counters[at.year], service, cipher))
        if len(batch) == 5000:
            yield batch
            batch = []
    if batch:
        yield batch


def _json(breach: Breach) -> str:
    return json.dumps(to_jsonable(breach))


def seed(engine: Engine, count: int, open_share: float, cipher: FieldCipher) -> None:
    """Bulk-insert ``count`` breaches and set the reference counters to match."""
    counters: dict[int, int] = {}
    for batch in seed_rows(count, open_share, cipher, counters):
        with write_session(engine) as session:
            session.execute(insert(BreachRow), batch)
        print(".", end="", file=sys.stderr, flush=True)
    with write_session(engine) as session:
        for year, last in counters.items():
            session.merge(ReferenceCounterRow(year=year, last_number=last))


def time_writes(
    engine: Engine, cipher: FieldCipher, n: int, chunk: int = 50
) -> tuple[float, float]:
    """Reports written per second through the repository, and the bare-INSERT anchor.

    The two alternate in chunks so that both see the same background load.
    """
    repo = BreachRepository(engine, cipher)
    now = datetime.now(UTC)
    prepared = [make_breach(now - timedelta(seconds=n - i), Service.ADULTS) for i in range(n)]
    payload = cipher.encrypt(_json(prepared[0][0]))
    with write_session(engine) as session:
        session.execute(text("CREATE TABLE bench_anchor (id INTEGER PRIMARY KEY, payload TEXT)"))
    anchor_sql = text("INSERT INTO bench_anchor (id, payload) VALUES (:i, :p)")
    repo_time = anchor_time = 0.0
    for first in range(0, n, chunk):
        part = prepared[first : first + chunk]
        start = time.perf_counter()
        for breach, events in part:
            repo.add(breach, events)
        repo_time += time.perf_counter() - start
        start = time.perf_counter()
        for i in range(first, first + len(part)):
            with write_session(engine) as session:
                session.execute(anchor_sql, {"i": i, "p": payload})
        anchor_time += time.perf_counter() - start
    return n / repo_time, n / anchor_time


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 (nearest rank) in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, max(0, round(0.99 * len(ordered)) - 1))]
    return statistics.median(ordered) * 1000, p99 * 1000


def time_list(
    engine: Engine, cipher: FieldCipher, runs: int
) -> tuple[int, tuple[float, float], tuple[float, float]]:
    """``list --open`` as the CLI runs it, and the raw SELECT of the same rows."""
    repo = BreachRepository(engine, cipher)

    def cli_list() -> int:
        summaries = repo.summaries(open_only=True)
        console.to_table(summaries)
        return len(summaries)

    # The same rows and columns the repository reads (it leaves the snapshot out).
    states = ", ".join(f"'{s}'" for s in OPEN_STATES)
    columns = ", ".join(c.name for c in BreachRow.__table__.columns if c.name != "snapshot")
    raw_sql = f"SELECT {columns} FROM breaches WHERE state IN ({states}) ORDER BY id"  # noqa: S608

    def raw_select() -> int:
        with engine.connect() as conn:
            return len(conn.exec_driver_sql(raw_sql).fetchall())

    rows = cli_list()
    if raw_select() != rows:
        raise SystemExit("the anchor did not select the same rows as list --open")
    cli_samples: list[float] = []
    raw_samples: list[float] = []
    for _ in range(runs):  # alternate, so that both see the same background load
        cli_samples.append(_timed(cli_list))
        raw_samples.append(_timed(raw_select))
    return rows, percentiles(cli_samples), percentiles(raw_samples)


def _timed(call: Callable[[], int]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def check_seeded(engine: Engine, cipher: FieldCipher) -> None:
    """A seeded row must read back as a consistent breach, or the figures mean nothing."""
    sample = format_reference(SEED_START.year, 2)
    breach = BreachRepository(engine, cipher).get(sample)
    if breach.reference != sample or breach.reported_at is None:
        raise SystemExit("seeded rows do not read back as breaches")


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="careguard-bench-") as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.db'}"


@contextmanager
def postgres_url(base: str) -> Iterator[str]:
    schema = f"cg_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        joiner = "&" if "?" in base else "?"
        yield f"{base}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run_backend(name: str, url: str, args: argparse.Namespace) -> list[str]:
    """Migrate, seed, measure; return the printed lines for this backend."""
    upgrade(url)
    engine = make_engine(url)
    cipher = FieldCipher([Fernet.generate_key()])
    try:
        started = time.perf_counter()
        print(f"{name}: seeding {args.breaches - args.writes:,} breaches ", end="", file=sys.stderr)
        seed(engine, args.breaches - args.writes, args.open_share, cipher)
        print(f" {time.perf_counter() - started:.0f} s", file=sys.stderr)
        check_seeded(engine, cipher)
        write_rate, write_anchor = time_writes(engine, cipher, args.writes)
        rows, (p50, p99), (a50, a99) = time_list(engine, cipher, args.runs)
    finally:
        engine.dispose()
    return [
        f"{name:<11} {'reports written/s':<28} {write_rate:>12,.0f}/s   "
        f"bare INSERT+commit {write_anchor:>8,.0f}/s   {write_rate / write_anchor:5.2f}x",
        f"{name:<11} {f'list --open p50 ({rows:,} rows)':<28} {p50:>11,.1f} ms   "
        f"raw SELECT p50 {a50:>10,.1f} ms   {p50 / a50:5.2f}x",
        f"{name:<11} {f'list --open p99 ({rows:,} rows)':<28} {p99:>11,.1f} ms   "
        f"raw SELECT p99 {a99:>10,.1f} ms   {p99 / a99:5.2f}x",
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    user = os.environ.get("PGUSER") or "postgres"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--breaches", type=int, default=100_000, help="breaches in the register")
    parser.add_argument("--writes", type=int, default=1_000, help="reports timed through add()")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of list --open")
    parser.add_argument("--open-share", type=float, default=0.05, help="share left open")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CAREGUARD_BENCH_PG_URL")
        or f"postgresql+psycopg://{user}@127.0.0.1:5432/test",
        help="PostgreSQL database (a scratch schema is created and dropped)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.writes < args.breaches or args.runs < 1 or not 0 <= args.open_share <= 1:
        parser.error("need 0 < --writes < --breaches, --runs >= 1, 0 <= --open-share <= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print(
        f"CareGuard register benchmark: {args.breaches:,} breaches ({args.open_share:.0%} open), "
        f"{args.writes:,} timed reports, {args.runs} list runs; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs"
    )
    lines = []
    for name in backends:
        if name == "sqlite":
            with sqlite_url() as url:
                lines += run_backend(name, url, args)
        elif name == "postgresql":
            with postgres_url(args.pg_url) as url:
                lines += run_backend(name, url, args)
        else:
            raise SystemExit(f"unknown backend {name!r}: use sqlite and/or postgresql")
    print(f"{'backend':<11} {'measure':<28} {'value':>14}   {'anchor (same run)':<30} ratio")
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
