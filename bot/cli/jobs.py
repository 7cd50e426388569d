"""``careguard jobs list [--failed]``: timers still to fire and messages still to deliver.

For a DPO or IT support after an outage: what is waiting, how often it was tried and the
last error code (never message content: outbox bodies are encrypted and not shown).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.cli.util import CommandError, SubParsers
from bot.settings import Settings


def add_commands(sub: SubParsers) -> None:
    """Register ``jobs``."""
    jobs = sub.add_parser("jobs", help="timers and outgoing messages still waiting")
    jobs_sub = jobs.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    listing = jobs_sub.add_parser("list", help="what is waiting (--failed: what keeps failing)")
    listing.add_argument("--failed", action="store_true", help="only what failed at least once")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.add_argument("--config", type=Path, default=None, help="organisation file (TOML)")
    listing.set_defaults(func=_list)


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.register_console import london
    from bot.domain.clock import SystemClock
    from bot.domain.records import PendingWork
    from bot.register.errors import RegisterError
    from bot.register.service import open_register
    from bot.register.uow import SqlTx, SqlUnitOfWork

    try:
        register = open_register(settings)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    uow = SqlUnitOfWork(register.engine, register.cipher, SystemClock())

    def read(tx: SqlTx) -> list[PendingWork]:
        failed = bool(args.failed)
        return [*tx.timers.listing(failed_only=failed), *tx.outbox.listing(failed_only=failed)]

    try:
        rows = uow.read_now(read)
    finally:
        register.close()
    if args.format == "json":
        out = [
            {
                "queue": r.queue,
                "id": r.id,
                "kind": r.kind,
                "reference": r.reference,
                "state": r.state,
                "attempts": r.attempts,
                "due_at": r.due_at.isoformat(),
                "created_at": r.created_at.isoformat(),
                "last_error": r.last_error,
            }
            for r in rows
        ]
        print(json.dumps(out, indent=2))
        return 0
    if not rows:
        print("nothing has failed" if args.failed else "nothing is waiting")
        return 0
    print(f"{'QUEUE':7} {'KIND':14} {'BREACH':13} {'STATE':9} {'TRIES':>5}  {'NEXT (UK)':24} ERROR")
    for r in rows:
        line = (
            f"{r.queue:7} {r.kind[:14]:14} {r.reference or '-':13} {r.state:9} "
            f"{r.attempts:>5}  {london(r.due_at):24} {r.last_error or ''}"
        )
        print(line.rstrip())
    return 0
