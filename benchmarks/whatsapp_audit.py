"""Benchmark: parse and audit a 40,000-message WhatsApp export (target: under 30 s).

Run: ``.venv/bin/python benchmarks/whatsapp_audit.py [--messages N]``

Generates an export with invented content (Android layout, 24-hour clock, multi-line
messages, media, deleted and system lines; about 1 message in 20 names an invented
client or an NHS number) and prints, measured in the same run:

* anchor: reading the file and splitting it into lines (the floor for any parser);
* parse: ``parse_chat`` on the text;
* audit: parse + scan every message with the real detector + build both reports, once in
  this process (what ``careguard whatsapp audit`` does by default) and once with
  ``--jobs`` worker processes (default 2, like ``careguard whatsapp audit --jobs 2``;
  their start-up is included).

The real detector is ``nlp.detector.Detector``; if it is not importable the audit is
skipped and the script says so. Detector start-up is timed separately.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from bot.cli.whatsapp import make_detector
from bot.whatsapp.audit import Scanner, audit_chat
from bot.whatsapp.export_file import read_export
from bot.whatsapp.parallel import ParallelScanner
from bot.whatsapp.parser import parse_chat
from bot.whatsapp.report_html import render_html
from bot.whatsapp.report_json import render_json

T = TypeVar("T")
TARGET_SECONDS = 30.0
STAFF = ["Priya Okafor", "Tom Ellery", "Dev Marsh", "Lena Brightwater", "Sam Idowu", "Kit Ferris"]
CLIENTS = ["Doris Pengelly", "Arthur Penhale", "Edna Vosper", "Walter Quenby"]
# Every template carries a time, so almost every text is distinct: the audit scans each
# distinct text once, and repeated texts would flatter the figure.
COMPLIANT = [
    "Morning all, on my way to {i} now ({t}), traffic is bad on the ring road",
    "{i} had a good breakfast and is in good spirits today, meds given at {t}",
    "Can someone cover the {t} call for {i}? I'm running late after the last visit",
    "Key safe at {i}'s sticks again, told the office at {t}. Care plan CP-10{n:03d}",
    "Handover at {t}: {i} needs cream applied, fluids chart updated, all fine otherwise",
]
BREACH = [
    "{c} needs her meds at 10, please don't forget",
    "NHS number for the GP is 943 476 5919, it's for {i}",
    "Just left {c}'s house, all good",
]


def generate(path: Path, n: int, seed: int = 7) -> None:
    """Write an Android-layout export of ``n`` messages with invented content."""
    rnd = random.Random(seed)
    when = datetime(2025, 1, 6, 7, 0)
    lines = [f"{when:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted."]
    for k in range(n):
        when += timedelta(minutes=rnd.randint(1, 20))
        initials = rnd.choice("ABDEGHJKMPRSTW") + rnd.choice("ABDEGHJKMPRSTW")
        roll = rnd.random()
        if roll < 0.05:
            text = rnd.choice(BREACH).format(c=rnd.choice(CLIENTS), i=initials)
        elif roll < 0.07:
            text = "<Media omitted>"
        elif roll < 0.08:
            text = "This message was deleted"
        else:
            text = rnd.choice(COMPLIANT).format(i=initials, n=k % 1000, t=f"{when:%H:%M}")
            if roll > 0.97:
                text += "\nThanks\n- see the rota for tomorrow"
        lines.append(f"{when:%d/%m/%Y, %H:%M} - {rnd.choice(STAFF)}: {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(func: Callable[[], T]) -> tuple[float, T]:
    """Run ``func`` once and return (seconds, result)."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def audit_once(path: Path, scanner: Scanner) -> int:
    """Parse, scan and render both reports, as ``careguard whatsapp audit`` does."""
    now = datetime.now(UTC)
    report = audit_chat(parse_chat(read_export(path).text), scanner, chat_name=path.name)
    render_html(report, generated_at=now)
    render_json(report, generated_at=now)
    return report.messages_flagged


def report_line(label: str, seconds: float, anchor: float, messages: int, flagged: int) -> str:
    """One result line with the ratio to the anchor and the verdict on the target."""
    target = TARGET_SECONDS * messages / 40_000
    verdict = "OK" if seconds < target else "SLOWER THAN TARGET"
    return (
        f"{label:<32}{seconds:8.3f} s  ({seconds / anchor:.0f}x anchor, "
        f"{messages / seconds:,.0f} msg/s, {flagged:,} flagged)  target < {target:.0f} s: {verdict}"
    )


def main() -> int:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "WhatsApp Chat with Benchmark.txt"
        generate(path, args.messages)
        size = path.stat().st_size
        anchor, _ = timed(lambda: path.read_text(encoding="utf-8").splitlines())
        parse_s, chat = timed(lambda: parse_chat(read_export(path).text))
        distinct = len({m.text for m in chat.messages if m.text.strip()})
        print(f"export: {args.messages:,} messages ({distinct:,} distinct), {size / 1e6:.1f} MB")
        print(f"{'anchor: read + splitlines':<32}{anchor:8.3f} s")
        print(f"{'parse: read + parse_chat':<32}{parse_s:8.3f} s  ({parse_s / anchor:.1f}x anchor)")
        if importlib.util.find_spec("nlp.detector") is None:
            print("audit SKIPPED: nlp.detector is not importable in this installation")
            return 0
        startup, detector = timed(lambda: make_detector(None, None))
        print(f"{'detector start-up':<32}{startup:8.3f} s")
        one_s, flagged = timed(lambda: audit_once(path, detector))
        print(report_line("audit, 1 process", one_s, anchor, args.messages, flagged))
        with ParallelScanner(make_detector, (None, None), args.jobs) as workers:
            # Includes the workers' own detector start-up, as a user would wait for it.
            par_s, flagged = timed(lambda: audit_once(path, workers))
        label = f"audit, {args.jobs} worker processes"
        print(report_line(label, par_s, anchor, args.messages, flagged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
