"""``careguard scan``: check a message, or a stream of JSON lines, for client-identifying data."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.util import CommandError, SubParsers
from bot.settings import Settings

if TYPE_CHECKING:
    from nlp.detector import Detector, ScanResult


def add_commands(sub: SubParsers) -> None:
    """Register ``scan``."""
    p = sub.add_parser(
        "scan",
        help="check text for client-identifying data",
        description="Check a message for client-identifying data and suggest a rewrite.",
    )
    p.add_argument("text", nargs="?", help="the message to check (omit with --jsonl)")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"id":..., "text":...} lines on stdin, write one JSON result line each',
    )
    p.add_argument("--clients", type=Path, help="client roster CSV (name, known_as, ...)")
    p.add_argument("--staff", type=Path, help="staff roster CSV (name, role)")
    p.add_argument(
        "--spacy-model",
        help="installed spaCy pipeline whose NER is evidence for unsure names (make install-ner)",
    )
    p.set_defaults(func=_scan)


def _build(args: argparse.Namespace, settings: Settings) -> Detector:
    from bot.cli.detection import command_detector_config
    from nlp.detector import Detector
    from nlp.errors import DetectorError

    try:
        config = command_detector_config(
            settings, clients=args.clients, staff=args.staff, spacy_model=args.spacy_model
        )
        return Detector(config)
    except DetectorError as exc:
        raise CommandError(str(exc)) from None


def _scan(args: argparse.Namespace, settings: Settings) -> int:
    if args.jsonl == (args.text is not None):
        raise CommandError("give either a message to check or --jsonl (not both)")
    if not getattr(args, "verbose", False):
        # Presidio announces every recognizer it loads at INFO; that is noise here.
        logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    detector = _build(args, settings)
    if args.jsonl:
        return _scan_jsonl(detector)
    print(render_report(args.text, detector.scan(args.text), detector))
    return 0


def _scan_jsonl(detector: Detector) -> int:
    from nlp.jsonl import scan_lines

    out = sys.stdout
    for record in scan_lines(detector, sys.stdin.buffer):
        out.write(json.dumps(record) + "\n")
        out.flush()
    return 0


def render_report(text: str, result: ScanResult, detector: Detector) -> str:
    """A readable report for the writer of ``text`` (shown to them only, never logged)."""
    if not result.flagged:
        return "OK: no client-identifying data found."
    count = len(result.findings)
    lines = [f"FLAGGED: {count} finding{'s' if count != 1 else ''}"]
    for f in result.findings:
        lines.append(
            f"  {f.entity_type:<14} {f.start:>4}-{f.end:<4} score {f.score:.2f}  "
            f"{text[f.start : f.end]!r}  ({f.recognizer})"
        )
    lines.append("Suggested rewrite:")
    lines.append("  " + detector.suggest_rewrite(text))
    return "\n".join(lines)
