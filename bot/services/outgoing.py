"""Outgoing messages, front-end neutral: domain data and display-ready strings.

Re-exported by ``bot.services.messages``; import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

from bot.domain.breach import Breach
from bot.domain.commands import Command
from bot.domain.conversation import PartialReport, Reply
from bot.domain.organisation import Person
from bot.domain.records import AlertStatus

if TYPE_CHECKING:
    from bot.services.stage import Stage


@dataclass(frozen=True, slots=True)
class Text:
    """A plain message."""

    text: str


@dataclass(frozen=True, slots=True)
class Question:
    """A message of the ``/breach`` conversation: text, choices and navigation buttons."""

    reply: Reply


@dataclass(frozen=True, slots=True)
class BreachAlert:
    """A breach as the DPO alert card shows it; safe to post in a channel.

    Attributes:
        breach: The breach (its free text must not be shown in a channel: use ``summary``).
        status: Where the alert stands.
        summary: What happened, with identifiers masked by the detector.
        clock: The clock that matters now, e.g. ``"22 min left in the 1-hour window"``.
        discovered: Display time, e.g. ``"Mon 10 Nov, 09:15"`` (``"not given"`` if unknown).
        reported: Display time of the report.
        owner: Who has it now, e.g. ``"Rhiannon Williams (DPO Adults)"``.
        history: What happened to the alert, oldest first (``"Acknowledged by ... at 10:42"``).
        stage: Where the breach is in the procedure: what is due next, the clocks and the
            steps the card offers (``None``: only the alert's own buttons).
    """

    breach: Breach = field(repr=False)
    status: AlertStatus
    summary: str = field(repr=False)
    clock: str
    discovered: str
    reported: str
    owner: str
    history: tuple[str, ...] = ()
    stage: Stage | None = None

    @property
    def reference(self) -> str:
        """The register reference."""
        return self.breach.label


@dataclass(frozen=True, slots=True)
class EscalationNotice:
    """An unacknowledged breach sent to the next person in the routing chain."""

    alert: BreachAlert
    reason: str
    recipient: Person
    recipient_role: str


@dataclass(frozen=True, slots=True)
class IcoReminder:
    """A reminder of the ICO 72-hour clock on a high-risk breach."""

    reference: str
    service: str
    hours_elapsed: int
    deadline: datetime
    deadline_label: str
    time_left: str
    summary: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Help:
    """The help text, generated from the command declarations."""

    officer: bool
    commands: tuple[Command, ...]
    text: str


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One open breach on the ``/register`` summary."""

    reference: str
    service: str
    status: AlertStatus
    clock: str
    owner: str = ""
    incomplete: bool = False


@dataclass(frozen=True, slots=True)
class RegisterSummary:
    """Open breaches with their clocks (``/register``)."""

    as_of: datetime
    as_of_label: str
    rows: tuple[RegisterEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class HygieneWeekCounts:
    """Warnings in one week, per channel (channel name → count)."""

    week: str
    counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class HygieneSummary:
    """Name warnings per channel and week (``/hygiene``), newest week first."""

    period: str
    weeks: tuple[HygieneWeekCounts, ...] = ()


@dataclass(frozen=True, slots=True)
class PrivateWarning:
    """A private warning to the author of a message that seems to identify a client.

    Attributes:
        warning_id: Id of the stored hygiene event (card buttons send it back).
        place: Where the message was posted, e.g. ``"Adults – Rota channel"``.
        entity_types: Detector entity types found (never the identifiers themselves).
        suggested_rewrite: The message with identifiers replaced by initials.
        can_record_breach: Offer "Record as a breach" (the author is an officer).
    """

    warning_id: str
    place: str
    entity_types: tuple[str, ...]
    suggested_rewrite: str = field(repr=False)
    can_record_breach: bool = False


@dataclass(frozen=True, slots=True)
class PartialAlert:
    """A reporter went silent again after an earlier partial report was filed."""

    reference: str
    partial: PartialReport = field(repr=False)
    summary: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ActionRequest:
    """A containment or remediation action given to someone (IT support), with Done.

    Attributes:
        reference: The breach.
        number: The action's number on the breach (1-based).
        text: What to do (a private message: it may name what the breach involved).
        kind: ``"containment"`` or ``"remediation"``.
        requested_by: Who added it.
        done: Whether it is done already (a redelivered request shows that).
    """

    reference: str
    number: int
    text: str = field(repr=False)
    kind: str
    requested_by: str
    done: bool = False


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    """The post-breach report's summary for the SIRO, to approve or send back.

    Attributes:
        alert: The breach as its card shows it.
        summary: The report's summary lines (label, text), masked for a 1:1 chat.
        decided: The SIRO's decision so far (``""`` while waiting).
    """

    alert: BreachAlert
    summary: tuple[tuple[str, str], ...] = field(repr=False)
    decided: str = ""


Outgoing: TypeAlias = (
    Text
    | Question
    | BreachAlert
    | EscalationNotice
    | IcoReminder
    | Help
    | RegisterSummary
    | HygieneSummary
    | PrivateWarning
    | PartialAlert
    | ActionRequest
    | ApprovalRequest
)
"""Every message the bot sends, front-end neutral."""
