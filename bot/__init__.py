"""CareGuard: breach reporting and chat hygiene for a UK care provider."""

__version__ = "0.1.0"
