"""What the cards show: small, plain view objects the bot fills from domain objects.

Every string here is already fit to show in a channel: times are display strings
("Mon 10 Nov, 09:15"), the breach summary is already masked by the detector. Card builders
never see client names, so they cannot leak them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BreachState(StrEnum):
    """Where a breach alert stands, as shown on its card."""

    REPORTED = "reported"
    ACKNOWLEDGED = "acknowledged"
    HIGH_RISK = "high_risk"
    HANDED_OVER = "handed_over"
    ESCALATED = "escalated"
    ASSESSED = "assessed"
    CLOSED = "closed"


class Verb(StrEnum):
    """``Action.Execute`` verbs the bot handles (``activity.value.action.verb``)."""

    ACKNOWLEDGE = "breach.acknowledge"
    MARK_HIGH_RISK = "breach.mark_high_risk"
    HAND_OVER = "breach.hand_over"
    DETAILS = "breach.details"
    NOTIFY_SIRO = "breach.notify_siro"
    ICO_PACK = "breach.ico_pack"
    REQUEST_APPROVAL = "breach.request_approval"
    APPROVE = "breach.approve"
    ACTION_DONE = "breach.action_done"
    WARNING_EDITED = "warning.edited"
    WARNING_NOT_CLIENT_DATA = "warning.not_client_data"
    WARNING_TO_BREACH = "warning.record_breach"


@dataclass(frozen=True)
class StepView:
    """A button for the breach's stage: one click (``verb``) or a form in a dialog (``form``).

    Attributes:
        title: The button's words.
        verb: The ``Action.Execute`` verb of a one-click step.
        form: The form a dialog opens (``task/fetch``), e.g. ``"assess"``.
        style: ``"positive"``, ``"destructive"`` or ``None``.
    """

    title: str
    verb: str = ""
    form: str = ""
    style: str | None = None


@dataclass(frozen=True)
class StageView:
    """Where the breach is in the procedure.

    Attributes:
        name: The stage, e.g. "ICO decision".
        next_due: What is due next, e.g. "tell the ICO and record it (due Thu 14:05, 31 h left)".
        clocks: (clock, state) pairs, e.g. ("ICO (72 h)", "due Thu 14:05, 31 h left").
        steps: The stage's buttons; the bot checks who may take each one when pressed.
    """

    name: str
    next_due: str
    clocks: tuple[tuple[str, str], ...] = ()
    steps: tuple[StepView, ...] = ()


@dataclass(frozen=True)
class BreachAlertView:
    """One breach as its DPO alert card shows it.

    Attributes:
        reference: Register reference, e.g. "BR-2026-0042".
        service: "Adults" or "Children".
        discovered: When it was discovered, e.g. "Mon 10 Nov, 09:15".
        reported: When it was reported, e.g. "Mon 10 Nov, 09:38".
        within_hour: Whether it was reported within 1 hour of discovery.
        systems: Systems involved, e.g. ("Birdie", "WhatsApp"). Only the policy's known
            systems are shown by name; anything else (free text) is shown as "Other".
        summary: What happened, with identifiers already masked.
        clock: The clock that matters now, e.g. "22 min left in the 1-hour window" or
            "ICO deadline Thu 13 Nov, 09:15 (61 h left)".
        state: Where the breach stands.
        owner: Who is responsible now, e.g. "R. Williams (DPO Adults)"; empty if unknown.
        history: What happened to the alert, oldest first, e.g.
            ("Acknowledged by R. Williams at 10:42",).
        incomplete: The reporter stopped answering; the card shows what was captured.
        stage: Stage, next step, clocks and the stage's buttons (``None``: the alert's own).
    """

    reference: str
    service: str
    discovered: str
    reported: str
    within_hour: bool
    systems: tuple[str, ...]
    summary: str
    clock: str
    state: BreachState
    owner: str = ""
    history: tuple[str, ...] = ()
    incomplete: bool = False
    stage: StageView | None = None


@dataclass(frozen=True)
class EscalationView:
    """An unacknowledged breach handed to the next person in the routing chain.

    Attributes:
        alert: The breach as it stands.
        reason: Why it came to this person, e.g. "Not acknowledged within 15 minutes by
            R. Williams (DPO Adults)".
        recipient_role: The recipient's role, e.g. "DPO Children" or "SIRO".
    """

    alert: BreachAlertView
    reason: str
    recipient_role: str


@dataclass(frozen=True)
class IcoReminderView:
    """A reminder of the ICO 72-hour clock on a high-risk breach.

    Attributes:
        reference: Register reference.
        service: "Adults" or "Children".
        hours_elapsed: Hours since the breach was discovered (24, 48 or 66).
        deadline: The ICO deadline, e.g. "Thu 13 Nov, 09:15".
        time_left: e.g. "6 h left".
        summary: Masked summary.
    """

    reference: str
    service: str
    hours_elapsed: int
    deadline: str
    time_left: str
    summary: str


@dataclass(frozen=True)
class NameWarningView:
    """A private warning to the author of a message that seems to identify a client.

    Attributes:
        warning_id: Opaque id of the stored hygiene event (for the buttons).
        place: Where the message was posted, e.g. "Adults – Rota channel".
        entity_types: Detector entity type codes ("PERSON", "PHONE_NUMBER"...). The card
            shows them in plain words from a fixed table; an unknown code is shown as
            "other identifying details", never echoed, so an identifier passed here by
            mistake cannot reach the screen.
        suggested_rewrite: The message with identifiers replaced by initials.
        can_record_breach: Show "Record as a breach" (the author is a DPO).
    """

    warning_id: str
    place: str
    entity_types: tuple[str, ...]
    suggested_rewrite: str
    can_record_breach: bool = False


@dataclass(frozen=True)
class RegisterRow:
    """One open breach on the ``/register`` summary."""

    reference: str
    service: str
    state: BreachState
    clock: str
    owner: str = ""


@dataclass(frozen=True)
class RegisterView:
    """Open breaches with their clocks (``/register``)."""

    as_of: str
    rows: tuple[RegisterRow, ...] = ()


@dataclass(frozen=True)
class HygieneWeek:
    """Warnings in one week, per channel (channel name → count)."""

    week: str
    counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class HygieneView:
    """Name warnings per channel and week (``/hygiene``), newest week first."""

    period: str
    weeks: tuple[HygieneWeek, ...] = field(default=())


@dataclass(frozen=True)
class ActionRequestView:
    """A containment or remediation action given to IT support, in their 1:1 chat.

    Attributes:
        reference: The breach.
        number: The action's number on the breach (1-based).
        text: What to do (a 1:1 chat: the DPO's words, as written).
        kind: "containment" or "remediation".
        requested_by: Who added it.
        done: Already done (the card then shows so and has no button).
    """

    reference: str
    number: int
    text: str
    kind: str
    requested_by: str
    done: bool = False


@dataclass(frozen=True)
class ApprovalView:
    """The post-breach report's summary for the SIRO, with Approve and Send back.

    Attributes:
        alert: The breach as its alert card shows it.
        summary: (label, text) lines of the report, already masked.
        decided: "approved" or "sent back" once decided; "" while waiting.
    """

    alert: BreachAlertView
    summary: tuple[tuple[str, str], ...] = ()
    decided: str = ""
