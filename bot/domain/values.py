"""Small value types a breach is made of: services, states, systems, people and actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.errors import BreachError


class Service(StrEnum):
    """The organisation's two services; each has its own DPO."""

    ADULTS = "adults"
    CHILDREN = "children"


class BreachState(StrEnum):
    """Where a breach is in its lifecycle."""

    DRAFT = "draft"
    REPORTED = "reported"
    ACKNOWLEDGED = "acknowledged"
    ASSESSED = "assessed"
    CLOSED = "closed"


OPEN_STATES = frozenset({BreachState.REPORTED, BreachState.ACKNOWLEDGED, BreachState.ASSESSED})
"""States of a breach that a DPO still has to work on."""


class System(StrEnum):
    """Systems a breach can involve (policy: Systems and Data Storage)."""

    BIRDIE = "Birdie"
    CLEARCARE = "ClearCare"
    ORTA = "Orta"
    ONEDRIVE = "OneDrive"
    TEAMS = "Teams"
    WHATSAPP = "WhatsApp"
    EMAIL = "email"
    PAPER = "paper"
    OTHER = "other"

    @classmethod
    def parse(cls, text: str) -> System:
        """Parse a system name case-insensitively (``"clearcare"`` → ``ClearCare``).

        Raises:
            BreachError: when the name is not a known system.
        """
        wanted = text.strip().casefold()
        for member in cls:
            if member.value.casefold() == wanted:
                return member
        known = ", ".join(m.value for m in cls)
        raise BreachError(f"unknown system; choose from: {known}")


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone who does something to a breach, identified by their sign-in name (UPN).

    Attributes:
        upn: User principal name, e.g. ``jo.bloggs@example.org``; ``system`` for CareGuard.
        name: Display name.
    """

    upn: str
    name: str

    def __post_init__(self) -> None:
        if not self.upn.strip():
            raise BreachError("an actor needs a sign-in name (UPN)")


SYSTEM_ACTOR = Actor(upn="system", name="CareGuard")
"""The actor recorded for changes CareGuard makes by itself (timeouts, escalations)."""


class ActionKind(StrEnum):
    """Containment stops the breach spreading; remediation stops it happening again."""

    CONTAINMENT = "containment"
    REMEDIATION = "remediation"


class ActionOwner(StrEnum):
    """Who does an action (policy 3 and 4: IT support for technical steps)."""

    IT = "it"
    DPO = "dpo"
    MANAGER = "manager"


ACTION_OWNER_LABELS: dict[ActionOwner, str] = {
    ActionOwner.IT: "IT support",
    ActionOwner.DPO: "the DPO",
    ActionOwner.MANAGER: "the manager",
}


@dataclass(frozen=True, slots=True)
class Action:
    """A containment or remediation step (policy 3 and 4).

    Attributes:
        kind: Containment or remediation.
        text: What was or will be done (free text; may hold personal data).
        by: Who recorded it.
        at: When it was recorded (UTC).
        completed_at: When it was done; ``None`` while the action is still open.
        owner: Who does it.
        completed_by: Who marked it done.
        note: What they said when marking it done (free text).
    """

    kind: ActionKind
    text: str
    by: Actor
    at: datetime
    completed_at: datetime | None = None
    owner: ActionOwner = ActionOwner.DPO
    completed_by: Actor | None = None
    note: str | None = None

    @property
    def is_open(self) -> bool:
        """True while the action still has to be done."""
        return self.completed_at is None


@dataclass(frozen=True, slots=True)
class IcoDecision:
    """Whether the ICO was notified; every breach gets a decision, reportable or not.

    Attributes:
        notified: True when the ICO was notified.
        by: Who decided.
        at: When the decision was recorded (and, if notified, when the ICO was told).
        reason: Why the ICO was not notified (required when ``notified`` is False).
        ico_reference: The ICO's case reference, when one was given.
    """

    notified: bool
    by: Actor
    at: datetime
    reason: str | None = None
    ico_reference: str | None = None


@dataclass(frozen=True, slots=True)
class IndividualsDecision:
    """Whether the people affected were told (policy 5c: "without undue delay").

    Attributes:
        informed: True when they were told.
        by: Who recorded it.
        at: When they were told (or when it was decided not to tell them).
        how: How they were told (letter, phone, visit...), when informed.
        reason: Why not, when not informed (required then).
    """

    informed: bool
    by: Actor
    at: datetime
    how: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    """The SIRO's decision on a post-breach report (policy 7: "SIRO approves").

    Attributes:
        approved: True when approved; False when sent back to the DPO.
        by: The SIRO.
        at: When.
        note: What the SIRO said (required when sending back).
    """

    approved: bool
    by: Actor
    at: datetime
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Reopening:
    """A closed breach opened again.

    Attributes:
        at: When it was reopened.
        by: Who reopened it.
        reason: Why (required).
        previous_closed_at: When it had been closed.
    """

    at: datetime
    by: Actor
    reason: str
    previous_closed_at: datetime
