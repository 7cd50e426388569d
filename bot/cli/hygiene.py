"""``careguard hygiene report``: name-warning counts for the quarterly spot checks.

Thin: open the register, read hygiene events, print counts. Nothing printed can name a
client: events hold places, entity types and counts, never message text.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from bot.cli.util import CommandError, SubParsers
from bot.services.hygiene_report import DEFAULT_WEEKS
from bot.settings import Settings


def add_commands(sub: SubParsers) -> None:
    """Register ``hygiene report``."""
    hygiene = sub.add_parser("hygiene", help="name-warning counts for spot checks")
    actions: SubParsers = hygiene.add_subparsers(dest="hygiene_command", metavar="ACTION")
    actions.required = True
    report = actions.add_parser(
        "report", help="warnings per channel and ISO week: entity types, fixes, feedback"
    )
    report.add_argument(
        "--weeks", type=int, default=DEFAULT_WEEKS, help=f"weeks to cover (default {DEFAULT_WEEKS})"
    )
    report.add_argument("--format", choices=("text", "json"), default="text")
    report.set_defaults(func=_report)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from bot.domain.clock import SystemClock
    from bot.register.errors import RegisterError
    from bot.register.service import open_register
    from bot.register.state.hygiene import HygieneStore
    from bot.services.hygiene_report import build_report, period_bounds, render_report

    if args.weeks < 1:
        raise CommandError("--weeks must be 1 or more")
    try:
        register = open_register(settings)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    start, end = period_bounds(SystemClock().now(), args.weeks)
    try:
        events = HygieneStore(register.engine).between(start, end)
    except (OperationalError, ProgrammingError):
        raise CommandError(
            "the register has no hygiene table yet: run `careguard db upgrade`"
        ) from None
    finally:
        register.close()
    report = build_report(events, start=start, end=end)
    if args.format == "json":
        print(json.dumps(asdict(report), indent=2, ensure_ascii=False))
    else:
        print(render_report(report))
    return 0
