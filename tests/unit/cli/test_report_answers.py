"""Answers typed at ``register add``: read in the bot's words, refused as the bot refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.cli.intake import Containment, read_containment, read_discovery, read_service
from bot.cli.systems import SYSTEMS_HELP, read_systems
from bot.cli.util import InvalidAnswerError
from bot.domain.conversation import (
    ConversationKey,
    Reporter,
    ReporterContext,
    Turn,
    dispatch,
    state_to_dict,
)
from bot.domain.values import Service

NOW = datetime(2026, 11, 23, 9, 53, tzinfo=UTC)


def bot_system_labels() -> list[str]:
    """The labels the bot's /breach conversation offers at its systems question."""
    key = ConversationKey("msteams", "a:1", "29:u")
    ctx = ReporterContext(Reporter("sam@example.org", "Sam"), default_service="adults")
    stored = None
    result = None
    for i, text in enumerate(["/breach", "10 minutes ago", "yes", "in the office"]):
        result = dispatch(stored, key, Turn(text=text), ctx, NOW + timedelta(minutes=i))
        assert result is not None
        stored = state_to_dict(result.state)
    assert result is not None
    return [c.label for c in result.replies[-1].choices]


def test_the_list_offered_is_the_bots() -> None:
    labels = bot_system_labels()
    assert "Paper records" in labels
    assert ", ".join(f"{i} {label}" for i, label in enumerate(labels, 1)) == SYSTEMS_HELP


@pytest.mark.parametrize(
    ("typed", "systems", "other"),
    [
        ("Paper records, Email", ("email", "paper"), None),
        ("7, 8", ("email", "paper"), None),
        ("birdy and outlook", ("Birdie", "email"), None),
        ("Birdie, Other: Nourish", ("Birdie", "other"), "Nourish"),
        ("other (Nourish Care), WhatsApp", ("WhatsApp", "other"), "Nourish Care"),
        ("Other", ("other",), None),
    ],
)
def test_systems_take_the_bots_labels_and_a_named_other(
    typed: str, systems: tuple[str, ...], other: str | None
) -> None:
    choice = read_systems(typed)
    assert (choice.systems, choice.other_name) == (systems, other)
    assert choice.needs_name == ("other" in systems and other is None)


def test_an_unknown_system_is_refused_without_repeating_it() -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        read_systems("Birdie, Margaret's folder")
    assert "Margaret" not in str(caught.value)
    assert "8 Paper records" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1, 2", Containment(steps=("locked_device", "changed_password"))),
        ("locked, password", Containment(steps=("locked_device", "changed_password"))),
        (
            "Asked the family to delete the photo",
            Containment(notes="Asked the family to delete the photo"),
        ),
    ],
)
def test_containment_takes_listed_steps_or_own_words(typed: str, expected: Containment) -> None:
    assert read_containment(typed) == expected


def test_containment_reads_as_the_bot_records_it() -> None:
    both = Containment(steps=("retrieved_papers",), notes="rang the driver")
    assert both.text == "Retrieved or secured the papers; rang the driver"
    assert Containment().text is None


@pytest.mark.parametrize(
    ("typed", "service"), [("kids", "children"), ("Adult", "adults"), ("2", "children")]
)
def test_service_in_the_bots_words(typed: str, service: str) -> None:
    assert read_service(typed) is Service(service)


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("2026-11-23 09:15", datetime(2026, 11, 23, 9, 15, tzinfo=UTC)),
        ("40 minutes ago", NOW - timedelta(minutes=40)),
        ("today 9:15", datetime(2026, 11, 23, 9, 15, tzinfo=UTC)),
        ("2026-10-25 00:30", datetime(2026, 10, 24, 23, 30, tzinfo=UTC)),  # still BST
    ],
)
def test_discovery_times_as_typed(typed: str, at: datetime) -> None:
    assert read_discovery(typed, reported=NOW, now=NOW) == at


@pytest.mark.parametrize(
    ("typed", "reported", "reason"),
    [
        ("2026-10-23 09:00", NOW, "more than 30 days before the report"),
        ("2026-11-23 11:00", NOW, "has not happened yet"),
        ("tomorrow at 9", NOW, "has not happened yet"),
        ("when I got in", NOW, "not a date and time"),
        ("2026-11-23 09:00", NOW - timedelta(hours=2), "after the breach was reported"),
        ("yesterday", NOW, "needs the time of day too"),
        ("2026-03-29 01:30", NOW, "does not exist in the UK"),
    ],
)
def test_discovery_times_the_bot_would_refuse(typed: str, reported: datetime, reason: str) -> None:
    with pytest.raises(InvalidAnswerError, match=reason):
        read_discovery(typed, reported=reported, now=NOW)


def test_thirty_days_count_back_from_the_report_not_from_today() -> None:
    reported = NOW - timedelta(days=10)
    at = read_discovery("2026-10-20 10:00", reported=reported, now=NOW)
    assert at == datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
