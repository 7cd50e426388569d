"""The DPO workflow's cards: the alert card's stage, dialog forms, IT's and the SIRO's cards."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.domain.values import ActionKind, ActionOwner
from bot.services.forms import FORM_NAMES, parse
from bot.services.workflow import AssessInput
from bot.teams.cards import Verb, breach_alert_card
from bot.teams.cards import samples_workflow as sw
from bot.teams.cards.form import form_card, split_when
from bot.teams.cards.workflow import action_request_card, approval_card
from bot.teams.dialogs import form_values
from tests.unit.teams.cardsupport import buttons, schema_errors, visible_text, walk

NOW = sw._BREACH.created_at


def _inputs(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in walk(card) if str(o.get("type", "")).startswith("Input.")]


@pytest.mark.parametrize("name", sorted(sw.workflow_cards()))
def test_every_workflow_card_is_valid_adaptive_card_1_5(name: str) -> None:
    assert schema_errors(sw.workflow_cards()[name]) == []


def test_stage_card_shows_stage_next_step_and_clocks() -> None:
    shown = visible_text(breach_alert_card(sw.ICO_DUE))
    assert "Stage: ICO decision" in shown
    assert "Next: tell the ICO and record it (due Thu 09:15, 71 h left)" in shown
    assert "ICO (72 h) due Thu 09:15, 71 h left" in shown
    assert "1-hour report reported Mon 10 Nov, 09:38, within the hour" in shown
    assert "Clock:" not in shown  # the stage's clocks replace the single clock line


def test_stage_buttons_are_dialogs_for_forms_and_execute_for_one_click_steps() -> None:
    card = breach_alert_card(sw.ICO_DUE)
    for button, step in zip(buttons(card), sw.ICO_DUE.stage.steps, strict=True):  # type: ignore[union-attr]
        assert button["title"] == step.title
        if step.form:
            assert button["type"] == "Action.Submit"
            assert button["data"] == {
                "msteams": {"type": "task/fetch"},
                "form": step.form,
                "reference": "BR-2026-0042",
            }
            assert step.form in FORM_NAMES
        else:
            assert button["type"] == "Action.Execute"
            assert button["verb"] in {v.value for v in Verb}
            assert button["data"] == {"reference": "BR-2026-0042"}


def test_closed_card_says_closed_and_offers_reopen() -> None:
    card = breach_alert_card(sw.CLOSED)
    assert "CLOSED" in visible_text(card)
    assert [b["title"] for b in buttons(card)] == ["Reopen", "Details (1:1)"]


@pytest.mark.parametrize("name", sorted(FORM_NAMES))
def test_each_form_has_an_input_per_field_and_a_save_button_naming_it(name: str) -> None:
    form = sw.sample_form(name)
    card = form_card(form)
    ids = {i["id"] for i in _inputs(card)}
    for field in form.fields:
        if field.kind == "datetime":
            assert {f"{field.key}.date", f"{field.key}.time"} <= ids
        else:
            assert field.key in ids
    (save,) = buttons(card)
    assert save["type"] == "Action.Submit"
    assert save["data"] == {"form": name, "reference": "BR-2026-0042"}


def test_form_with_errors_shows_each_error_and_keeps_every_value() -> None:
    form = sw.assess_with_errors()
    card = form_card(form)
    shown = visible_text(card)
    assert "⚠ A whole number, please." in shown
    assert "⚠ Please fill this in." in shown
    assert "Nothing has been saved yet: 2 fields need your attention" in shown
    values = {i["id"]: i.get("value") for i in _inputs(card)}
    assert values["affected"] == "about twelve"  # the bad value, as typed
    assert values["data_types"] == "personal,special_category"
    assert values["impact"] == "Medication details seen by the group."
    assert values["estimate"] == "true"


def test_a_refused_step_is_shown_at_the_top_of_the_form() -> None:
    form = replace(sw.sample_form("close"), problem="Nothing changed: cannot close yet.")
    assert "⚠ Nothing changed: cannot close yet." in visible_text(form_card(form))


def test_what_teams_sends_back_from_the_assess_form_parses_to_the_step_input() -> None:
    """The card's input ids and value formats are the ones ``forms.parse`` reads."""
    submitted = {
        "msteams": {"type": "task/fetch"},
        "form": "assess",
        "reference": "BR-2026-0042",
        "data_types": "personal,children",  # a multi-select ChoiceSet sends a joined string
        "affected": "12",
        "estimate": "true",
        "impact": "Distress",
        "high_risk": "yes",
        "rationale": "Children's data",
    }
    parsed = parse(sw.sample_form("assess"), form_values(submitted), NOW)
    assert isinstance(parsed, AssessInput)
    assert parsed.affected == 12
    assert parsed.high_risk
    assert {t.value for t in parsed.data_types} == {"personal", "children"}


def test_date_and_time_inputs_become_one_value_and_back() -> None:
    values = form_values({"at.date": "2026-11-10", "at.time": "11:30", "n": 3.0, "msteams": {}})
    assert values == {"at": "2026-11-10 11:30", "n": 3}
    assert split_when(values["at"]) == ("2026-11-10", "11:30")
    assert split_when("2026-11-10") == ("2026-11-10", "")  # a half-typed time keeps its date
    assert form_values({"at.date": "", "at.time": ""}) == {"at": ""}
    action = parse(
        sw.sample_form("action"), {"text": "Wipe", "owner": "it", "kind": "remediation"}, NOW
    )
    assert action == ("Wipe", ActionOwner.IT, ActionKind.REMEDIATION)


def test_it_action_card_has_done_until_done() -> None:
    card = action_request_card(sw.IT_ACTION)
    (done,) = buttons(card)
    assert done["verb"] == Verb.ACTION_DONE
    assert done["data"] == {"reference": "BR-2026-0042", "action": "1", "card": "action"}
    assert "TO DO" in visible_text(card)
    finished = action_request_card(replace(sw.IT_ACTION, done=True))
    assert buttons(finished) == []
    assert "DONE" in visible_text(finished)


def test_siro_card_shows_the_report_and_approve_or_send_back() -> None:
    card = approval_card(sw.SIRO_APPROVAL)
    shown = visible_text(card)
    for label, _line in sw.SIRO_APPROVAL.summary:
        assert label in shown
    approve, send_back = buttons(card)
    assert approve["verb"] == Verb.APPROVE
    assert approve["data"] == {"reference": "BR-2026-0042", "card": "approval"}
    assert send_back["data"]["form"] == "send_back"
    decided = approval_card(replace(sw.SIRO_APPROVAL, decided="approved"))
    assert buttons(decided) == []
    assert "APPROVED" in visible_text(decided)
