"""Adaptive Card 1.5 builders for every card the bot sends.

Builders take small view objects (:mod:`bot.teams.cards.views`) and return plain dicts, ready
to be sent as an ``application/vnd.microsoft.card.adaptive`` attachment. No SDK import here,
so the cards are testable on their own.
"""

from bot.teams.cards.breach import breach_alert_card, escalation_notice_card, ico_reminder_card
from bot.teams.cards.elements import ADAPTIVE_CARD_CONTENT_TYPE, CARD_VERSION, Json, as_attachment
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
    Verb,
)
from bot.teams.cards.warning import POLICY_RULE, name_warning_card

__all__ = [
    "ADAPTIVE_CARD_CONTENT_TYPE",
    "CARD_VERSION",
    "POLICY_RULE",
    "BreachAlertView",
    "BreachState",
    "EscalationView",
    "HygieneView",
    "HygieneWeek",
    "IcoReminderView",
    "Json",
    "NameWarningView",
    "RegisterRow",
    "RegisterView",
    "Verb",
    "as_attachment",
    "breach_alert_card",
    "escalation_notice_card",
    "help_card",
    "hygiene_card",
    "ico_reminder_card",
    "name_warning_card",
    "register_card",
]
