"""Command start-up: how long ``careguard hygiene report`` takes on an empty register.

Not a test. Each command is run ``--runs`` times as a user runs it (a new process, the
installed ``careguard`` entry point, a migrated empty SQLite register in a temporary
folder) and the median and worst wall-clock times are printed beside two anchors from
the same run: an empty Python process, and ``careguard --version`` (parsing the command
line, no register). The gap between ``--version`` and a command is that command's work.

    .venv/bin/python benchmarks/cli_commands.py              # 7 runs each
    .venv/bin/python benchmarks/cli_commands.py --runs 15

Target: ``hygiene report`` (13 weeks, and the largest allowed, 520) under 1 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAREGUARD = str(Path(sys.executable).with_name("careguard"))


def timed(command: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of ``runs`` runs of ``command`` (each must succeed).

    CPU time (user + system of the child) is the steadier figure on a shared machine:
    other people's work stretches the wall clock, not the command's own CPU time.
    """
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def main() -> int:
    """Run the commands and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CAREGUARD_")},
            "CAREGUARD_ENV": "development",
            "CAREGUARD_VAR_DIR": folder,
        }
        env.pop("DATABASE_URL", None)
        subprocess.run([CAREGUARD, "db", "upgrade"], env=env, check=True, capture_output=True)
        commands = {
            "anchor: python -c pass": [sys.executable, "-c", "pass"],
            "anchor: careguard --version": [CAREGUARD, "--version"],
            "hygiene report (13 weeks)": [CAREGUARD, "hygiene", "report"],
            "hygiene report --weeks 520": [CAREGUARD, "hygiene", "report", "--weeks", "520"],
            "register list (empty)": [CAREGUARD, "register", "list"],
        }
        print(f"{args.runs} runs each, empty register; wall clock median and worst, CPU median")
        print(f"{'command':<30}{'wall':>9}{'worst':>9}{'cpu':>9}")
        for label, command in commands.items():
            wall, cpu = timed(command, env, args.runs)
            print(
                f"{label:<30}{statistics.median(wall):8.3f}s{max(wall):8.3f}s"
                f"{statistics.median(cpu):8.3f}s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
