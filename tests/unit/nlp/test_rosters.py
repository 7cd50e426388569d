"""Roster CSVs: what is read, and clear errors that never echo content."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.errors import DetectorError
from nlp.recognizers.client_roster import ClientRosterRecognizer
from nlp.rosters import load_clients, load_staff


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_client_roster_reads_full_first_and_known_as_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "clients.csv",
        "name,known_as,service,care_plan\n"
        "Doris Quenby,Dot,adults,CP-10001\n"
        "Stanisław Wyrzykowski,,adults,CP-10002\n",
    )
    roster = load_clients(path)
    assert roster.full_names == {"doris quenby", "stanisław wyrzykowski"}
    assert roster.short_names == {"doris", "dot", "stanisław"}


def test_staff_roster_reads_full_and_first_names(tmp_path: Path) -> None:
    roster = load_staff(write(tmp_path, "staff.csv", "Name,Role\nSarah Penhallow,carer\n"))
    assert roster.names == {"sarah penhallow", "sarah", "penhallow"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("full_name,role\nSecretname Person,carer\n", "line 1: no 'name' column"),
        ("name,role\nOk Person,carer\n,carer\n", "line 3: empty 'name'"),
        ("name,role\nOk Person,carer,extra\n", "line 2: too many fields"),
        (b"name\nOk Person\n\xff\xfeSecretname\n", "line 3: not UTF-8 text"),
    ],
)
def test_bad_roster_names_file_and_line_but_not_content(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    path = write(tmp_path, "staff.csv", content)
    with pytest.raises(DetectorError) as info:
        load_staff(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "Secretname" not in message
    assert "Ok Person" not in message


def test_missing_roster_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DetectorError, match=r"client roster .*missing\.csv: cannot read file"):
        load_clients(tmp_path / "missing.csv")


def test_roster_recognizer_finds_names_in_any_case(tmp_path: Path) -> None:
    roster = load_clients(write(tmp_path, "c.csv", "name,known_as\nDoris Quenby,Dot\n"))
    recognizer = ClientRosterRecognizer(roster)
    text = "doris didn't want breakfast, Dot said. DORIS QUENBY is fine. Dorset trip"
    found = [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"])]
    assert found == ["doris", "Dot", "DORIS QUENBY"]


def test_everyday_word_names_need_a_capital_mid_sentence(tmp_path: Path) -> None:
    roster = load_clients(write(tmp_path, "c.csv", "name\nMay Quenby\nWill Ashdown\n"))
    recognizer = ClientRosterRecognizer(roster)
    text = "May I swap shifts? will do. Took May to the shops with Will."
    found = [(r.start, text[r.start : r.end]) for r in recognizer.analyze(text, ["PERSON"])]
    assert found == [(text.index("May to"), "May"), (text.index("Will."), "Will")]


def test_possessives_apostrophes_and_hyphens(tmp_path: Path) -> None:
    roster = load_clients(write(tmp_path, "c.csv", "name\nDoris Quenby\nRuby-Mae O'Neill\n"))
    recognizer = ClientRosterRecognizer(roster)
    text = "Doris's tea. Ruby-Mae O’Neill called; Ruby came too"
    found = [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"])]
    assert found == ["Doris", "Ruby-Mae O’Neill"]


def letters(i: int) -> str:
    """An invented letters-only name part for number ``i``."""
    out = ""
    while True:
        i, r = divmod(i, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[r]
        if i == 0:
            return "Zq" + out


def test_large_roster_still_matches_exactly(tmp_path: Path) -> None:
    rows = "".join(f"{letters(i)} X{letters(i + 1)}\n" for i in range(5000))
    roster = load_clients(write(tmp_path, "c.csv", "name\n" + rows))
    recognizer = ClientRosterRecognizer(roster)
    last, first = letters(4999), letters(12)
    text = f"{last.lower()} x{letters(5000).lower()} and {first} then {first}zz"
    found = [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"])]
    assert found == [f"{last.lower()} x{letters(5000).lower()}", first]
