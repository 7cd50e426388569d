"""Example views of every card, with invented data: the docs screenshots and the tests use them.

The summary and rewrite texts are already masked, as the detector would leave them.
"""

from __future__ import annotations

from dataclasses import replace

from bot.teams.cards.breach import breach_alert_card, escalation_notice_card, ico_reminder_card
from bot.teams.cards.elements import Json
from bot.teams.cards.summaries import help_card, hygiene_card, register_card
from bot.teams.cards.views import (
    BreachAlertView,
    BreachState,
    EscalationView,
    HygieneView,
    HygieneWeek,
    IcoReminderView,
    NameWarningView,
    RegisterRow,
    RegisterView,
)
from bot.teams.cards.warning import name_warning_card

REPORTED = BreachAlertView(
    reference="BR-2026-0042",
    service="Adults",
    discovered="Mon 10 Nov, 09:15",
    reported="Mon 10 Nov, 09:38",
    within_hour=True,
    systems=("WhatsApp", "Birdie"),
    summary=(
        "A carer sent a photo of [CLIENT]'s medication chart to the wrong WhatsApp group. "
        "The photo was deleted for everyone after 5 minutes."
    ),
    clock="37 min left in the 1-hour window",
    state=BreachState.REPORTED,
    owner="R. Williams (DPO Adults)",
    history=("Reported by J. Carter at 09:38",),
)

ACKNOWLEDGED = replace(
    REPORTED,
    state=BreachState.ACKNOWLEDGED,
    clock="Acknowledged 4 min after the report",
    history=(*REPORTED.history, "Acknowledged by R. Williams at 09:42"),
)

HIGH_RISK = replace(
    ACKNOWLEDGED,
    state=BreachState.HIGH_RISK,
    clock="ICO deadline Thu 13 Nov, 09:15 (71 h left)",
    history=(*ACKNOWLEDGED.history, "Marked high risk by R. Williams at 10:05"),
)

HANDED_OVER = replace(
    REPORTED,
    service="Children",
    state=BreachState.HANDED_OVER,
    owner="C. Best (DPO Children)",
    clock="Reported 9 min ago",
    history=(*REPORTED.history, "Handed over to C. Best by R. Williams at 09:47"),
)

ESCALATED = replace(
    REPORTED,
    reference="BR-2026-0043",
    discovered="Mon 10 Nov, 13:02",
    reported="Mon 10 Nov, 14:20",
    within_hour=False,
    systems=("Paper",),
    summary="A folder of daily notes for [CLIENT] was left on the shared office printer.",
    state=BreachState.ESCALATED,
    owner="T. Merrick (SIRO)",
    clock="Unacknowledged for 30 min",
    incomplete=True,
    history=(
        "Reported by A. Jones at 14:20 (late)",
        "Escalated to C. Best at 14:35",
        "Escalated to T. Merrick at 14:50",
    ),
)

ESCALATION = EscalationView(
    alert=replace(ESCALATED, history=ESCALATED.history[:2], owner="C. Best (DPO Children)"),
    reason="Not acknowledged within 15 minutes by R. Williams (DPO Adults).",
    recipient_role="DPO Children",
)

ICO_REMINDER = IcoReminderView(
    reference="BR-2026-0042",
    service="Adults",
    hours_elapsed=48,
    deadline="Thu 13 Nov, 09:15",
    time_left="24 h left",
    summary=REPORTED.summary,
)

WARNING = NameWarningView(
    warning_id="hw-7f3a2c",
    place="Adults: Rota channel",
    entity_types=("PERSON", "UK_POSTCODE"),
    suggested_rewrite="Can someone cover J.S.'s 10:00 call in [POSTCODE] today?",
)

REGISTER = RegisterView(
    as_of="Mon 10 Nov, 15:00",
    rows=(
        RegisterRow(
            "BR-2026-0042", "Adults", BreachState.HIGH_RISK, HIGH_RISK.clock, "R. Williams"
        ),
        RegisterRow(
            "BR-2026-0043", "Children", BreachState.ESCALATED, ESCALATED.clock, "T. Merrick"
        ),
        RegisterRow("BR-2026-0044", "Adults", BreachState.ACKNOWLEDGED, "Open 2 h", "R. Williams"),
    ),
)

HYGIENE = HygieneView(
    period="Last 4 weeks (13 Oct to 9 Nov)",
    weeks=(
        HygieneWeek("Week of 3 Nov", (("Adults: Rota", 4), ("Children: Oak House", 1))),
        HygieneWeek("Week of 27 Oct", (("Adults: Rota", 2),)),
        HygieneWeek("Week of 20 Oct", ()),
        HygieneWeek("Week of 13 Oct", (("Children: Oak House", 3), ("Office", 1))),
    ),
)


def sample_cards() -> dict[str, Json]:
    """Every card the bot sends, built from the example views (name → card)."""
    # Imported here: the workflow samples build on this module's views.
    from bot.teams.cards.samples_workflow import workflow_cards

    return {
        "breach-reported": breach_alert_card(REPORTED),
        "breach-acknowledged": breach_alert_card(ACKNOWLEDGED),
        "breach-high-risk": breach_alert_card(HIGH_RISK),
        "breach-handed-over": breach_alert_card(HANDED_OVER),
        "breach-escalated": breach_alert_card(ESCALATED),
        "escalation-notice": escalation_notice_card(ESCALATION),
        "ico-reminder": ico_reminder_card(ICO_REMINDER),
        "name-warning": name_warning_card(WARNING),
        "help-carer": help_card(officer=False),
        "help-dpo": help_card(officer=True),
        "register": register_card(REGISTER),
        "register-empty": register_card(RegisterView(as_of="Mon 10 Nov, 15:00")),
        "hygiene": hygiene_card(HYGIENE),
        **workflow_cards(),
    }
