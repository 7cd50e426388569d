"""``careguard manifest build|validate``: the Teams app package."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.cli.util import CommandError, SubParsers
from bot.settings import Settings

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "manifest"


def add_commands(sub: SubParsers) -> None:
    """Register ``manifest build`` and ``manifest validate``."""
    p = sub.add_parser("manifest", help="build or check the Teams app package")
    actions = p.add_subparsers(dest="manifest_command", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="fill the manifest template and zip the package")
    # Own dest: building the package reads only [teams_app], so it must not depend on the
    # rest of the organisation file being loadable as settings.
    build.add_argument(
        "--config",
        dest="teams_app_config",
        metavar="FILE",
        type=Path,
        default=None,
        help="organisation file with a [teams_app] table (default: CAREGUARD_CONFIG)",
    )
    build.add_argument(
        "--out",
        metavar="ZIP",
        type=Path,
        required=True,
        help="zip to write, e.g. build/careguard.zip",
    )
    build.add_argument(
        "--source",
        metavar="DIR",
        type=Path,
        default=DEFAULT_SOURCE,
        help="folder with manifest.template.json and the icons (default: manifest/)",
    )
    build.set_defaults(func=_build)
    check = actions.add_parser("validate", help="check a package offline; lists every problem")
    check.add_argument("package", type=Path, help="the zip, e.g. build/careguard.zip")
    check.set_defaults(func=_validate)


def _build(args: argparse.Namespace, settings: Settings) -> int:
    from bot.teams.manifest import ManifestError, build_package, load_config

    config_path = args.teams_app_config or settings.config_path
    try:
        config = load_config(config_path, os.environ)
        problems = build_package(args.source, config, args.out)
    except ManifestError as exc:
        raise CommandError(str(exc)) from None
    if problems:
        _print_problems(problems)
        raise CommandError(f"the built package has {len(problems)} problem(s); nothing written")
    print(
        f"wrote {args.out} (Teams app {config.app_id or config.bot_id}, version {config.version})"
    )
    return 0


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.teams.manifest_schema import MANIFEST_VERSION
    from bot.teams.manifest_validate import validate_bytes

    try:
        data = args.package.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.package}: {exc.strerror}") from None
    problems = validate_bytes(data)
    if problems:
        _print_problems(problems)
        raise CommandError(f"{args.package}: {len(problems)} problem(s)", status=1)
    print(f"{args.package}: valid Teams app package (manifest {MANIFEST_VERSION})")
    return 0


def _print_problems(problems: list[str]) -> None:
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
