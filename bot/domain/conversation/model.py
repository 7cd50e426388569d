"""Value types of the ``/breach`` report conversation: keys, turns, answers and state.

Free text a reporter types (where, what happened, what was done) may carry personal
data, so those fields are excluded from ``repr``: a state or report that ends up in a
log line or a traceback never shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal, TypeAlias

ServiceName: TypeAlias = Literal["adults", "children"]
"""The organisation's two services (same values as the breach domain's ``Service``)."""

SERVICES: tuple[ServiceName, ...] = ("adults", "children")

LONDON = "Europe/London"
"""The organisation's time zone: every time a reporter types or sees is London time."""


class Step(StrEnum):
    """The questions of the conversation, in the order they are asked."""

    DISCOVERED = "discovered"
    SERVICE = "service"
    LOCATION = "location"
    SYSTEMS = "systems"
    OTHER_SYSTEM = "other_system"
    DESCRIPTION = "description"
    CONTAINMENT = "containment"
    SUMMARY = "summary"
    CHANGE = "change"
    SUBMITTED = "submitted"
    CANCELLED = "cancelled"


QUESTION_ORDER: tuple[Step, ...] = (
    Step.DISCOVERED,
    Step.SERVICE,
    Step.LOCATION,
    Step.SYSTEMS,
    Step.DESCRIPTION,
    Step.CONTAINMENT,
)
"""The main questions; ``OTHER_SYSTEM`` is a follow-up of ``SYSTEMS`` only when needed."""

REQUIRED_STEPS = frozenset({Step.DISCOVERED, Step.SERVICE, Step.DESCRIPTION})
"""Questions that cannot be skipped: the DPO cannot route or assess a report without them."""

FINISHED_STEPS = frozenset({Step.SUBMITTED, Step.CANCELLED})


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Which conversation a turn belongs to: one report per user per chat per channel.

    Attributes:
        channel: Front-end, e.g. ``"msteams"``, ``"whatsapp"`` or ``"console"``.
        conversation_id: The chat's id on that channel.
        user_id: The reporter's id on that channel.
    """

    channel: str
    conversation_id: str
    user_id: str

    def as_text(self) -> str:
        """One string for a database key; ids are opaque, so the separator is escaped."""
        parts = (self.channel, self.conversation_id, self.user_id)
        return "|".join(p.replace("\\", "\\\\").replace("|", "\\|") for p in parts)


@dataclass(frozen=True, slots=True)
class Reporter:
    """The person reporting, as the organisation knows them.

    Attributes:
        upn: Sign-in name (user principal name), e.g. ``sam.carer@example.org``.
        name: Display name.
    """

    upn: str
    name: str


@dataclass(frozen=True, slots=True)
class ReporterContext:
    """What the front-end knows about the reporter when a turn arrives.

    Attributes:
        reporter: Who is typing.
        default_service: The service of the team the report started from, or the
            reporter's own service from the organisation file; ``None`` if unknown.
        timezone: IANA time zone for reading and showing times.
    """

    reporter: Reporter
    default_service: ServiceName | None = None
    timezone: str = LONDON


@dataclass(frozen=True, slots=True)
class NameCheck:
    """What the name detector found in a turn's text (filled by the services layer).

    The domain cannot run the detector, so a front-end scans the text before dispatch
    when ``wants_name_check`` says the answer will be read (see ``flow``).

    Attributes:
        full_name: True when the text contains a client's full name (a person finding
            of two or more words).
        rewrite: The detector's suggested rewrite of the whole (stripped) text, with
            persons as initials; ``None`` when it has none.
    """

    full_name: bool
    rewrite: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Turn:
    """One incoming message or button press.

    Attributes:
        text: What the user typed (empty for a pure button press).
        value: The ``Choice.value`` of a pressed button, if any.
        values: The values ticked in a multi-select card, if it was submitted; ``text``
            then holds the card's free-text field (the "other" system, or other
            containment steps).
        names: The name detector's verdict on ``text``, when the front-end ran it.
    """

    text: str = field(default="", repr=False)
    value: str | None = None
    values: tuple[str, ...] | None = None
    names: NameCheck | None = None

    @property
    def answer(self) -> str:
        """The answer as one string: a button value wins over typed text."""
        if self.values is not None:
            return ", ".join(self.values)
        return self.value if self.value is not None else self.text


@dataclass(frozen=True, slots=True)
class Answers:
    """Everything the reporter has said so far; ``None`` or empty means not (yet) given.

    Attributes:
        discovered_at: When the breach was discovered, in UTC.
        service: Adults or children.
        location: Where it happened (free text).
        systems: Systems involved, canonical names (``"Birdie"``, ``"email"``, ...).
        other_system: What "other" system was involved (free text).
        description: What happened (free text).
        containment: Containment steps chosen from the list (codes).
        containment_notes: Other containment steps in the reporter's words.
    """

    discovered_at: datetime | None = None
    service: ServiceName | None = None
    location: str | None = field(default=None, repr=False)
    systems: tuple[str, ...] = ()
    other_system: str | None = field(default=None, repr=False)
    description: str | None = field(default=None, repr=False)
    containment: tuple[str, ...] = ()
    containment_notes: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class RewriteOffer:
    """The detector's initials version of an answer, offered once; "initials" takes it.

    Attributes:
        step: The question whose answer it rewrites (``LOCATION`` or ``DESCRIPTION``).
        start: Where the rewritten message starts in that answer (0 unless it was the
            rest of a long answer, appended).
        text: The rewritten message.
    """

    step: Step
    start: int
    text: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ConversationState:
    """Where one report conversation is. Stored after every turn (see ``serialise``).

    Attributes:
        key: Which conversation this is.
        reporter: Who is reporting.
        step: The question waiting for an answer.
        answers: What has been captured so far.
        started_at: When ``/breach`` was typed (UTC).
        updated_at: When the reporter last said something (UTC); drives the timeout.
        default_service: The service suggested from the team or the reporter.
        timezone: IANA zone for reading and showing times.
        editing: True when a question was reopened from the summary, so that the
            answer leads back to the summary instead of the next question.
        abandoned_at: When the DPO was sent the partial report after the latest
            silence; cleared when the reporter comes back (and told about the alert).
        partial_sent: True once any partial report went to the DPO (stays True).
        time_alternative: The other reading of an ambiguous discovery time ("half 5":
            05:30 when 17:30 was taken); the next message may pick it in one word.
        names_reminded: True once the reporter was reminded to use initials (once
            per report).
        rewrite_offer: The initials version offered with that reminder, until the
            next message.
        continuing: True when the current answer was too long for one message: the
            next message is added to it.
    """

    key: ConversationKey
    reporter: Reporter
    step: Step
    answers: Answers
    started_at: datetime
    updated_at: datetime
    default_service: ServiceName | None = None
    timezone: str = LONDON
    editing: bool = False
    abandoned_at: datetime | None = None
    partial_sent: bool = False
    time_alternative: datetime | None = None
    names_reminded: bool = False
    rewrite_offer: RewriteOffer | None = None
    continuing: bool = False

    @property
    def finished(self) -> bool:
        """True once the report was submitted or cancelled: the store may delete it."""
        return self.step in FINISHED_STEPS


@dataclass(frozen=True, slots=True)
class SubmittedReport:
    """A complete report, ready for the breach register.

    Attributes:
        reporter: Who reported it.
        discovered_at: When it was discovered (UTC).
        reported_at: When the reporter confirmed the summary (UTC).
        service: Adults or children: decides the DPO.
        location: Where it happened, ``None`` if skipped.
        systems: Systems involved (canonical names), empty if skipped.
        other_system: The "other" system in the reporter's words, if given.
        description: What happened.
        containment: Containment steps chosen from the list (codes).
        containment_notes: Other containment steps in the reporter's words.
        minutes_late: Whole minutes past the 1-hour window; 0 when within it.
        resumed_after_alert: True when the DPO already had a partial report.
    """

    reporter: Reporter
    discovered_at: datetime
    reported_at: datetime
    service: ServiceName
    location: str | None = field(repr=False)
    systems: tuple[str, ...]
    other_system: str | None = field(repr=False)
    description: str = field(repr=False)
    containment: tuple[str, ...]
    containment_notes: str | None = field(repr=False)
    minutes_late: int
    resumed_after_alert: bool = False

    @property
    def within_window(self) -> bool:
        """True when reported within 1 hour of discovery (policy 1a)."""
        return self.minutes_late == 0


@dataclass(frozen=True, slots=True)
class Submitted:
    """Outcome: the reporter confirmed the summary; register the report.

    The register allocates the reference; then send ``submitted_reply(reference, ...)``.
    """

    report: SubmittedReport


@dataclass(frozen=True, slots=True)
class Cancelled:
    """Outcome: the reporter cancelled; nothing is sent.

    Attributes:
        dpo_had_partial: True when the DPO had already been alerted with a partial
            report, so the front-end should tell the DPO it was cancelled.
    """

    dpo_had_partial: bool = False


Outcome: TypeAlias = Submitted | Cancelled
