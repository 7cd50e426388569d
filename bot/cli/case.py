"""``careguard register ico-pack REF`` and ``register post-breach-report REF``.

The ICO pack is the text for the ICO's breach report form (the four required contents
and the timeline); the post-breach report (policy 6c) is for the SIRO and the Board.
Both hold the breach's free text, so they go to stdout or a file the DPO names, never a
channel. ``--by`` checks that person may see the breach (refusals audited).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.people import require_organisation
from bot.cli.util import CommandError, SubParsers, add_config_option
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.register.service import Register


def add_register_commands(sub: SubParsers) -> None:
    """Add ``ico-pack`` and ``post-breach-report`` to ``careguard register``."""
    pack = sub.add_parser("ico-pack", help="the text for the ICO's breach report form")
    pack.add_argument("--format", choices=("md", "json"), default="md")
    _common(pack, run_ico_pack)
    report = sub.add_parser(
        "post-breach-report", help="root cause, lessons, changes and timeline (policy 6c)"
    )
    report.add_argument("--format", choices=("md", "html", "json"), default="md")
    _common(report, run_post_breach_report)


def _common(p: argparse.ArgumentParser, func: object) -> None:
    p.add_argument("reference", metavar="REF")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="default: stdout")
    p.add_argument("--by", metavar="UPN", help="who is looking (refused if they may not)")
    add_config_option(p)
    p.set_defaults(func=func)


@contextmanager
def _opened(settings: Settings, args: argparse.Namespace, what: str) -> Iterator[Register]:
    from bot.cli.register_commands import opened, user_errors

    if not args.by:
        with opened(settings) as register:
            yield register
        return
    from bot.cli.scoped import viewing

    with user_errors(), viewing(settings, args.by, args.reference, what) as register:
        yield register


def _write(text: str, out: Path | None, what: str) -> int:
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror}") from None
    print(f"wrote the {what} to {out}")
    return 0


def run_ico_pack(args: argparse.Namespace, settings: Settings) -> int:
    """Print or write the ICO pack of ``REF``."""
    from bot.domain.ico_pack import build_ico_pack, render_markdown, to_json

    organisation = require_organisation(settings, "register ico-pack", "for the pack's heading")
    with _opened(settings, args, "ico-pack") as register:
        breach = register.repository.get(args.reference)
        events = register.repository.history(args.reference)
    pack = build_ico_pack(breach, events, organisation=organisation.name, now=datetime.now(UTC))
    if args.format == "json":
        text = json.dumps(to_json(pack), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_markdown(pack)
    return _write(text, args.out, "ICO pack")


def run_post_breach_report(args: argparse.Namespace, settings: Settings) -> int:
    """Print or write the post-breach report of ``REF``."""
    from bot.services.reports.post_breach import build_post_breach_report, to_html, to_markdown

    organisation = require_organisation(
        settings, "register post-breach-report", "for the report's heading"
    )
    with _opened(settings, args, "post-breach-report") as register:
        breach = register.repository.get(args.reference)
        events = register.repository.history(args.reference)
    report = build_post_breach_report(
        breach, events, organisation=organisation.name, now=datetime.now(UTC)
    )
    if args.format == "html":
        text = to_html(report)
    elif args.format == "json":
        data = {
            "reference": report.reference,
            "organisation": report.organisation,
            "prepared_at": report.prepared_at.isoformat(),
            "sections": {heading: dict(rows) for heading, rows in report.sections},
            "timeline": [
                {"at": e.at.isoformat(), "actor": e.actor, "text": e.text} for e in report.timeline
            ],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_markdown(report)
    return _write(text, args.out, "post-breach report")
