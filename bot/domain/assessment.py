"""The DPO's assessment (policy 2b), investigation (policy 6) and closure (policy 7b)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.errors import BreachError
from bot.domain.values import Actor


class DataType(StrEnum):
    """Kinds of data a breach can involve."""

    PERSONAL = "personal"
    SPECIAL_CATEGORY = "special_category"
    CRIMINAL_RECORDS = "criminal_records"
    CHILDREN = "children"


DATA_TYPE_LABELS: dict[DataType, str] = {
    DataType.PERSONAL: "personal data",
    DataType.SPECIAL_CATEGORY: "special category data (e.g. health)",
    DataType.CRIMINAL_RECORDS: "criminal records data",
    DataType.CHILDREN: "children's data",
}
"""How each data type reads in reports."""


class SubjectCategory(StrEnum):
    """Kinds of people whose data a breach involves (the ICO asks for these)."""

    CLIENTS = "clients"
    CHILDREN_IN_CARE = "children_in_care"
    STAFF = "staff"
    RELATIVES = "relatives"
    OTHER = "other"


SUBJECT_LABELS: dict[SubjectCategory, str] = {
    SubjectCategory.CLIENTS: "adult care clients",
    SubjectCategory.CHILDREN_IN_CARE: "children in our care",
    SubjectCategory.STAFF: "staff",
    SubjectCategory.RELATIVES: "relatives and representatives",
    SubjectCategory.OTHER: "other people",
}
"""How each category of data subject reads in reports."""


@dataclass(frozen=True, slots=True)
class AffectedCount:
    """How many people a breach affects.

    Attributes:
        count: The number of individuals.
        estimated: True when ``count`` is an estimate rather than an exact figure.
    """

    count: int
    estimated: bool = False

    def __post_init__(self) -> None:
        if self.count < 0:
            raise BreachError("the number of individuals affected cannot be negative")

    def describe(self) -> str:
        """``"3"`` or ``"about 40 (estimate)"``."""
        return f"about {self.count} (estimate)" if self.estimated else str(self.count)


def _require_text(value: str, what: str) -> None:
    if not value.strip():
        raise BreachError(f"{what} is required")


@dataclass(frozen=True, slots=True)
class Assessment:
    """The DPO's initial assessment of a breach (policy 2b).

    Attributes:
        data_types: Kinds of data involved (at least one).
        individuals: How many people are affected.
        likely_impact: Likely consequences for the people affected.
        high_risk: Whether the breach is high risk (ICO-reportable).
        rationale: Why it is (or is not) high risk.
        by: The assessor.
        at: When the assessment was recorded.
        subjects: Kinds of people affected (empty when not recorded).
    """

    data_types: frozenset[DataType]
    individuals: AffectedCount
    likely_impact: str
    high_risk: bool
    rationale: str
    by: Actor
    at: datetime
    subjects: frozenset[SubjectCategory] = frozenset()

    def __post_init__(self) -> None:
        if not self.data_types:
            raise BreachError("choose at least one data type")
        _require_text(self.likely_impact, "the likely impact")
        _require_text(self.rationale, "a rationale for the risk decision")


@dataclass(frozen=True, slots=True)
class Investigation:
    """Root-cause analysis and post-breach findings (policy 6).

    Attributes:
        root_cause: Why the breach happened.
        lessons_learned: What the organisation learned.
        recommended_changes: Changes to policy, training or systems (may be "none").
        by: The investigator.
        at: When the findings were recorded.
    """

    root_cause: str
    lessons_learned: str
    recommended_changes: str
    by: Actor
    at: datetime

    def __post_init__(self) -> None:
        _require_text(self.root_cause, "the root cause")
        _require_text(self.lessons_learned, "the lessons learned")
        _require_text(self.recommended_changes, "the recommended changes")


@dataclass(frozen=True, slots=True)
class Closure:
    """How and when a breach was closed (policy 7b).

    Attributes:
        at: When it was closed.
        by: Who closed it.
        outcome: The outcome recorded in the register.
    """

    at: datetime
    by: Actor
    outcome: str
