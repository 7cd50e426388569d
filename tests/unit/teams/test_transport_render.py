"""The bot's outgoing messages as Teams activities: cards valid, text safe, buttons usable."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import lifecycle as lc
from bot.domain.breach import Actor as DomainActor
from bot.domain.breach import Service, System
from bot.domain.commands import COMMANDS
from bot.domain.conversation.replies import CANCEL, Choice, Reply
from bot.services.messages import (
    AlertStatus,
    BreachAlert,
    Help,
    PrivateWarning,
    Question,
    RegisterEntry,
    RegisterSummary,
    Text,
)
from bot.teams.connector import RetryPolicy, parse_retry_after
from bot.teams.render import invoke_card_response, to_activity
from tests.unit.teams.cardsupport import schema_errors

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SECRET = "Folder for Mrs Zebedee Quill left on the bus"


def alert(status: AlertStatus = AlertStatus.REPORTED, late: bool = False) -> BreachAlert:
    reporter = DomainActor("sam.carer@example.org", "Sam Carer")
    breach, _ = lc.create(reporter=reporter, at=T0)
    discovered = T0 - timedelta(minutes=90 if late else 20)
    breach, _ = lc.update_draft(
        breach,
        by=reporter,
        at=T0,
        service=Service.ADULTS,
        discovered_at=discovered,
        location="On the bus",
        systems=(System.PAPER, System.BIRDIE),
        description=SECRET,
    )
    breach = lc.report(breach, at=T0, assign_to=reporter).breach
    return BreachAlert(
        breach=breach,
        status=status,
        summary="Folder for [PERSON] left on the bus",
        clock="40 min left in the 1-hour window",
        discovered="Mon 23 Nov, 08:40",
        reported="Mon 23 Nov, 09:00",
        owner="R. Williams (DPO Adults)",
    )


def card_of(activity: dict[str, object]) -> dict[str, object]:
    (attachment,) = activity["attachments"]  # type: ignore[misc]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return dict(attachment["content"])


@pytest.mark.parametrize("status", list(AlertStatus))
def test_alert_card_is_valid_and_never_shows_the_description(status: AlertStatus) -> None:
    card = card_of(to_activity(alert(status)))
    assert schema_errors(card) == []
    shown = json.dumps(card)
    assert "Quill" not in shown
    assert "[PERSON]" in shown
    assert "Birdie" in shown


def test_late_report_shows_late() -> None:
    assert "LATE" in json.dumps(card_of(to_activity(alert(late=True))))
    assert "within the hour" in json.dumps(card_of(to_activity(alert())))


def test_question_offers_its_choices_as_buttons() -> None:
    reply = Reply(
        "Which service?",
        choices=(Choice("Adults", "adults"), Choice("Children", "children")),
        actions=(CANCEL,),
    )
    activity = to_activity(Question(reply))
    assert "Which service?" in str(activity["text"])
    buttons = activity["suggestedActions"]["actions"]  # type: ignore[index]
    assert [(b["title"], b["value"], b["type"]) for b in buttons] == [
        ("Adults", "adults", "imBack"),
        ("Children", "children", "imBack"),
        ("Cancel", "cancel", "imBack"),
    ]


def test_multi_select_question_is_typed_not_clicked() -> None:
    reply = Reply("Which systems?", choices=(Choice("Birdie", "birdie"),), multi_select=True)
    activity = to_activity(Question(reply))
    assert "suggestedActions" not in activity
    assert "1. Birdie" in str(activity["text"])


def test_plain_text() -> None:
    assert to_activity(Text("Hello")) == {"type": "message", "text": "Hello"}


def test_help_register_and_warning_cards_are_valid() -> None:
    messages = [
        Help(officer=True, commands=COMMANDS, text="help"),
        RegisterSummary(
            T0,
            "Mon 23 Nov, 09:00",
            (RegisterEntry("BR-2026-0001", "adults", AlertStatus.REPORTED, "40 min left"),),
        ),
        PrivateWarning("w-1", "Adults – Rota", ("PERSON", "UK_POSTCODE"), "Visited Mrs Z.Q."),
    ]
    for message in messages:
        assert schema_errors(card_of(to_activity(message))) == []


def test_invoke_response_carries_the_card() -> None:
    card = card_of(to_activity(alert(AlertStatus.ACKNOWLEDGED)))
    response = invoke_card_response(card)
    assert response["statusCode"] == 200
    assert response["type"] == "application/vnd.microsoft.card.adaptive"
    assert response["value"] is card


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("5", 5.0), (" 12 ", 12.0), ("", None), (None, None), ("soon", None), ("-3", None)],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_retry_after_as_a_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0


def test_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0)
    waits = [policy.backoff(n, None) for n in range(1, 8)]
    assert 0.5 <= waits[0] <= 1.0
    assert 1.0 <= waits[1] <= 2.0
    assert max(waits) <= 5.0
    assert policy.backoff(1, 60.0) == 5.0
