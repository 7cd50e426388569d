"""Data sets shipped with the project (the care-chat evaluation set)."""
