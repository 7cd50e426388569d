"""``careguard hygiene report``: name-warning counts for the quarterly spot checks.

Thin: open the register, read hygiene events, print counts. Nothing printed can name a
client: events hold places, entity types and counts, never message text.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from bot.cli.util import CommandError, SubParsers, add_config_option
from bot.settings import Settings

DEFAULT_WEEKS = 13
"""A quarter, the policy's spot-check period (``bot.services.hygiene_report.DEFAULT_WEEKS``;
not imported from there: that module loads the register's models, slow for ``--help``)."""

MAX_WEEKS = 520
"""Ten years: more than any register holds warnings for; larger numbers are typos."""


def add_commands(sub: SubParsers) -> None:
    """Register ``hygiene report``."""
    hygiene = sub.add_parser("hygiene", help="name-warning counts for spot checks")
    actions: SubParsers = hygiene.add_subparsers(dest="hygiene_command", metavar="ACTION")
    actions.required = True
    report = actions.add_parser(
        "report", help="warnings per channel and ISO week: entity types, fixes, feedback"
    )
    report.add_argument(
        "--weeks",
        type=int,
        default=DEFAULT_WEEKS,
        metavar="N",
        help=f"weeks to cover, 1 to {MAX_WEEKS} (default {DEFAULT_WEEKS})",
    )
    report.add_argument("--format", choices=("text", "json"), default="text")
    add_config_option(report)
    report.set_defaults(func=_report)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.weeks <= MAX_WEEKS:
        raise CommandError(f"--weeks must be 1 to {MAX_WEEKS} (ten years), not {args.weeks}")

    from sqlalchemy.exc import OperationalError, ProgrammingError

    from bot.domain.clock import SystemClock
    from bot.register.db import read_session
    from bot.register.errors import RegisterError
    from bot.register.service import open_register
    from bot.register.state.hygiene import SqlHygiene
    from bot.services.hygiene_report import build_report, named, period_bounds, render_report
    from bot.settings import load_organisation

    overrides = load_organisation(settings.config_path).place_names if settings.config_path else {}

    try:
        register = open_register(settings)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    start, end = period_bounds(SystemClock().now(), args.weeks)
    try:
        with read_session(register.engine) as session:
            store = SqlHygiene(session)
            events = named(
                store.between(start, end), lambda key: overrides.get(key) or store.place_name(key)
            )
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
