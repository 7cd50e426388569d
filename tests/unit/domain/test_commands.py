"""Commands are declared once; parsing, did-you-mean and help come from that declaration."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.commands import (
    COMMANDS,
    Audience,
    ParsedCommand,
    UnknownCommand,
    find_command,
    help_text,
    parse_command,
    refusal,
    suggest,
    visible_commands,
)
from bot.domain.typos import near_miss


def _parsed(text: str, **kw: bool) -> ParsedCommand:
    result = parse_command(text, **kw)
    assert isinstance(result, ParsedCommand), result
    return result


@pytest.mark.parametrize(
    ("text", "name", "rest"),
    [
        ("/breach", "breach", ""),
        ("/breach status", "breach status", ""),
        ("  /Breach   Status  ", "breach status", ""),
        ("/ breach", "breach", ""),
        ("breach", "breach", ""),
        ("report a breach", "breach", ""),
        ("Report a breach!", "breach", ""),
        ("/help", "help", ""),
        ("/?", "help", ""),
        ("/away until 17:00", "away", "until 17:00"),
        ("away until Tomorrow 09:00", "away", "until Tomorrow 09:00"),
        ("/register", "register", ""),
        ("/hygiene", "hygiene", ""),
        ("/breach now please", "breach", "now please"),
    ],
)
def test_known_commands_parse_with_their_arguments(text: str, name: str, rest: str) -> None:
    parsed = _parsed(text)
    assert parsed.command.name == name
    assert parsed.rest == rest
    assert parsed.args == tuple(rest.split())


def test_breach_status_wins_over_breach_with_an_argument() -> None:
    assert _parsed("/breach status").command is find_command("breach status")
    assert _parsed("/breach statuses").command is find_command("breach")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "/",
        "the breach was on Monday",
        "help me with the rota",
        "register is full",
        "reporting",
    ],
)
def test_ordinary_chat_is_not_a_command(text: str) -> None:
    assert parse_command(text) is None


def test_require_slash_ignores_bare_words_in_answers() -> None:
    assert parse_command("away from the office", require_slash=True) is None
    assert _parsed("/away until 5pm", require_slash=True).command.name == "away"


@pytest.mark.parametrize(
    ("typo", "expected"),
    [("breech", "/breach"), ("brach", "/breach"), ("hepl", "/help"), ("regster", "/register")],
)
def test_unknown_command_gets_did_you_mean(typo: str, expected: str) -> None:
    result = parse_command(f"/{typo}")
    assert isinstance(result, UnknownCommand)
    assert result.word == typo
    assert result.suggestions[0].usage == expected
    assert f"Did you mean {expected}" in result.reply()


def test_unknown_command_without_a_close_match_points_to_help() -> None:
    result = parse_command("/xyzzy now")
    assert isinstance(result, UnknownCommand)
    assert result.suggestions == ()
    assert result.reply() == "I don't know /xyzzy. Type /help to see what I can do."


def test_suggest_returns_each_command_once() -> None:
    found = suggest("breachs")
    assert len(found) == len(set(found))
    assert found[0].name == "breach"


def test_every_command_has_a_unique_spelling_and_help_and_examples() -> None:
    spellings = [s.lower() for c in COMMANDS for s in (c.name, *c.aliases)]
    assert len(spellings) == len(set(spellings))
    for c in COMMANDS:
        assert 0 < len(c.help) <= 100, c.name
        assert c.examples, c.name
        for example in c.examples:
            parsed = parse_command(example)
            assert isinstance(parsed, ParsedCommand), example
            assert parsed.command is c, example


def test_officer_commands_are_the_dpo_ones() -> None:
    officers_only = {c.name for c in COMMANDS if c.audience is Audience.OFFICERS}
    assert officers_only == {
        "away",
        "register",
        "ack",
        "highrisk",
        "handover",
        "details",
        "hygiene",
    }
    assert not find_command("register").allowed(officer=False)
    assert find_command("register").allowed(officer=True)
    assert find_command("breach").allowed(officer=False)


def test_help_for_carers_lists_only_their_commands() -> None:
    text = help_text(officer=False)
    for c in visible_commands(officer=False):
        assert c.usage in text
        assert c.help in text
    assert "/register" not in text
    assert "/hygiene" not in text
    assert "/away" not in text
    assert "DPOs, the SIRO and directors have a few more commands." in text


def test_help_for_officers_lists_every_command() -> None:
    text = help_text(officer=True)
    assert all(c.usage in text for c in COMMANDS)
    assert "a few more commands" not in text


def test_refusal_is_polite_and_names_the_command() -> None:
    message = refusal(find_command("hygiene"))
    assert message.startswith("Sorry, /hygiene is only for the DPOs")


def test_find_command_rejects_unknown_names() -> None:
    with pytest.raises(KeyError):
        find_command("delete everything")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_line_parses_without_error(text: str) -> None:
    result = parse_command(text)
    assert result is None or isinstance(result, ParsedCommand | UnknownCommand)
    if isinstance(result, UnknownCommand):
        assert text.strip().startswith("/")
        assert len(result.suggestions) <= 2


NAVIGATION = ("cancel", "back", "skip", "help", "keep")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("cancle", "cancel"), ("hlep", "help"), ("bakc", "back"), ("skp", "skip"),
     ("CANCLE", "cancel"), ("cancell", "cancel"), ("canel", "cancel"), ("bsck", "back"),
     ("sjip", "skip"), ("kep", "keep"), ("hepl", "help"), ("skipp", "skip")],
)  # fmt: skip
def test_near_miss_catches_one_slip(typed: str, meant: str) -> None:
    assert near_miss(typed, NAVIGATION) == meant


@pytest.mark.parametrize(
    "typed",
    # Real words one slip away, far-off keys, other edits, exact words, non-words.
    ["slip", "hack", "jeep", "hell", "ski", "bank", "shop", "park", "kept", "keen", "helps",
     "skips", "backs", "cancer", "ok", "no", "bus", "help", "cancel", "n/a", "b4ck", "", "sk"],
)  # fmt: skip
def test_near_miss_leaves_real_answers_alone(typed: str) -> None:
    assert near_miss(typed, NAVIGATION) is None
