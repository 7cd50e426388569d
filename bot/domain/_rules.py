"""Checks shared by the transition modules."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.domain.breach import Breach
from bot.domain.clock import ensure_utc
from bot.domain.errors import BreachError, DomainError
from bot.domain.values import Actor, BreachState

ACTIVE = frozenset({BreachState.ACKNOWLEDGED, BreachState.ASSESSED})
"""States in which a DPO works on a breach they have taken on."""


def require_state(breach: Breach, allowed: Collection[BreachState], doing: str) -> None:
    """Raise ``BreachError`` unless ``breach`` is in one of the ``allowed`` states.

    Args:
        breach: The breach about to change.
        allowed: States in which the change is allowed.
        doing: The change in words, e.g. ``"acknowledge"``.
    """
    if breach.state not in allowed:
        hint = ""
        if breach.state is BreachState.REPORTED and BreachState.ACKNOWLEDGED in allowed:
            hint = "; acknowledge it first"
        elif breach.state is BreachState.REPORTED and BreachState.ASSESSED in allowed:
            hint = "; acknowledge and assess it first"
        elif breach.state is BreachState.ACKNOWLEDGED and BreachState.ASSESSED in allowed:
            hint = "; record the assessment first"
        raise BreachError(f"cannot {doing} a breach that is {breach.state.value}{hint}")


def require_text(value: str | None, what: str) -> str:
    """Return ``value`` stripped, or raise when it is missing or blank."""
    if value is None or not value.strip():
        raise BreachError(f"{what} is required")
    return value.strip()


def utc(at: datetime, field: str = "at") -> datetime:
    """``at`` in UTC; ``BreachError`` when naive."""
    try:
        return ensure_utc(at, field)
    except DomainError as exc:
        raise BreachError(str(exc)) from None


def upn(actor: Actor | None) -> str | None:
    """The sign-in name of ``actor``, if any; for event data."""
    return actor.upn if actor is not None else None


def iso(at: datetime | None) -> str | None:
    """An ISO 8601 string, or ``None``."""
    return at.isoformat() if at is not None else None
