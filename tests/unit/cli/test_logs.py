"""Presidio's chatter stays off the terminal unless ``-v``; our own lines and errors do not."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.cli.logs import configure_logging


@pytest.fixture
def terminal() -> Iterator[io.StringIO]:
    """A root logger with one stream handler, as ``careguard`` sets it up; restored after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    root.handlers = [logging.StreamHandler(stream)]
    root.setLevel(logging.INFO)  # what basicConfig sets in a fresh process
    yield stream
    root.handlers, root.level = saved


def say_everything() -> None:
    presidio = logging.getLogger("presidio-analyzer")
    presidio.setLevel(logging.INFO)  # as a command might set it
    presidio.info("Loaded recognizer: UkNhsRecognizer")
    presidio.warning("language not supported")
    presidio.error("recognizer failed")
    logging.getLogger("bot.app").info("listening on http://127.0.0.1:3978")


def test_without_verbose_only_errors_of_the_library(terminal: io.StringIO) -> None:
    configure_logging(verbose=False)
    say_everything()
    out = terminal.getvalue()
    assert "Loaded recognizer" not in out
    assert "language not supported" not in out
    assert "recognizer failed" in out
    assert "listening on http://127.0.0.1:3978" in out


def test_verbose_shows_the_library_too(terminal: io.StringIO) -> None:
    configure_logging(verbose=True)
    say_everything()
    out = terminal.getvalue()
    assert "Loaded recognizer" in out
    assert "language not supported" in out
