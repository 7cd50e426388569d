"""Taking the server's port before start-up, with one plain line when that is not possible."""

from __future__ import annotations

import errno
import os
import socket

from bot.cli.util import CommandError


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` and listening.

    Raises:
        CommandError: the port is in use or reserved, or ``host`` is not an address here.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError):
        raise CommandError(f"cannot listen on {host}: not a host name or address") from None
    sock = socket.socket(family, kind, proto)
    try:
        if os.name == "posix":  # restart at once after a stop (TIME_WAIT); never share a port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise CommandError(_bind_problem(exc, host, port)) from None
    sock.setblocking(False)
    return sock


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (is CareGuard already running?); "
            "stop the other program or choose another port with --port "
            "(make run PORT=...)"
        )
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (ports below 1024 need privileges)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: it is not an address of this machine"
    return f"cannot listen on {host} port {port}: {exc.strerror}"


def url_of(host: str, port: int) -> str:
    """``http://host:port``, with brackets round an IPv6 address."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
