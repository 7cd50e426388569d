"""Knobs, texts and errors of the name warnings (shared by the service and its callers)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.records import Feedback
from bot.domain.values import Service
from bot.services.hygiene_report import DEFAULT_WEEKS

NUDGE_TEXT = (
    "A reminder for everyone here: please use initials or care plan numbers for clients "
    "in chat, never full names or other identifying details."
)
"""The optional thread nudge: neutral, it repeats nothing of the message or its author."""

THANKS = {
    Feedback.EDITED: "Thanks for editing your message. CareGuard checks the edited version too.",
    Feedback.NOT_CLIENT_DATA: "Thanks, noted: not client data. This helps us improve the checks.",
}
GONE = "This warning is no longer available."
NOT_AUTHOR = "Only the author of the message can answer this warning."
NOT_OFFICER = "Only a DPO, the SIRO or a director can record a warning as a breach."


class HygieneError(Exception):
    """A hygiene request that cannot be done; the message is one line, safe to show."""


@dataclass(frozen=True, slots=True)
class HygieneConfig:
    """Knobs of the name warnings (the composition root fills them from the settings).

    Attributes:
        nudge_in_thread: Also post ``NUDGE_TEXT`` in the thread (off by default).
        place_names: Channel or group-chat id → display name, e.g. ``"Adults – Rota"``.
        service_by_team: Team id → service, for breaches recorded from warnings.
        summary_weeks: How many ISO weeks ``/hygiene`` covers (a quarter by default).
    """

    nudge_in_thread: bool = False
    place_names: Mapping[str, str] = field(default_factory=dict)
    service_by_team: Mapping[str, Service] = field(default_factory=dict)
    summary_weeks: int = DEFAULT_WEEKS
