"""Short answers typed on a phone: commands, yes/no, services, systems and containment."""

from __future__ import annotations

import pytest

from bot.domain.conversation.parsing import (
    Command,
    command_of,
    is_no,
    is_yes,
    parse_containment,
    parse_service,
    parse_systems,
    plain,
)


@pytest.mark.parametrize(
    ("text", "command"),
    [("cancel", Command.CANCEL), ("Cancel.", Command.CANCEL), ("/cancel", Command.CANCEL),
     ("STOP", Command.CANCEL), ("back", Command.BACK), ("go back", Command.BACK),
     ("don’t know", Command.SKIP),
     ("skip", Command.SKIP), ("not sure", Command.SKIP), ("help", Command.HELP),
     ("?", Command.HELP), ("keep", Command.KEEP), ("same", Command.KEEP)],
)  # fmt: skip
def test_commands(text: str, command: Command) -> None:
    assert command_of(text) is command


@pytest.mark.parametrize("text", ["I cancelled the email", "went back to the office", "", "ok"])
def test_sentences_containing_command_words_are_not_commands(text: str) -> None:
    assert command_of(text) is None


@pytest.mark.parametrize(
    "text", ["yes", "Y", "yep", "Yeah", "ok", "OK.", "okay", "sure", "👍", "yes please", "Aye"]
)
def test_yes(text: str) -> None:
    assert is_yes(text)
    assert not is_no(text)


@pytest.mark.parametrize("text", ["no", "N", "nope", "nah", "No thanks"])
def test_no(text: str) -> None:
    assert is_no(text)
    assert not is_yes(text)


@pytest.mark.parametrize(
    ("text", "service"),
    [("adults", "adults"), ("Adult", "adults"), ("1", "adults"), ("adlts", "adults"),
     ("children", "children"), ("Children's", "children"), ("kids", "children"),
     ("2", "children"), ("childrn", "children"), ("3", None), ("office", None),
     ("children's home", "children"), ("Childrens home", "children"),
     ("children’s home", "children"), ("kids home", "children"), ("young people", "children"),
     ("YP", "children"), ("the children's home", "children"), ("home care", "adults"),
     ("Home care.", "adults"), ("domiciliary", "adults"), ("domiciliary care", "adults"),
     ("for the adults", "adults"), ("home", None), ("people", None)],
)  # fmt: skip
def test_service(text: str, service: str | None) -> None:
    assert parse_service(text) == service


@pytest.mark.parametrize(
    ("text", "systems", "unknown"),
    [
        ("Birdie", ("Birdie",), 0),
        ("birdie, teams", ("Birdie", "Teams"), 0),
        ("TEAMS and birdie", ("Birdie", "Teams"), 0),  # list order, not typing order
        ("1, 6", ("Birdie", "WhatsApp"), 0),
        ("1 3", ("Birdie", "Orta"), 0),
        ("9", ("other",), 0),
        ("birdy", ("Birdie",), 0),
        ("whatsap", ("WhatsApp",), 0),
        ("Whats App", ("WhatsApp",), 0),
        ("teems", ("Teams",), 0),
        ("emial", ("email",), 0),
        ("e-mail", ("email",), 0),
        ("outlook", ("email",), 0),
        ("clear care", ("ClearCare",), 0),
        ("Clearcare", ("ClearCare",), 0),
        ("one drive", ("OneDrive",), 0),
        ("onedrive/teams", ("OneDrive", "Teams"), 0),
        ("paperwork", ("paper",), 0),
        ("the birdie app", ("Birdie",), 0),
        ("birdie, birdie", ("Birdie",), 0),
        ("Birdie and Nourish", ("Birdie",), 1),
        ("nourish", (), 1),
        ("0", (), 1),
        ("12", (), 1),
        ("on", (), 0),
    ],
)
def test_systems(text: str, systems: tuple[str, ...], unknown: int) -> None:
    answer = parse_systems(text)
    assert answer.systems == systems
    assert answer.unknown == unknown


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("1", ("locked_device",)),
        ("1, 2", ("locked_device", "changed_password")),
        ("2 and 1", ("locked_device", "changed_password")),
        ("locked, password", ("locked_device", "changed_password")),
        ("Changed a password", ("changed_password",)),
        ("papers", ("retrieved_papers",)),
        ("none yet", ("none_yet",)),
        ("nothing", ("none_yet",)),
        ("5", ("none_yet",)),
        ("1 and 5", ("locked_device",)),  # something was done after all
        ("6", None),
        ("asked the family to delete the photo", None),
    ],
)
def test_containment(text: str, codes: tuple[str, ...] | None) -> None:
    assert parse_containment(text) == codes


@pytest.mark.parametrize(
    ("text", "read"),
    [("Yes, send it", "yes send it"), ("  YES   send it!! ", "yes send it"),
     ("No, change something.", "no change something"), ("children’s home", "childrens home"),
     ("/back", "back")],
)  # fmt: skip
def test_plain_reads_labels_without_punctuation(text: str, read: str) -> None:
    assert plain(text) == read
