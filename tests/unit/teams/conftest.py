"""Fixtures of the Teams front-end's unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No CareGuard setting from the environment; var/ in the test's folder."""
    for name in (
        "CAREGUARD_ENV",
        "DATABASE_URL",
        "CAREGUARD_CONFIG",
        "CAREGUARD_REGISTER_KEY",
        "CAREGUARD_BOT_APP_ID",
        "CAREGUARD_BOT_CLIENT_SECRET",
        "CAREGUARD_BOT_CERTIFICATE_FILE",
        "CAREGUARD_TENANT_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CAREGUARD_VAR_DIR", str(tmp_path))
