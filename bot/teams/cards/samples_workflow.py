"""Example views of the DPO workflow's cards and dialogs, with invented data.

The alert card at each stage, IT support's action card, the SIRO's approval card and
every form as its dialog shows it (one of them with errors, values kept). The docs
screenshots and the card tests use them, like :mod:`bot.teams.cards.samples`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.domain.breach import Breach
from bot.domain.values import Actor, BreachState
from bot.services.forms import FORM_NAMES, Form, build
from bot.teams.cards.breach import breach_alert_card
from bot.teams.cards.elements import Json
from bot.teams.cards.form import form_card
from bot.teams.cards.samples import ACKNOWLEDGED, HIGH_RISK
from bot.teams.cards.views import (
    ActionRequestView,
    ApprovalView,
    BreachAlertView,
    StageView,
    StepView,
    Verb,
)
from bot.teams.cards.views import BreachState as CardState
from bot.teams.cards.workflow import action_request_card, approval_card

REPORT_CLOCK = ("1-hour report", "reported Mon 10 Nov, 09:38, within the hour")
DETAILS = StepView("Details (1:1)", verb=Verb.DETAILS)
REASSESS = StepView("Reassess", form="assess")

TO_ASSESS = replace(
    ACKNOWLEDGED,
    stage=StageView(
        "Assessment",
        "assess it: data involved, people affected, impact, high risk",
        (REPORT_CLOCK,),
        (
            StepView("Assess", form="assess", style="positive"),
            StepView("Add an action", form="action"),
            StepView("Hand over", verb=Verb.HAND_OVER),
            DETAILS,
        ),
    ),
)

ICO_DUE = replace(
    HIGH_RISK,
    history=(*HIGH_RISK.history, "Action 1 (containment, for IT support) added at 10:07"),
    stage=StageView(
        "ICO decision",
        "tell the ICO and record it (due Thu 09:15, 71 h left)",
        (REPORT_CLOCK, ("ICO (72 h)", "due Thu 09:15, 71 h left")),
        (
            StepView("ICO decision", form="ico", style="positive"),
            StepView("ICO pack (1:1)", verb=Verb.ICO_PACK),
            StepView("Add an action", form="action"),
            StepView("Mark an action done", form="action_done"),
            StepView("Individuals informed", form="inform"),
            StepView("Investigation", form="investigate"),
            REASSESS,
            DETAILS,
        ),
    ),
)

READY_TO_CLOSE = replace(
    HIGH_RISK,
    history=(*HIGH_RISK.history, "Approved by T. Merrick (SIRO) at 16:20"),
    stage=StageView(
        "Ready to close",
        "close it with a summary",
        (REPORT_CLOCK, ("ICO (72 h)", "notified Tue 11 Nov, 11:30, within 72 h")),
        (StepView("Close", form="close", style="positive"), REASSESS, DETAILS),
    ),
)

CLOSED = replace(
    HIGH_RISK,
    state=CardState.CLOSED,
    clock="Closed",
    history=(*READY_TO_CLOSE.history, "Closed by R. Williams at 16:45"),
    stage=StageView(
        "Closed",
        "",
        (
            REPORT_CLOCK,
            ("ICO (72 h)", "notified Tue 11 Nov, 11:30, within 72 h"),
            ("Closed", "Wed 12 Nov, 16:45"),
        ),
        (StepView("Reopen", form="reopen"), DETAILS),
    ),
)

IT_ACTION = ActionRequestView(
    reference="BR-2026-0042",
    number=1,
    text="Remove the photo from the WhatsApp group's shared media and check nobody saved it.",
    kind="containment",
    requested_by="R. Williams",
)

SIRO_APPROVAL = ApprovalView(
    alert=ICO_DUE,
    summary=(
        ("Assessment", "Health data; 1 person; high risk"),
        ("Likely impact", "Distress to [CLIENT]; medication details seen by 14 people."),
        ("ICO", "notified Tue 11 Nov, 11:30 (case IC-123456-A1B2)"),
        ("Individuals", "informed"),
        ("Actions", "2 of 2 done"),
        ("Root cause", "The group was picked from a list of similar names."),
        ("Lessons learned", "Photos of charts should never go to group chats."),
        ("Recommended changes", "Retrain the team; pin the policy in every group."),
    ),
)

_BREACH = Breach(
    id="sample",
    reference="BR-2026-0042",
    state=BreachState.ASSESSED,
    reporter=Actor("j.carter@example.org", "J. Carter"),
    created_at=datetime(2026, 11, 10, 9, 38, tzinfo=UTC),
)


def sample_form(name: str) -> Form:
    """The form ``name`` for the sample breach, as it first opens."""
    return build(name, _BREACH)


def assess_with_errors() -> Form:
    """The assessment form sent back: two fields refused, everything typed kept."""
    typed = {
        "data_types": "personal,special_category",
        "affected": "about twelve",
        "estimate": "true",
        "impact": "Medication details seen by the group.",
        "high_risk": "",
        "rationale": "Health data of a vulnerable adult.",
    }
    errors = {"affected": "A whole number, please.", "high_risk": "Please fill this in."}
    return sample_form("assess").with_values(typed, errors)


def workflow_cards() -> dict[str, Json]:
    """Every workflow card and dialog, built from the example views (name → card)."""
    cards: dict[str, Json] = {
        "breach-to-assess": breach_alert_card(TO_ASSESS),
        "breach-ico-due": breach_alert_card(ICO_DUE),
        "breach-ready-to-close": breach_alert_card(READY_TO_CLOSE),
        "breach-closed": breach_alert_card(CLOSED),
        "it-action": action_request_card(IT_ACTION),
        "it-action-done": action_request_card(replace(IT_ACTION, done=True)),
        "siro-approval": approval_card(SIRO_APPROVAL),
        "form-assess-errors": form_card(assess_with_errors()),
    }
    for name in sorted(FORM_NAMES):
        cards[f"form-{name.replace('_', '-')}"] = form_card(sample_form(name))
    return cards


STAGE_SAMPLES: tuple[BreachAlertView, ...] = (TO_ASSESS, ICO_DUE, READY_TO_CLOSE, CLOSED)
