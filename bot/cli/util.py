"""Shared pieces for command-line subcommands: the error type and the handler signature."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from bot.settings import Settings

Handler: TypeAlias = Callable[[argparse.Namespace, Settings], int]
"""A subcommand handler: parsed arguments and settings in, exit status out."""

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class InvalidAnswerError(ValueError):
    """A typed value that cannot be taken; the message says why, without the option's name.

    Callers add the option (``--discovered: ...``) or, at a prompt, ask again.
    """


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status 2 (or ``status``)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` on a subcommand (``careguard --config FILE ...`` works as well)."""
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE",
        help="organisation file (TOML); default: CAREGUARD_CONFIG",
    )
