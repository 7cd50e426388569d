"""Plain-text rendering of outgoing messages, for the console and text-only channels."""

from __future__ import annotations

from bot.services.messages import (
    ActionRequest,
    ApprovalRequest,
    BreachAlert,
    EscalationNotice,
    Help,
    HygieneSummary,
    IcoReminder,
    Outgoing,
    PartialAlert,
    PrivateWarning,
    Question,
    RegisterSummary,
    Text,
)

_STATUS_WORDS = {
    "reported": "waiting for acknowledgement",
    "acknowledged": "acknowledged",
    "high_risk": "HIGH RISK",
    "handed_over": "handed over",
    "escalated": "escalated, waiting for acknowledgement",
}


def _alert_lines(alert: BreachAlert) -> list[str]:
    b = alert.breach
    service = b.service.value.capitalize() if b.service else "Unknown service"
    late = b.report_minutes_late
    timing = "within the hour" if late == 0 else f"{late} min late"
    if late is None:
        timing = "not known"
    systems = ", ".join(s.value for s in b.systems) or "not given"
    head = f"Breach {alert.reference} — {service}"
    if b.incomplete:
        head += " — INCOMPLETE (the reporter stopped answering)"
    lines = [
        head,
        f"  Status: {_STATUS_WORDS.get(alert.status.value, alert.status.value)}",
        f"  Discovered: {alert.discovered} · Reported: {alert.reported} ({timing})",
        f"  Systems: {systems}",
        f"  Summary: {alert.summary}",
        f"  Clock: {alert.clock}",
        f"  With: {alert.owner or 'nobody yet'}",
    ]
    if alert.stage is not None:
        stage = alert.stage
        lines.append(
            f"  Stage: {stage.name}" + (f"; next: {stage.next_due}" if stage.next_due else "")
        )
        lines.extend(f"  {name}: {state}" for name, state in stage.clocks)
    lines.extend(f"  · {line}" for line in alert.history)
    return lines


def render_text(message: Outgoing) -> str:
    """``message`` as plain text (numbered choices for questions)."""
    match message:
        case Text(text=text):
            return text
        case Question(reply=reply):
            return reply.as_plain_text()
        case BreachAlert():
            return "\n".join(_alert_lines(message))
        case EscalationNotice():
            head = f"Escalated to you ({message.recipient_role}): {message.reason}"
            return "\n".join([head, *_alert_lines(message.alert)])
        case IcoReminder():
            return (
                f"ICO reminder for {message.reference} ({message.service}): "
                f"{message.hours_elapsed} h since the organisation became aware. "
                f"The ICO must be told by {message.deadline_label} ({message.time_left}).\n"
                f"  Summary: {message.summary}"
            )
        case Help(text=text):
            return text
        case RegisterSummary():
            return _register_text(message)
        case HygieneSummary():
            lines = [f"Name warnings, {message.period}:"]
            for week in message.weeks:
                counts = ", ".join(f"{name}: {n}" for name, n in week.counts) or "none"
                lines.append(f"  {week.week}: {counts}")
            return "\n".join(lines)
        case PrivateWarning():
            kinds = ", ".join(message.entity_types) or "identifying details"
            return (
                f"Your message in {message.place} seems to identify a client ({kinds}). "
                f"Please use initials. Suggested: {message.suggested_rewrite}"
            )
        case PartialAlert():
            return (
                f"The reporter of partial report {message.reference} went silent again. "
                f"What they have said so far: {message.summary}"
            )
        case ActionRequest():
            state = "done" if message.done else "to do"
            return (
                f"Action {message.number} on {message.reference} ({message.kind}), from "
                f"{message.requested_by}: {message.text} [{state}]"
            )
        case ApprovalRequest():
            lines = [f"Please approve the post-breach report of {message.alert.reference}:"]
            lines += [f"  {label}: {text}" for label, text in message.summary]
            if message.decided:
                lines.append(f"  Decision: {message.decided}")
            return "\n".join(lines)
    raise TypeError(f"cannot render {type(message).__name__}")


def _register_text(summary: RegisterSummary) -> str:
    if not summary.rows:
        return f"No open breaches ({summary.as_of_label})."
    lines = [f"Open breaches ({summary.as_of_label}):"]
    for row in summary.rows:
        flag = " (incomplete)" if row.incomplete else ""
        status = _STATUS_WORDS.get(row.status.value, row.status.value)
        lines.append(
            f"  {row.reference}{flag} — {row.service} — {status} — {row.clock} — {row.owner}"
        )
    return "\n".join(lines)
