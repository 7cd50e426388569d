"""Scoring the detector (``careguard eval``): data loaders, metrics, stock Presidio.

Not on the scanning path.
"""
