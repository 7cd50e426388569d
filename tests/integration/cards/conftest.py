"""Load tools/cardcheck/cardrender.py (the renderer helpers) for the card integration tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

CARDRENDER = Path(__file__).resolve().parents[3] / "tools" / "cardcheck" / "cardrender.py"


@pytest.fixture(scope="session")
def cardrender() -> ModuleType:
    """The ``cardrender`` module from tools/cardcheck."""
    spec = importlib.util.spec_from_file_location("cardrender", CARDRENDER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["cardrender"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def node_tool(cardrender: ModuleType) -> str:
    """``node`` with the adaptivecards renderer installed, or skip with the reason."""
    try:
        return str(cardrender.node())
    except cardrender.ToolMissingError as exc:
        pytest.skip(f"{exc} (make test installs it via scripts/ensure-test-tools.sh)")


@pytest.fixture(scope="session")
def chromium_tool(cardrender: ModuleType) -> str:
    """Debian's chromium, or skip with the reason."""
    try:
        return str(cardrender.chromium())
    except cardrender.ToolMissingError as exc:
        pytest.skip(f"{exc} (make test installs it via scripts/ensure-test-tools.sh)")
