"""Alembic environment and revisions for the register (run through ``careguard db upgrade``)."""
