"""Log output of the command line: our lines on stderr, library chatter only with ``-v``."""

from __future__ import annotations

import logging
import sys

QUIET_LIBRARIES: tuple[str, ...] = ("presidio-analyzer", "presidio-anonymizer")
"""Loggers whose INFO and WARNING lines are for developers, shown only with ``-v``."""


class _QuietLibraries(logging.Filter):
    """Drops library chatter below ERROR (Presidio announces every recognizer it loads).

    A handler filter, not a logger level: it holds whatever level a command or a library
    sets on its own loggers later.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        return not any(
            record.name == name or record.name.startswith(name + ".") for name in QUIET_LIBRARIES
        )


def configure_logging(*, verbose: bool) -> None:
    """Log to stderr: INFO and up, or everything (libraries included) with ``-v``."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not verbose:
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, _QuietLibraries) for f in handler.filters):
                handler.addFilter(_QuietLibraries())


def quiet_libraries_here() -> None:
    """Raise the quiet libraries' loggers to ERROR in a process without log set-up.

    A spawned worker process has no handlers, and Python's last-resort handler would print
    the libraries' warnings on the terminal; the parent process shows what matters.
    """
    if not logging.getLogger().handlers:
        for name in QUIET_LIBRARIES:
            logging.getLogger(name).setLevel(logging.ERROR)
