"""``careguard db …`` and ``careguard register …``: the breach register from the command line.

Thin: parse arguments, call the register, print. Every user-facing failure becomes one
line on stderr (``CommandError``) with no traceback and no personal data.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

from bot.cli.util import Handler, SubParsers, add_config_option
from bot.settings import Settings

REGISTER_HOOKS: tuple[str, ...] = ("bot.cli.report", "bot.cli.workflow", "bot.cli.case")
"""Modules that add more ``register`` subcommands (``add_register_commands(subparsers)``)."""


def add_commands(sub: SubParsers) -> None:
    """Register ``db`` and ``register`` with their subcommands."""
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="create or migrate the register database")
    add_config_option(up)
    up.set_defaults(func=_guarded("db_upgrade"))

    reg = sub.add_parser("register", help="the breach register")
    reg_sub: SubParsers = reg.add_subparsers(dest="register_command", metavar="ACTION")
    reg_sub.required = True
    _add_add(reg_sub)
    _add_reading(reg_sub)
    _add_maintenance(reg_sub)
    for name in REGISTER_HOOKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_register_commands(reg_sub)


def _add_reading(reg_sub: SubParsers) -> None:
    listing = reg_sub.add_parser("list", help="list breaches (no personal details)")
    listing.add_argument("--open", action="store_true", help="only breaches still open")
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    listing.add_argument("--by", metavar="UPN", help="only the breaches this person may see")
    add_config_option(listing)
    listing.set_defaults(func=_guarded("list_cmd"))
    show = reg_sub.add_parser("show", help="everything about one breach, with its audit trail")
    show.add_argument("reference", metavar="REF")
    show.add_argument("--by", metavar="UPN", help="who is looking (refused if they may not)")
    add_config_option(show)
    show.set_defaults(func=_guarded("show"))


def _add_maintenance(reg_sub: SubParsers) -> None:
    export = reg_sub.add_parser("export", help="every breach with all details (personal data!)")
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument("--output", type=Path, default=None, help="file to write (default stdout)")
    add_config_option(export)
    export.set_defaults(func=_guarded("export"))
    verify = reg_sub.add_parser(
        "verify", help="check the audit trail, the breach rows and the checkpoint"
    )
    verify.add_argument(
        "--checkpoint",
        type=Path,
        default=None,
        metavar="FILE",
        help="a checkpoint to compare with (default: the one beside the register)",
    )
    add_config_option(verify)
    verify.set_defaults(func=_guarded("verify"))
    purge = reg_sub.add_parser("purge", help="remove closed breaches past the 6-year retention")
    purge.add_argument("--apply", action="store_true", help="really purge (default: dry run)")
    purge.add_argument(
        "--as-of",
        metavar="DATE",
        help="plan a purge: what would be due on DATE (YYYY-MM-DD, UK time; default now)",
    )
    add_config_option(purge)
    purge.set_defaults(func=_guarded("purge"))
    rekey = reg_sub.add_parser("rekey", help="re-encrypt everything under the newest key")
    add_config_option(rekey)
    rekey.set_defaults(func=_guarded("rekey"))


def _add_add(reg_sub: SubParsers) -> None:
    add = reg_sub.add_parser(
        "add",
        help="log a breach reported by phone or email",
        description=(
            "Log a breach. Missing fields are asked for when run in a terminal, each checked "
            "as it is typed. Needs the organisation file (--config or CAREGUARD_CONFIG) to "
            "route the breach to the service's DPO."
        ),
    )
    add.add_argument("--service", help="adults or children")
    add.add_argument(
        "--discovered",
        metavar="WHEN",
        help='YYYY-MM-DD HH:MM (UK time), ISO 8601, or words such as "today 9:15"; '
        "not more than 30 days before the report",
    )
    add.add_argument("--reported", metavar="WHEN", help="when it was reported (default: now)")
    add.add_argument("--location", help="where it happened")
    add.add_argument(
        "--systems",
        help='the bot\'s labels, comma-separated, e.g. "Paper records, Email" or '
        '"Birdie, Other: Nourish"',
    )
    add.add_argument("--other-system", metavar="NAME", help='what the "Other" system is')
    add.add_argument("--description", help="what happened")
    add.add_argument(
        "--containment",
        help='what was done straight away (policy 1c): "1, 2", "locked, password" or own words',
    )
    add.add_argument("--reporter", metavar="UPN", help="who reported it (sign-in name)")
    add.add_argument(
        "--by", metavar="UPN", help="who logs it: a DPO, the SIRO or a director (default: reporter)"
    )
    add_config_option(add)
    add.set_defaults(func=_guarded("add"))


def _guarded(name: str) -> Handler:
    """Resolve the handler lazily (heavy imports only when run) and translate errors."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        from bot.cli import register_commands as commands

        handler: Callable[[argparse.Namespace, Settings], int] = getattr(commands, name)
        with commands.user_errors():
            return handler(args, settings)

    return run
