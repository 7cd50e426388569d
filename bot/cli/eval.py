"""``careguard eval``: score the detector and stock Presidio on the evaluation data sets."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.cli.util import CommandError, SubParsers
from bot.settings import Settings


def default_data() -> Path:
    """The evaluation data shipped in ``nlp/data/eval`` (see its README for sources)."""
    from importlib import resources

    return Path(str(resources.files("nlp.data").joinpath("eval")))


def add_commands(sub: SubParsers) -> None:
    """Register ``eval``."""
    p = sub.add_parser(
        "eval",
        help="measure the detector against stock Presidio (WNUT-17 dev, Presidio synthetic "
        "set, care-chat set, UK identifier table)",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder holding wnut17/ and presidio_synth_v2.json (default: the data shipped "
        "in nlp/data/eval)",
    )
    p.add_argument("--limit", type=int, default=None, help="use only the first N items of each set")
    p.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    p.set_defaults(func=_eval)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    data: Path = args.data or default_data()
    if not data.is_dir():
        raise CommandError(f"evaluation data folder not found: {data} (give it with --data DIR)")
    if args.limit is not None and args.limit < 1:
        raise CommandError("--limit must be a positive number")
    # Presidio logs every recognizer it loads, several times per run: noise in a report.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from nlp.errors import DetectorError
    from nlp.evaluation.report import format_text
    from nlp.evaluation.scoring import run_evaluation

    try:
        result = run_evaluation(data, args.limit)
    except DetectorError as exc:
        raise CommandError(str(exc)) from exc
    if args.output_format == "json":
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for line in format_text(result):
            print(line)
    return 0
