"""``careguard whatsapp audit``: audit an exported WhatsApp chat for client identifiers."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from bot.cli.logs import quiet_libraries_here
from bot.cli.util import CommandError, SubParsers
from bot.settings import Settings

if TYPE_CHECKING:  # imported when an audit runs: every command would pay for them
    from bot.whatsapp.audit import AuditReport, Progress, Scanner
    from bot.whatsapp.model import ParsedChat
    from nlp.detector import DetectorConfig

log = logging.getLogger(__name__)

_NOT_INSTALLED = "the detector (nlp.detector) is not installed"
_DETECTOR_FAILED = "could not start the detector (check --clients/--staff and the spaCy model)"

PROGRESS_MIN_MESSAGES = 2000
"""Below this a progress bar would only flicker."""


def add_commands(sub: SubParsers) -> None:
    """Register ``whatsapp audit``."""
    p = sub.add_parser("whatsapp", help="WhatsApp hygiene tools")
    wsub = p.add_subparsers(dest="whatsapp_command", metavar="COMMAND", required=True)
    a = wsub.add_parser(
        "audit",
        help="audit an exported chat for client-identifying data",
        description="Scan a chat exported with WhatsApp's 'Export chat' (without media) "
        "and write an HTML or JSON report with masked excerpts.",
    )
    a.add_argument("export", type=Path, metavar="EXPORT", help="the exported .txt or .zip")
    a.add_argument("--clients", type=Path, help="CSV of client names the detector should know")
    a.add_argument("--staff", type=Path, help="CSV of staff names (not flagged as clients)")
    a.add_argument(
        "--format",
        choices=("html", "json"),
        default=None,
        help="report format (default: json if --out ends in .json, else html)",
    )
    a.add_argument("--out", type=Path, help="write the report here (default: standard output)")
    a.add_argument(
        "--jobs",
        type=_positive_int,
        default=1,
        help="scan in this many worker processes, each with its own detector (default: 1, "
        "scan in this process); helps on large exports when cores are idle",
    )
    a.set_defaults(func=_audit)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return number


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    from bot.whatsapp.audit import audit_chat
    from bot.whatsapp.model import MessageKind
    from bot.whatsapp.parallel import ScannerStartError

    for option in ("clients", "staff"):
        path: Path | None = getattr(args, option)
        if path is not None and not path.is_file():
            raise CommandError(f"--{option}: no such file: {path}")
    if args.out is not None and args.out.resolve() == args.export.resolve():
        raise CommandError("--out must not be the export itself")
    chat, chat_name = _load(args.export)
    texts = [m.text for m in chat.messages if m.kind is not MessageKind.SYSTEM and m.text.strip()]
    config = _config(args, settings)
    with (
        _scanner(config, args.jobs) as scanner,
        _progress_bar(len(texts)) as progress,
    ):
        try:
            report = audit_chat(chat, scanner, chat_name=chat_name, progress=progress)
        except ScannerStartError:
            raise CommandError(_DETECTOR_FAILED) from None
    fmt = args.format or ("json" if args.out and args.out.suffix.lower() == ".json" else "html")
    _write(_render(report, fmt), args.out)
    where = f"report written to {args.out}" if args.out else "report on standard output"
    print(
        f"careguard: scanned {report.messages_scanned} messages, "
        f"{report.messages_flagged} flagged; {where}",
        file=sys.stderr,
    )
    return 0


def _load(path: Path) -> tuple[ParsedChat, str]:
    from bot.whatsapp.export_file import ExportError, read_export
    from bot.whatsapp.model import ChatFormatError
    from bot.whatsapp.parser import parse_chat

    try:
        export = read_export(path)
        return parse_chat(export.text), export.chat_name
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    except ChatFormatError as exc:
        raise CommandError(f"{path}: {exc}") from None


def _config(args: argparse.Namespace, settings: Settings) -> DetectorConfig:
    """The rosters given, and the organisation file's own contacts (never flagged)."""
    if importlib.util.find_spec("nlp.detector") is None:
        raise CommandError(_NOT_INSTALLED)
    from bot.cli.detection import command_detector_config
    from nlp.errors import DetectorError

    try:
        return command_detector_config(settings, clients=args.clients, staff=args.staff)
    except DetectorError as exc:
        raise CommandError(str(exc)) from None


@contextmanager
def _scanner(config: DetectorConfig, jobs: int) -> Iterator[Scanner]:
    """The detector in this process, or one per worker process when ``jobs`` > 1."""
    if jobs <= 1:
        yield build_scanner(config)
        return
    from bot.whatsapp.parallel import ParallelScanner

    with ParallelScanner(make_detector, (config,), jobs) as scanner:
        yield scanner


def make_detector(config: DetectorConfig) -> Scanner:
    """Build ``nlp.detector.Detector`` (module level, so worker processes can call it)."""
    quiet_libraries_here()  # a worker process: nothing set its logging up
    detector = importlib.import_module("nlp.detector")
    return cast("Scanner", detector.Detector(config))


def build_scanner(config: DetectorConfig) -> Scanner:
    """The real detector, imported only when an audit runs (spaCy is slow to load)."""
    try:
        return make_detector(config)
    except Exception as exc:
        # The exception text may quote a CSV line (a name): log its type only.
        log.debug("detector failed to start: %s", type(exc).__name__)
        raise CommandError(_DETECTOR_FAILED) from None


def _render(report: AuditReport, fmt: str) -> str:
    now = datetime.now(UTC)
    if fmt == "json":
        from bot.whatsapp.report_json import render_json

        return render_json(report, generated_at=now)
    from bot.whatsapp.report_html import render_html

    return render_html(report, generated_at=now)


@contextmanager
def _progress_bar(total: int) -> Iterator[Progress | None]:
    """A tqdm bar on stderr, only for large exports and only on a terminal."""
    if total < PROGRESS_MIN_MESSAGES or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="msg", desc="Scanning", file=sys.stderr) as bar:
        yield bar.update


def _write(text: str, out: Path | None) -> None:
    """Standard output, or the file replaced atomically (no half-written report)."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, out)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise CommandError(f"cannot write {out}: {exc.strerror}") from None
