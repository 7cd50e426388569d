"""Errors raised by the domain. Messages are plain and never carry personal data."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; the message is safe to show to a user."""


class BreachError(DomainError):
    """A breach cannot make the requested change (wrong state or missing information)."""


class BreachNotFoundError(DomainError):
    """No breach has that reference."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"no breach with reference {reference}")
        self.reference = reference


class BreachPurgedError(DomainError):
    """The breach's details were removed under the retention schedule; a tombstone remains."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            f"{reference} was purged under the retention schedule; only its tombstone remains"
        )
        self.reference = reference


class StaleStateError(DomainError):
    """Another step changed the same thing first (the caller reloads and retries)."""

    def __init__(self, what: str = "state") -> None:
        super().__init__(f"{what} changed meanwhile; try again")
