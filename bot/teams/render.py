"""The bot's outgoing messages → Teams message activities (Adaptive Cards or text).

Card content comes from the builders in :mod:`bot.teams.cards`; this module only maps
the services' messages onto the card views. Everything passed to a card is already safe
for a channel (masked summaries, display times).
"""

from __future__ import annotations

from typing import Any

from bot.domain.values import Service
from bot.services.messages import (
    ActionRequest,
    AlertStatus,
    ApprovalRequest,
    BreachAlert,
    EscalationNotice,
    Help,
    HygieneSummary,
    IcoReminder,
    Outgoing,
    PrivateWarning,
    Question,
    RegisterSummary,
    Text,
    plain_text,
)
from bot.services.stage import Stage
from bot.teams.cards import (
    ADAPTIVE_CARD_CONTENT_TYPE,
    BreachAlertView,
    BreachState,
    EscalationView,
    HygieneView,
    HygieneWeek,
    IcoReminderView,
    Json,
    NameWarningView,
    RegisterRow,
    RegisterView,
    breach_alert_card,
    escalation_notice_card,
    help_card,
    hygiene_card,
    ico_reminder_card,
    name_warning_card,
    register_card,
)
from bot.teams.cards.views import (
    ActionRequestView,
    ApprovalView,
    StageView,
    StepView,
)
from bot.teams.cards.workflow import action_request_card, approval_card

_STATE = {status: BreachState(status.value) for status in AlertStatus}


def _service(service: Service | str | None) -> str:
    if service is None:
        return "Not given"
    value = service.value if isinstance(service, Service) else str(service)
    return value.capitalize()


def stage_view(stage: Stage) -> StageView:
    """The card's view of a breach's stage (its steps become buttons or dialogs)."""
    steps = tuple(
        StepView(s.title, form=s.key, style=s.style)
        if s.form
        else StepView(s.title, verb=s.key, style=s.style)
        for s in stage.steps
    )
    return StageView(stage.name, stage.next_due, stage.clocks, steps)


def _state(alert: BreachAlert) -> BreachState:
    stage, status = alert.stage, alert.status
    if stage is not None and stage.closed:
        return BreachState.CLOSED
    if status in (AlertStatus.ACKNOWLEDGED, AlertStatus.HIGH_RISK) and stage is not None:
        if alert.breach.high_risk:
            return BreachState.HIGH_RISK
        return BreachState.ASSESSED if stage.assessed else BreachState.ACKNOWLEDGED
    return _STATE[status]


def alert_view(alert: BreachAlert) -> BreachAlertView:
    """The DPO alert card's view of a breach alert."""
    breach = alert.breach
    late = breach.report_minutes_late
    return BreachAlertView(
        reference=alert.reference,
        service=_service(breach.service),
        discovered=alert.discovered,
        reported=alert.reported,
        within_hour=late is None or late == 0,
        systems=tuple(s.value for s in breach.systems),
        summary=alert.summary,
        clock=alert.clock,
        state=_state(alert),
        owner=alert.owner,
        history=alert.history,
        incomplete=breach.incomplete,
        stage=stage_view(alert.stage) if alert.stage is not None else None,
    )


def card_for(message: Outgoing) -> Json | None:
    """The Adaptive Card for ``message``, or ``None`` when it is sent as text."""
    match message:
        case BreachAlert():
            return breach_alert_card(alert_view(message))
        case EscalationNotice(alert=alert, reason=reason, recipient_role=role):
            return escalation_notice_card(EscalationView(alert_view(alert), reason, role))
        case IcoReminder():
            view = IcoReminderView(
                message.reference,
                _service(message.service),
                message.hours_elapsed,
                message.deadline_label,
                message.time_left,
                message.summary,
            )
            return ico_reminder_card(view)
        case Help(officer=officer, commands=commands):
            return help_card(officer=officer, commands=commands)
        case RegisterSummary(as_of_label=as_of, rows=rows):
            register_rows = tuple(
                RegisterRow(r.reference, _service(r.service), _STATE[r.status], r.clock, r.owner)
                for r in rows
            )
            return register_card(RegisterView(as_of, register_rows))
        case HygieneSummary(period=period, weeks=weeks):
            return hygiene_card(
                HygieneView(period, tuple(HygieneWeek(w.week, w.counts) for w in weeks))
            )
        case PrivateWarning():
            return name_warning_card(
                NameWarningView(
                    message.warning_id,
                    message.place,
                    message.entity_types,
                    message.suggested_rewrite,
                    message.can_record_breach,
                )
            )
        case ActionRequest():
            return action_request_card(
                ActionRequestView(
                    message.reference,
                    message.number,
                    message.text,
                    message.kind,
                    message.requested_by,
                    message.done,
                )
            )
        case ApprovalRequest(alert=alert, summary=summary, decided=decided):
            return approval_card(ApprovalView(alert_view(alert), summary, decided))
    return None


def _question(message: Question) -> dict[str, Any]:
    reply = message.reply
    activity: dict[str, Any] = {"type": "message", "text": reply.as_plain_text()}
    # Suggested actions echo a choice's value as typed text, which the conversation
    # accepts exactly like typing it; multi-select answers are typed ("1, 3").
    buttons = [] if reply.multi_select else list(reply.choices)
    buttons += list(reply.actions)
    if buttons:
        activity["suggestedActions"] = {
            "actions": [{"type": "imBack", "title": c.label, "value": c.value} for c in buttons]
        }
    return activity


def to_activity(message: Outgoing) -> dict[str, Any]:
    """A Teams message activity (JSON) for any outgoing message."""
    if isinstance(message, Question):
        return _question(message)
    if isinstance(message, Text):
        return {"type": "message", "text": message.text}
    card = card_for(message)
    if card is None:
        return {"type": "message", "text": plain_text(message)}
    return {
        "type": "message",
        "attachments": [{"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": card}],
    }


def invoke_card_response(card: Json) -> dict[str, Any]:
    """The body of an ``adaptiveCard/action`` invoke answer that replaces the card."""
    return {"statusCode": 200, "type": ADAPTIVE_CARD_CONTENT_TYPE, "value": card}


def invoke_message_response(text: str) -> dict[str, Any]:
    """The body of an ``adaptiveCard/action`` invoke answer that shows a short message."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": text}
