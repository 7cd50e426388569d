"""Errors the register raises. Messages are safe to show: references, never personal data."""

from __future__ import annotations


class RegisterError(Exception):
    """Something the register cannot do; the message is one plain line."""


class BreachNotFoundError(RegisterError):
    """No breach has that reference."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"no breach with reference {reference}")
        self.reference = reference


class BreachPurgedError(RegisterError):
    """The breach's details were removed under the retention schedule; a tombstone remains."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            f"{reference} was purged under the retention schedule; only its tombstone remains"
        )
        self.reference = reference


class RegisterNotReadyError(RegisterError):
    """The database has not been migrated."""

    def __init__(self) -> None:
        super().__init__("the register database is not set up: run `careguard db upgrade`")
