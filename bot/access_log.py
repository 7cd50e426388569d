"""What the web server logs: paths without query strings, unreadable requests in one line.

aiohttp's default access log writes the whole request line, query string included; the
WhatsApp verification handshake carries its verify token there, and a query may one day
carry something personal. Only the method, path, status, size and time are logged.

aiohttp also logs a request it cannot parse (a header line over 8 KB, say) as an error
with a traceback whose message quotes the first 100 bytes of the offending line: for an
oversized ``Authorization`` header, part of the token. :class:`ServerLog` turns that into
one warning naming only the kind of error.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Logs ``METHOD /path status bytes seconds`` for each request."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        """Write one line for a finished request (called by aiohttp)."""
        self.logger.info(
            "%s %s %s %s %.3fs",
            request.method,
            request.path,
            response.status,
            response.body_length,
            time,
        )


class ServerLog(logging.LoggerAdapter[logging.Logger]):
    """aiohttp's server logger, with requests it could not parse logged in one line."""

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        """Log as usual, except a parse error: one warning line, no bytes of the request."""
        error = kwargs.get("exc_info")
        if isinstance(error, HttpProcessingError):
            # At most a warning: the client's mistake, not ours (aiohttp says error).
            self.logger.log(
                min(level, logging.WARNING),
                "refused a request that could not be read: %s (HTTP %s)",
                type(error).__name__,
                error.code,
            )
            return
        super().log(level, msg, *args, **kwargs)


def server_options() -> dict[str, Any]:
    """Keyword arguments for ``web.AppRunner`` (and ``run_app``'s ``handler_args``)."""
    return {
        "access_log_class": PathOnlyAccessLogger,
        "logger": ServerLog(logging.getLogger("aiohttp.server")),
    }


def run_app_options() -> dict[str, Any]:
    """Keyword arguments for ``web.run_app`` that reach the request handlers.

    aiohttp before 3.10 took the handlers' options as ``handler_args``; later versions
    pass unknown keywords on, and would hand the handlers ``handler_args`` itself: every
    connection then logs a warning and loses the logger (an oversized token would be
    logged again).
    """
    options = server_options()
    access = {"access_log_class": options.pop("access_log_class")}
    if "handler_args" in inspect.signature(web.run_app).parameters:
        return {**access, "handler_args": options}
    return {**access, **options}
