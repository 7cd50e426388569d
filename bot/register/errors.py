"""Errors the register raises. Messages are safe to show: references, never personal data."""

from __future__ import annotations

from bot.domain.errors import BreachNotFoundError, BreachPurgedError

__all__ = ["BreachNotFoundError", "BreachPurgedError", "RegisterError", "RegisterNotReadyError"]


class RegisterError(Exception):
    """Something the register cannot do; the message is one plain line."""


class RegisterNotReadyError(RegisterError):
    """The database has not been migrated."""

    def __init__(self) -> None:
        super().__init__("the register database is not set up: run `careguard db upgrade`")
