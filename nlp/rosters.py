"""Client and staff rosters: who the organisation's clients and staff are.

Rosters are personal data. They are read once into memory, never logged and never written
anywhere. Errors name the file and line, never a cell's content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import DetectorError
from nlp.normalise import normalise


def name_key(name: str) -> str:
    """The form names are compared in: normalised, case-folded, single-spaced, ' for ’."""
    return " ".join(normalise(name).text.casefold().replace("’", "'").split())


@dataclass(frozen=True, slots=True)
class ClientRoster:
    """Clients' names as comparison keys.

    Attributes:
        full_names: Whole names ("margaret thompson").
        short_names: First names and known-as names ("margaret", "peggy").
    """

    full_names: frozenset[str] = frozenset()
    short_names: frozenset[str] = frozenset()

    def is_client_name(self, key: str) -> bool:
        """True when ``key`` (see `name_key`) is a client's full, first or known-as name."""
        return key in self.full_names or key in self.short_names


@dataclass(frozen=True, slots=True)
class StaffRoster:
    """Staff names as comparison keys (full names, first names and surnames), and numbers.

    Attributes:
        names: Name keys (see `name_key`).
        phones: Staff phone numbers as `nlp.own_contacts.phone_key` forms.
    """

    names: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()


def _rows(path: Path, label: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` from a UTF-8 CSV with a header holding ``name``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DetectorError(f"{label} {path}: cannot read file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DetectorError(f"{label} {path}: line {line}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "name" not in header:
            raise DetectorError(f"{label} {path}: line 1: no 'name' column in the header")
        reader.fieldnames = header
        for row in reader:
            if None in row:
                raise DetectorError(f"{label} {path}: line {reader.line_num}: too many fields")
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
    except csv.Error:
        raise DetectorError(f"{label} {path}: line {reader.line_num}: malformed CSV") from None


def _name_from(row: dict[str, str], path: Path, label: str, line: int) -> str:
    key = name_key(row["name"])
    if not key:
        raise DetectorError(f"{label} {path}: line {line}: empty 'name'")
    return key


def load_clients(path: Path) -> ClientRoster:
    """Read a client roster CSV (``name``, optional ``known_as``, ``service``, ``care_plan``).

    Raises:
        DetectorError: unreadable file, no ``name`` column, an empty name or malformed CSV.
    """
    full: set[str] = set()
    short: set[str] = set()
    for line, row in _rows(path, "client roster"):
        key = _name_from(row, path, "client roster", line)
        parts = key.split()
        if len(parts) > 1:
            full.add(key)
        short.add(parts[0])
        for alias in row.get("known_as", "").split(";"):
            if alias_key := name_key(alias):
                short.add(alias_key)
    return ClientRoster(frozenset(full), frozenset(short))


def load_staff(path: Path) -> StaffRoster:
    """Read a staff roster CSV (``name``, optional ``role``, optional ``phone``).

    ``phone`` may hold several numbers separated by ``;``; they are never flagged.

    Raises:
        DetectorError: unreadable file, no ``name`` column, an empty name or malformed CSV.
    """
    from nlp.own_contacts import OwnContacts

    names: set[str] = set()
    phones: set[str] = set()
    for line, row in _rows(path, "staff roster"):
        key = _name_from(row, path, "staff roster", line)
        names.add(key)
        # "Jade" and "Mr Oyelaran" are both ways of naming a member of staff.
        names.add(key.split()[0])
        names.add(key.split()[-1])
        numbers = [n for n in row.get("phone", "").split(";") if n.strip()]
        try:
            phones |= OwnContacts.of(phones=numbers).phones
        except DetectorError:
            reason = f"staff roster {path}: line {line}: 'phone' is not a number"
            raise DetectorError(reason) from None
    return StaffRoster(frozenset(names), frozenset(phones))
