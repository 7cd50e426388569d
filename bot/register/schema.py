"""Everything mapped on the register's ``Base``, gathered for Alembic.

Alembic compares the database against ``Base.metadata``; tables only appear there once
the module defining them is imported. Every ``bot.register`` module whose name ends in
``models`` or starts with ``scheduler`` is imported here, so a new table needs no change
to this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import bot.register
from bot.register.base import Base


def _is_model_module(name: str) -> bool:
    return name.endswith("models") or name.startswith("scheduler")


def target_metadata() -> MetaData:
    """Import every model module of the register and return the shared metadata."""
    for info in pkgutil.iter_modules(bot.register.__path__):
        if _is_model_module(info.name):
            importlib.import_module(f"bot.register.{info.name}")
    return Base.metadata
