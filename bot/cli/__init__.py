"""``careguard``: the command line. Thin: parse arguments, call services, print.

Each area adds its own subcommands through an ``add_commands(subparsers)`` function;
handlers are stored as ``func`` defaults and receive ``(args, settings)``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.cli.logs import configure_logging
from bot.cli.util import CommandError, SubParsers
from bot.settings import SettingsError, load_settings

# Modules that contribute subcommands; each exposes ``add_commands(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.eval",
    "bot.cli.manifest",
    "bot.cli.register",
    "bot.cli.scan",
    "bot.cli.serve",
    "bot.cli.hygiene",
    "bot.cli.chat",
    "bot.cli.whatsapp",
    "bot.cli.jobs",
)

log = logging.getLogger("careguard")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every area's subcommands."""
    parser = argparse.ArgumentParser(
        prog="careguard",
        description="CareGuard: breach reporting and chat hygiene for a UK care provider.",
    )
    parser.add_argument("--version", action="version", version=f"careguard {__version__}")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="development mode (also CAREGUARD_ENV=development): local key, no Bot auth",
    )
    parser.add_argument(
        "--config",
        dest="global_config",
        type=Path,
        default=None,
        help="organisation file (TOML); also CAREGUARD_CONFIG",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="more log output")
    sub: SubParsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``careguard`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(verbose=args.verbose)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    config = getattr(args, "config", None) or args.global_config
    try:
        settings = load_settings(dev=args.dev, config_path=config)
        status: int = args.func(args, settings)
    except (CommandError, SettingsError) as exc:
        print(f"careguard: error: {exc}", file=sys.stderr)
        return exc.status if isinstance(exc, CommandError) else 2
    except KeyboardInterrupt:
        print("careguard: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    return status
