"""Errors the detector raises; messages name files, lines and settings, never content."""

from __future__ import annotations


class DetectorError(Exception):
    """The detector cannot be built as configured (bad roster, missing model, bad YAML)."""
