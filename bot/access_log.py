"""Access log without query strings.

aiohttp's default access log writes the whole request line, query string included; the
WhatsApp verification handshake carries its verify token there, and a query may one day
carry something personal. Only the method, path, status, size and time are logged.
"""

from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
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
