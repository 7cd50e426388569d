"""Errors raised by the domain. Messages are plain and never carry personal data."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; the message is safe to show to a user."""


class BreachError(DomainError):
    """A breach cannot make the requested change (wrong state or missing information)."""
