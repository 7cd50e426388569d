"""The Wiktionary name-list builder keeps Latin-script names that are not everyday English."""

from __future__ import annotations

from pathlib import Path

from nlp.training.build_wiktionary_names import names_in


def test_names_are_folded_split_and_filtered(tmp_path: Path) -> None:
    csv_file = tmp_path / "given_names.csv"
    csv_file.write_text(
        "id,title,name,url\n"
        ",Gwenllïan,Gwenllïan,u\n"  # folded without its diaeresis
        ",Siân Wyn,Siân Wyn,u\n"  # split into words
        ",Al Amin,Al Amin,u\n"  # a particle is not a name
        ",Bo,Bo,u\n"  # too short
        ",Storm,Storm,u\n"  # everyday English
        ",عمر,عمر,u\n",  # not Latin letters
        encoding="utf-8",
    )
    english = {"storm": 46, "amin": 30}
    assert names_in([csv_file, tmp_path / "missing.csv"], english) == [
        "amin",
        "gwenllian",
        "sian",
        "wyn",
    ]
