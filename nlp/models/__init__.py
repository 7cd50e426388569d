"""Trained model files shipped with the project (see docs/person-detection.md)."""
