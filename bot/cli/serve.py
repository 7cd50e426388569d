"""``careguard serve``: run the web app (Teams endpoint and health checks)."""

from __future__ import annotations

import argparse

from bot.cli.util import SubParsers, add_config_option
from bot.settings import Mode, Settings


def add_commands(sub: SubParsers) -> None:
    """Register ``serve``."""
    p = sub.add_parser("serve", help="run the bot's web server")
    add_config_option(p)
    p.add_argument("--host", default=None, help="address to listen on (dev: 127.0.0.1 only)")
    p.add_argument("--port", type=_port, default=3978, help="TCP port (default 3978)")
    p.add_argument("--dev", dest="serve_dev", action="store_true", help="development mode")
    p.set_defaults(func=_serve)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is between 0 and 65535")
    return port


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run  # heavy imports only when serving

    if args.serve_dev and not settings.is_dev:
        settings = settings.model_copy(update={"mode": Mode.DEVELOPMENT})
    run(settings, host=args.host, port=args.port)
    return 0
