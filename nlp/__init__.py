"""Client-identifying data detection for UK care chat, on Presidio and spaCy.

This package knows nothing of Teams, WhatsApp or the register.
"""
