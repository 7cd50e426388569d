"""Every card the bot sends is valid Adaptive Card 1.5 and says what a DPO or carer needs."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.commands import COMMANDS, Audience, Command
from bot.teams.cards import (
    POLICY_RULE,
    BreachState,
    EscalationView,
    HygieneView,
    HygieneWeek,
    NameWarningView,
    RegisterRow,
    RegisterView,
    Verb,
    as_attachment,
    breach_alert_card,
    escalation_notice_card,
    help_card,
    hygiene_card,
    name_warning_card,
    register_card,
    samples,
)
from tests.unit.teams.cardsupport import buttons, schema_errors, visible_text, walk

TEAMS_MAX_MESSAGE_BYTES = 28 * 1024

CARDS = samples.sample_cards()


@pytest.mark.parametrize("name", sorted(CARDS))
def test_every_card_is_valid_adaptive_card_1_5(name: str) -> None:
    card = CARDS[name]
    assert schema_errors(card) == []
    assert card["version"] == "1.5"
    assert card["fallbackText"]


@pytest.mark.parametrize("name", sorted(CARDS))
def test_cards_fit_a_teams_message_and_wrap_on_a_phone(name: str) -> None:
    card = CARDS[name]
    assert len(json.dumps(card).encode()) < TEAMS_MAX_MESSAGE_BYTES
    for obj in walk(card):
        if obj.get("type") == "TextBlock":
            assert obj["wrap"] is True, obj["text"]
        if obj.get("type") == "ActionSet":
            assert len(obj["actions"]) <= 2


def _titles(card: dict[str, object]) -> list[str]:
    return [str(b["title"]) for b in buttons(card)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("view", "label", "titles"),
    [
        (samples.REPORTED, "NEW", ["Acknowledge", "Mark high risk", "Hand over", "Details (1:1)"]),
        (samples.ACKNOWLEDGED, "ACKNOWLEDGED", ["Mark high risk", "Hand over", "Details (1:1)"]),
        (samples.HIGH_RISK, "HIGH RISK", ["Hand over", "Details (1:1)"]),
        (
            samples.HANDED_OVER,
            "HANDED OVER",
            ["Acknowledge", "Mark high risk", "Hand over", "Details (1:1)"],
        ),
        (
            samples.ESCALATED,
            "ESCALATED",
            ["Acknowledge", "Mark high risk", "Hand over", "Details (1:1)"],
        ),
    ],
)
def test_alert_states_are_told_in_words_with_the_right_buttons(
    view: samples.BreachAlertView, label: str, titles: list[str]
) -> None:
    card = breach_alert_card(view)
    shown = visible_text(card)
    assert label in shown  # the state is in words, not only in the container colour
    assert _titles(card) == titles
    for action in buttons(card):
        assert action["type"] == "Action.Execute"
        assert action["verb"] in {v.value for v in Verb}
        assert action["data"] == {"reference": view.reference}


def test_alert_shows_the_facts_a_dpo_needs() -> None:
    shown = visible_text(breach_alert_card(samples.HIGH_RISK))
    for expected in (
        "BR-2026-0042",
        "Adults",
        "Mon 10 Nov, 09:15",
        "Mon 10 Nov, 09:38 (within the hour)",
        "WhatsApp, Birdie",
        "ICO deadline Thu 13 Nov, 09:15 (71 h left)",
        "Acknowledged by R. Williams at 09:42",
        "Marked high risk by R. Williams at 10:05",
    ):
        assert expected in shown


def test_late_and_incomplete_reports_say_so() -> None:
    shown = visible_text(breach_alert_card(samples.ESCALATED))
    assert "LATE: more than 1 hour after discovery" in shown
    assert "INCOMPLETE" in shown
    assert "within the hour" not in shown


def test_escalation_notice_says_why_and_keeps_the_buttons() -> None:
    card = escalation_notice_card(samples.ESCALATION)
    shown = visible_text(card)
    assert "Escalated to you (DPO Children)" in shown
    assert "Not acknowledged within 15 minutes by R. Williams" in shown
    assert "Acknowledge" in _titles(card)


def test_ico_reminder_gives_deadline_and_link() -> None:
    card = CARDS["ico-reminder"]
    shown = visible_text(card)
    assert "Thu 13 Nov, 09:15" in shown
    assert "48 h since discovery" in shown
    urls = [b["url"] for b in buttons(card) if b["type"] == "Action.OpenUrl"]
    assert urls == ["https://ico.org.uk/for-organisations/report-a-breach/"]


def test_name_warning_names_kinds_rule_rewrite_and_buttons() -> None:
    card = name_warning_card(samples.WARNING)
    shown = visible_text(card)
    assert "a person's name" in shown
    assert "a postcode" in shown
    assert POLICY_RULE in shown
    assert samples.WARNING.suggested_rewrite in shown
    assert _titles(card) == ["I've edited it", "Not client data"]
    assert {b["data"]["warning"] for b in buttons(card)} == {"hw-7f3a2c"}
    assert "PERSON" not in shown  # detector codes are translated, not shown raw


def test_a_dpo_can_turn_a_warning_into_a_breach_record() -> None:
    card = name_warning_card(replace(samples.WARNING, can_record_breach=True))
    assert "Record as a breach" in _titles(card)
    verbs = [b["verb"] for b in buttons(card)]
    assert Verb.WARNING_TO_BREACH in verbs


FIXTURE_NAME = "Marjorie Quenby-Fixture"


def test_client_name_in_free_text_fields_never_reaches_a_card() -> None:
    # Systems and entity types are the fields where a careless mapping could pass raw text.
    alert = replace(samples.REPORTED, systems=("WhatsApp", f"other: {FIXTURE_NAME}'s folder"))
    warning = replace(samples.WARNING, entity_types=("PERSON", FIXTURE_NAME))
    for card in (
        breach_alert_card(alert),
        escalation_notice_card(EscalationView(alert, "Not acknowledged.", "SIRO")),
        name_warning_card(warning),
    ):
        assert FIXTURE_NAME not in json.dumps(card)
        assert "Quenby" not in visible_text(card)
    assert "WhatsApp, Other" in visible_text(breach_alert_card(alert))
    assert "other identifying details" in visible_text(name_warning_card(warning))


_printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=60
)


@settings(max_examples=25, deadline=None)
@given(
    state=st.sampled_from(list(BreachState)),
    systems=st.lists(_printable, max_size=4),
    summary=_printable,
    history=st.lists(_printable, max_size=4),
    within=st.booleans(),
    incomplete=st.booleans(),
)
def test_any_alert_view_gives_a_valid_card_without_leaking_free_text_systems(
    state: BreachState,
    systems: list[str],
    summary: str,
    history: list[str],
    within: bool,
    incomplete: bool,
) -> None:
    view = replace(
        samples.REPORTED,
        state=state,
        systems=(*systems, FIXTURE_NAME),
        summary=summary,
        history=tuple(history),
        within_hour=within,
        incomplete=incomplete,
    )
    card = breach_alert_card(view)
    assert schema_errors(card) == []
    assert FIXTURE_NAME not in visible_text(card)


def test_help_is_generated_from_the_declarations() -> None:
    carer = visible_text(help_card(officer=False))
    dpo = visible_text(help_card(officer=True))
    for command in COMMANDS:
        assert command.help in dpo
        assert (command.help in carer) == (command.audience is Audience.EVERYONE)
    custom = (Command("ping", "Check that I am here.", examples=("/ping",)),)
    shown = visible_text(help_card(officer=False, commands=custom))
    assert "/ping" in shown
    assert "Check that I am here." in shown
    assert "/breach" not in shown


def test_register_lists_each_open_breach_with_its_clock() -> None:
    shown = visible_text(CARDS["register"])
    assert "3 open" in shown
    for row in samples.REGISTER.rows:
        assert row.reference in shown
        assert row.clock in shown
    empty = visible_text(register_card(RegisterView(as_of="now")))
    assert "No open breaches." in empty
    assert "0 open" in empty


def test_register_rows_show_state_words() -> None:
    rows = tuple(RegisterRow(f"BR-{s.value}", "Adults", s, "clock") for s in BreachState)
    shown = visible_text(register_card(RegisterView(as_of="now", rows=rows)))
    for words in ("NEW", "ACKNOWLEDGED", "HIGH RISK", "HANDED OVER", "ESCALATED"):
        assert words in shown


def test_hygiene_counts_per_channel_and_week() -> None:
    shown = visible_text(CARDS["hygiene"])
    assert "11 warnings in all" in shown
    assert "Week of 3 Nov · 5 warnings" in shown
    assert "Children: Oak House 1 warning" in shown
    assert "Week of 20 Oct · 0 warnings" in shown
    empty = hygiene_card(HygieneView(period="Last 4 weeks", weeks=(HygieneWeek("Week of 3 Nov"),)))
    assert "No warnings in this period." in visible_text(empty)
    assert schema_errors(empty) == []


def test_warning_without_types_still_says_something_generic() -> None:
    card = name_warning_card(
        NameWarningView(warning_id="w1", place="Office", entity_types=(), suggested_rewrite="x")
    )
    assert "other identifying details" in visible_text(card)


def test_attachment_wraps_the_card_for_teams() -> None:
    card = CARDS["help-carer"]
    assert as_attachment(card) == {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "content": card,
    }


@pytest.mark.parametrize("state", list(BreachState))
def test_spoken_text_has_the_state_in_words_without_symbols(state: BreachState) -> None:
    card = breach_alert_card(replace(samples.REPORTED, state=state))
    assert not set(card["speak"]) & set("●✓▲→")
    assert card["speak"].startswith("Data breach BR-2026-0042 (Adults): ")
