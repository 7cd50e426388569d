"""Detector recognizers, one per file."""
