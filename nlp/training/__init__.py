"""Reproducible build scripts for the shipped name lists and the person tagger model."""
