"""Everything mapped on the register's ``Base``, gathered for Alembic.

Alembic compares the database against ``Base.metadata``; tables only appear there once
the module defining them is imported. Every module of ``bot.register`` and its
sub-packages whose name ends in ``models`` is imported here, so a new table needs no
change to this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import bot.register
from bot.register.base import Base


def _is_model_module(name: str) -> bool:
    return name.rpartition(".")[2].endswith("models") and ".migrations" not in name


def target_metadata() -> MetaData:
    """Import every model module of the register and return the shared metadata."""
    for info in pkgutil.walk_packages(bot.register.__path__, "bot.register."):
        if _is_model_module(info.name):
            importlib.import_module(info.name)
    return Base.metadata
