"""One detector per test session (construction loads spaCy and every recognizer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.detector import Detector, DetectorConfig

CLIENTS_CSV = (
    "name,known_as,service,care_plan\n"
    "Doris Quenby,,adults,CP-20001\n"
    "Margaret Ellery,Peggy,adults,CP-20002\n"
    "Sarah Vantongeren,,children,CP-20003\n"
)
STAFF_CSV = "name,role\nSarah Penhallow,carer\nJade Oyelaran,office\nTomasz Brzeski,carer\n"


@pytest.fixture(scope="session")
def detector() -> Detector:
    """The default detector (no rosters, blank spaCy pipeline)."""
    return Detector()


@pytest.fixture(scope="session")
def roster_paths(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Invented client and staff roster CSVs."""
    folder = tmp_path_factory.mktemp("rosters")
    clients, staff = folder / "clients.csv", folder / "staff.csv"
    clients.write_text(CLIENTS_CSV, encoding="utf-8")
    staff.write_text(STAFF_CSV, encoding="utf-8")
    return clients, staff


@pytest.fixture(scope="session")
def roster_detector(roster_paths: tuple[Path, Path]) -> Detector:
    """A detector that knows the invented clients and staff."""
    clients, staff = roster_paths
    return Detector(DetectorConfig(clients_csv=clients, staff_csv=staff))
