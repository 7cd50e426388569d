"""Breach domain: pure Python, no I/O. Time comes from an injected clock."""
