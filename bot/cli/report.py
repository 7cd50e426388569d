"""``careguard register report --month YYYY-MM [--out DIR]``: the DPOs' monthly review.

``bot.cli.register`` calls ``add_register_commands`` with the ``register`` subparsers.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.util import CommandError, SubParsers, add_config_option
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.domain.facts import BreachFacts


def add_register_commands(register_subparsers: SubParsers) -> None:
    """Add ``report`` to ``careguard register``."""
    parser = register_subparsers.add_parser(
        "report",
        help="monthly or annual review (Markdown and a PNG chart)",
        description=(
            "Write the monthly breach review: counts by service and kind of data, share "
            "reported within the hour, median time to acknowledge, ICO clocks met or "
            "missed, open actions. No personal details are included."
        ),
    )
    period = parser.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", metavar="YYYY-MM", help="the monthly review, e.g. 2026-03")
    period.add_argument(
        "--year", type=int, metavar="YYYY", help="the annual review of breaches, e.g. 2026"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder for the files (default: reports/ under CAREGUARD_VAR_DIR)",
    )
    add_config_option(parser)
    parser.set_defaults(func=run_report)


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    """Build the review for ``--month`` (or ``--year``) and write it to ``--out``."""
    if args.year is not None:
        return _run_annual(args, settings)
    from bot.services.reports.monthly import Month, ReportError, build_monthly_report
    from bot.services.reports.render import write_report

    try:
        month = Month.parse(args.month)
        if month.start > datetime.now(UTC):
            raise ReportError(f"the month {month} has not started yet")
    except ReportError as exc:
        raise CommandError(str(exc)) from None
    report = build_monthly_report(month, _load(settings), now=datetime.now(UTC))
    out_dir: Path = args.out if args.out is not None else settings.var_dir / "reports"
    try:
        markdown, chart = write_report(report, out_dir)
    except OSError as exc:
        raise CommandError(f"cannot write the report to {out_dir}: {exc.strerror}") from None
    print(f"wrote {markdown}")
    print(f"wrote {chart}")
    return 0


def _run_annual(args: argparse.Namespace, settings: Settings) -> int:
    """The annual review, from the register's plain columns (nothing decrypted)."""
    from bot.services.reports.annual import build_annual_report, write_annual_report
    from bot.services.reports.monthly import ReportError

    facts = _load(settings)
    try:
        report = build_annual_report(args.year, facts, now=datetime.now(UTC))
    except ReportError as exc:
        raise CommandError(str(exc)) from None
    out_dir: Path = args.out if args.out is not None else settings.var_dir / "reports"
    try:
        markdown, chart = write_annual_report(report, out_dir)
    except OSError as exc:
        raise CommandError(f"cannot write the review to {out_dir}: {exc.strerror}") from None
    print(f"wrote {markdown}")
    print(f"wrote {chart}")
    return 0


def _load(settings: Settings) -> list[BreachFacts]:
    """The facts of every breach, from the register's plain columns (nothing decrypted)."""
    from bot.cli.register_commands import opened

    with opened(settings) as register:
        return register.repository.facts()
